"""A small ward for the household tests: three groups (two urban, one rural), households
with known answers, surveyors, and a helper that runs a review to its approval."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook

from phuongso.accounts import services as account_services
from phuongso.accounts.models import User
from phuongso.core.models import Commune, ResidentialGroup
from phuongso.households import answer_services, review_services, services
from phuongso.households.models import Household, Relation, ReviewYear

PASSWORD = "Mat-khau-thu-2025"
HEAD_BORN = dt.date(1970, 5, 1)


def person(
    name: str = "Nguyễn Văn An",
    *,
    born: dt.date = HEAD_BORN,
    sex: str = "male",
    relation: str = Relation.HEAD,
    personal_id: str = "",
) -> services.MemberData:
    return services.MemberData(
        full_name=name, birth_date=born, sex=sex, relation=relation, personal_id=personal_id
    )


def make_household(
    commune: Commune,
    group: ResidentialGroup,
    code: str,
    head: str = "Nguyễn Văn An",
    *members: services.MemberData,
) -> Household:
    return services.create_household(
        commune=commune,
        code=code,
        residential_group=group,
        address=f"Số {code}, đường Hùng Vương",
        head=person(head),
        members=members,
        actor=None,
    )


@pytest.fixture
def groups(commune: Commune) -> dict[str, ResidentialGroup]:
    """Tổ 1 Tiên Cát and Tổ 1 Thọ Sơn (urban), Tổ 1 Sông Lô (rural)."""
    by_name = {group.name: group for group in commune.residential_groups.all()}
    return {
        "tien_cat": by_name["Tổ dân phố 1 Tiên Cát"],
        "tho_son": by_name["Tổ dân phố 1 Thọ Sơn"],
        "song_lo": by_name["Tổ dân phố 1 Sông Lô"],
    }


@pytest.fixture
def ward(commune: Commune, groups: dict[str, ResidentialGroup]) -> dict[str, list[Household]]:
    """20 households: 10 in Tiên Cát, 6 in Thọ Sơn, 4 in Sông Lô."""
    sizes = {"tien_cat": 10, "tho_son": 6, "song_lo": 4}
    result: dict[str, list[Household]] = {}
    number = 0
    for key, size in sizes.items():
        result[key] = []
        for _ in range(size):
            number += 1
            result[key].append(
                make_household(commune, groups[key], f"H{number:03d}", f"Trần Văn Hộ {number}")
            )
    return result


@pytest.fixture
def review_year(commune: Commune, ward: dict[str, list[Household]]) -> ReviewYear:
    return review_services.open_review_year(commune=commune, year=2025, actor=None)


def answer(review_year: ReviewYear, household: Household, income: int, *keys: str) -> None:
    answer_services.record_answers(
        review_year=review_year,
        household=household,
        monthly_income_per_person=income,
        deprivations=keys,
        actor=None,
    )


POOR_KEYS = ("health_insurance", "housing_quality", "water")


@pytest.fixture
def answered(review_year: ReviewYear, ward: dict[str, list[Household]]) -> ReviewYear:
    """Every household answered: Tiên Cát 1 poor + 1 near-poor + 1 middle; Thọ Sơn 1 poor;
    Sông Lô (rural line 1.500.000) 1 near-poor; the others comfortable."""
    for households in ward.values():
        for household in households:
            answer(review_year, household, 6_000_000)
    answer(review_year, ward["tien_cat"][0], 1_200_000, *POOR_KEYS)
    answer(review_year, ward["tien_cat"][1], 1_900_000, "health_insurance")
    answer(review_year, ward["tien_cat"][2], 2_500_000)
    answer(review_year, ward["tho_son"][0], 2_000_000, *POOR_KEYS, "sanitation")
    answer(review_year, ward["song_lo"][0], 1_500_000)
    review_year.refresh_from_db()
    return review_year


def run_to_approval(review_year: ReviewYear, *, decision_date: dt.date | None = None) -> ReviewYear:
    review_services.close_survey(review_year=review_year, actor=None)
    group_ids = set(review_year.entries.values_list("residential_group_id", flat=True))
    for group in ResidentialGroup.objects.filter(pk__in=group_ids):
        review_services.record_group_meeting(
            review_year=review_year,
            residential_group=group,
            held_on=timezone.localdate(),
            attendees=30,
            actor=None,
        )
    return review_services.approve_review(
        review_year=review_year,
        decision_number="15/QĐ-UBND",
        decision_date=decision_date or timezone.localdate(),
        actor=None,
    )


@pytest.fixture
def surveyor(db) -> User:
    """A residential group's leader with an account but no staff role."""
    return account_services.register_citizen(
        full_name="Tổ trưởng Tiên Cát", password=PASSWORD, phone="+84912000011"
    )


@pytest.fixture
def other_surveyor(db) -> User:
    return account_services.register_citizen(
        full_name="Tổ trưởng Thọ Sơn", password=PASSWORD, phone="+84912000012"
    )


@pytest.fixture
def assigned(
    review_year: ReviewYear,
    groups: dict[str, ResidentialGroup],
    surveyor: User,
    other_surveyor: User,
) -> ReviewYear:
    review_services.assign_surveyor(
        review_year=review_year, residential_group=groups["tien_cat"], surveyor=surveyor, actor=None
    )
    review_services.assign_surveyor(
        review_year=review_year,
        residential_group=groups["tho_son"],
        surveyor=other_surveyor,
        actor=None,
    )
    return review_year


def survey_workbook(rows: list[list[object]], header: list[str] | None = None) -> BytesIO:
    """A survey sheet for 2025 built by hand (as a surveyor would fill it in)."""
    from phuongso.households.standard import standard_for
    from phuongso.households.workbook import CODE, INCOME, SHEET_TITLE

    standard = standard_for(2025)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(header or [CODE, INCOME, *[item.label for item in standard.indicators]])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "phieu.xlsx"
    return buffer
