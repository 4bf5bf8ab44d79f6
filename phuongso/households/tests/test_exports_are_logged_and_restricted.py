"""Exports of personal data: only for authorised roles, each one logged; a person's data
can be exported for them on request."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from openpyxl import load_workbook

from phuongso.households.models import AccessAction, AccessLog, Member
from phuongso.households.tests.conftest import make_household, person

pytestmark = pytest.mark.django_db


def test_the_review_list_is_exported_for_a_social_affairs_official_and_logged(
    client, specialist, answered
) -> None:
    client.force_login(specialist)
    response = client.get(f"/ho-gia-dinh/ra-soat/{answered.pk}/xuat-excel/")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 21  # header and 20 households
    log = AccessLog.objects.get(action=AccessAction.EXPORT_REVIEW_LIST)
    assert log.user == specialist and log.review_year == answered and log.detail == "20 hộ"


@pytest.mark.parametrize("who", ["other_unit_specialist", "leader", "administrator"])
def test_the_review_list_export_is_refused_to_other_officials_and_the_try_is_logged(
    client, request, answered, who
) -> None:
    official = request.getfixturevalue(who)
    client.force_login(official)
    assert client.get(f"/ho-gia-dinh/ra-soat/{answered.pk}/xuat-excel/").status_code == 403
    assert AccessLog.objects.filter(user=official, action=AccessAction.EXPORT_REFUSED).exists()
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT_REVIEW_LIST).exists()


def test_a_citizen_cannot_export(client, citizen, answered) -> None:
    client.force_login(citizen)
    assert client.get(f"/ho-gia-dinh/ra-soat/{answered.pk}/xuat-excel/").status_code == 403
    assert client.get(f"/ho-gia-dinh/ra-soat/{answered.pk}/phieu-excel/").status_code == 403


def test_the_surveyors_sheet_holds_only_their_group_and_is_logged(
    client, surveyor, assigned, ward
) -> None:
    client.force_login(surveyor)
    response = client.get(f"/ho-gia-dinh/ra-soat/{assigned.pk}/phieu-excel/")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["Phiếu rà soát"]
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {household.code for household in ward["tien_cat"]}
    assert (
        AccessLog.objects.filter(user=surveyor, action=AccessAction.EXPORT_SURVEY_SHEET).count()
        == 1
    )


def test_a_persons_data_is_exported_on_request_and_logged(
    client, specialist, commune, groups, answered, ward
) -> None:
    household = ward["tien_cat"][0]
    client.force_login(specialist)
    member = household.members.get()
    response = client.post(
        "/ho-gia-dinh/du-lieu-ca-nhan/",
        {
            "identifier": str(member.pk),
            "request_reference": "Đơn ngày 05/01/2026",
        },
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["full_name"] == member.full_name
    assert data["household"]["code"] == household.code
    assert data["poverty_reviews"][0]["classification"] == "Hộ nghèo"
    assert data["poverty_reviews"][0]["monthly_income_per_person"] == 1_200_000
    assert {kind["legal_basis"] for kind in data["record_kinds"]}
    log = AccessLog.objects.get(action=AccessAction.EXPORT_PERSON)
    assert log.member == member and log.user == specialist
    assert log.detail == "Theo yêu cầu: Đơn ngày 05/01/2026"


def test_a_person_is_found_by_their_identification_number(
    client, specialist, commune, groups
) -> None:
    make_household(
        commune,
        groups["tien_cat"],
        "H050",
        "Nguyễn Văn Hai",
        person("Lê Thị Ba", sex="female", relation="spouse", personal_id="025170000123"),
    )
    client.force_login(specialist)
    response = client.post(
        "/ho-gia-dinh/du-lieu-ca-nhan/",
        {
            "identifier": "025 170 000 123",
            "request_reference": "Yêu cầu trực tiếp",
        },
    )
    assert json.loads(response.content)["person"]["full_name"] == "Lê Thị Ba"


def test_an_unknown_person_gets_a_clear_message_and_no_log(client, specialist, ward) -> None:
    client.force_login(specialist)
    response = client.post(
        "/ho-gia-dinh/du-lieu-ca-nhan/",
        {
            "identifier": "025099999999",
            "request_reference": "Thử",
        },
    )
    assert "Không tìm thấy người" in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT_PERSON).exists()


@pytest.mark.parametrize("who", ["other_unit_specialist", "counter_officer", "citizen"])
def test_a_persons_export_is_refused_to_other_roles(client, request, ward, who) -> None:
    client.force_login(request.getfixturevalue(who))
    member = Member.objects.first()
    response = client.post(
        "/ho-gia-dinh/du-lieu-ca-nhan/",
        {
            "identifier": str(member.pk),
            "request_reference": "Thử",
        },
    )
    assert response.status_code == 403
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT_PERSON).exists()
