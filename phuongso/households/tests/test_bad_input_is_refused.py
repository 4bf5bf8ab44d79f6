"""Bad input is refused with a clear message, and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from phuongso.households import answer_services, services
from phuongso.households.models import Household, HouseholdEvent, Member, ReviewEntry, ReviewEvent
from phuongso.households.standard import standard_for
from phuongso.households.tests.conftest import make_household, person, survey_workbook
from phuongso.households.workbook import CODE, INCOME, import_survey_workbook

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def counts() -> tuple[int, int, int]:
    return Household.objects.count(), Member.objects.count(), HouseholdEvent.objects.count()


def test_a_member_born_in_the_future_is_refused(commune, groups) -> None:
    household = make_household(commune, groups["tien_cat"], "H001")
    before = counts()
    baby = person("Nguyễn Văn Bé", born=TOMORROW, relation="child")
    with pytest.raises(services.HouseholdError, match="sau ngày hôm nay"):
        services.add_member(household=household, member=baby, kind="birth", actor=None)
    assert counts() == before


def test_a_new_household_whose_head_is_born_in_the_future_is_not_created(commune, groups) -> None:
    with pytest.raises(services.HouseholdError, match="trong tương lai"):
        services.create_household(
            commune=commune,
            code="H009",
            residential_group=groups["tien_cat"],
            address="Số 9",
            head=person(born=TOMORROW),
            actor=None,
        )
    assert counts() == (0, 0, 0)


def test_the_form_shows_the_future_birth_and_saves_nothing(
    client, specialist, commune, groups
) -> None:
    household = make_household(commune, groups["tien_cat"], "H001")
    client.force_login(specialist)
    before = counts()
    response = client.post(
        f"/ho-gia-dinh/{household.pk}/bien-dong/",
        {
            "bien_dong": "member",
            "member-kind": "birth",
            "member-full_name": "Nguyễn Văn Bé",
            "member-birth_date": TOMORROW.isoformat(),
            "member-sex": "male",
            "member-relation": "child",
        },
    )
    assert response.status_code == 200
    assert "không thể ghi người sinh trong tương lai" in response.content.decode()
    assert counts() == before


def test_a_duplicate_household_code_is_refused(commune, groups) -> None:
    make_household(commune, groups["tien_cat"], "H001")
    before = counts()
    with pytest.raises(services.HouseholdError, match="Mã hộ 'H001' đã có"):
        make_household(commune, groups["tho_son"], "H001", "Lê Thị Hai")
    assert counts() == before


def test_a_duplicate_code_in_a_batch_registers_nothing(commune, groups) -> None:
    batch = [
        services.NewHousehold("H100", groups["tien_cat"], "Số 1", (person(),)),
        services.NewHousehold("H100", groups["tien_cat"], "Số 2", (person("Lê Văn Hai"),)),
    ]
    with pytest.raises(services.HouseholdError, match="bị trùng"):
        services.register_households(commune=commune, households=batch, actor=None)
    assert counts() == (0, 0, 0)


def test_a_personal_id_inconsistent_with_sex_and_birth_year_is_refused(commune, groups) -> None:
    with pytest.raises(services.HouseholdError, match="giới tính"):
        services.create_household(
            commune=commune,
            code="H002",
            residential_group=groups["tien_cat"],
            address="Số 2",
            head=person(personal_id="025170000001"),
            actor=None,  # 1 = female, born 1970
        )
    assert counts() == (0, 0, 0)


def _answers_saved(review_year) -> int:
    return review_year.entries.exclude(surveyed_at=None).count()


def test_an_excel_file_with_a_missing_column_is_refused(review_year, ward) -> None:
    labels = [item.label for item in standard_for(2025).indicators]
    header = [CODE, INCOME, *labels[:-1]]  # no "Phương tiện phục vụ tiếp cận thông tin"
    rows = [["H001", 1_000_000, *["Không"] * (len(labels) - 1)]]
    result = import_survey_workbook(
        review_year=review_year, file=survey_workbook(rows, header), actor=None
    )
    assert result.errors == ["Dòng 1: thiếu cột 'Phương tiện phục vụ tiếp cận thông tin'"]
    assert _answers_saved(review_year) == 0


def test_a_wrong_type_in_row_37_is_refused_and_nothing_is_imported(
    commune, groups, review_year, ward
) -> None:
    extra = [
        services.NewHousehold(f"H{n}", groups["tho_son"], f"Số {n}", (person(f"Hộ {n}"),))
        for n in range(101, 117)
    ]
    services.register_households(commune=commune, households=extra, actor=None)
    codes = [h.code for group in ward.values() for h in group] + [h.code for h in extra]
    blank = ["Không"] * len(standard_for(2025).indicators)
    rows = [[code, 1_000_000, *blank] for code in codes]  # sheet rows 2 to 37
    rows[35][1] = "hai triệu"  # sheet row 37
    result = import_survey_workbook(review_year=review_year, file=survey_workbook(rows), actor=None)
    assert result.errors == [
        f"Dòng 37, cột '{INCOME}': 'hai triệu' không phải là số; ghi số nguyên đồng/người/tháng"
    ]
    assert result.summary() == "Không nhập được: 1 lỗi, chưa có phiếu nào được lưu."
    assert _answers_saved(review_year) == 0
    assert not ReviewEvent.objects.filter(step="answers_imported").exists()


def test_an_answer_with_a_key_of_another_years_standard_saves_nothing(review_year, ward) -> None:
    household = ward["tien_cat"][0]
    with pytest.raises(services.ReviewError, match="waste"):
        answer_services.record_answers(
            review_year=review_year,
            household=household,
            monthly_income_per_person=1_000_000,
            deprivations=["waste"],
            actor=None,
        )
    assert not ReviewEntry.objects.filter(household=household).exclude(surveyed_at=None).exists()


@pytest.mark.parametrize("income", ["một triệu", "-5"])
def test_the_survey_form_refuses_income_as_text_or_negative(
    client, specialist, review_year, ward, income
) -> None:
    household = ward["tien_cat"][0]
    client.force_login(specialist)
    response = client.post(
        f"/ho-gia-dinh/{household.pk}/ra-soat/", {"monthly_income_per_person": income}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ghi số tiền bằng chữ số" in page or "không được là số âm" in page
    assert _answers_saved(review_year) == 0
