"""Only the ward's social-affairs officials and the group's surveyor see a household; every
read of a household's record is logged."""

from __future__ import annotations

import pytest

from phuongso.households.models import AccessAction, AccessLog
from phuongso.households.tests.conftest import run_to_approval

pytestmark = pytest.mark.django_db


def detail(household) -> str:
    return f"/ho-gia-dinh/{household.pk}/"


def test_a_social_affairs_official_opens_any_household_of_the_ward(
    client, specialist, ward
) -> None:
    client.force_login(specialist)
    for households in ward.values():
        assert client.get(detail(households[0])).status_code == 200


def test_the_surveyor_opens_households_of_their_group(client, surveyor, assigned, ward) -> None:
    client.force_login(surveyor)
    assert client.get(detail(ward["tien_cat"][0])).status_code == 200
    assert client.get(f"/ho-gia-dinh/{ward['tien_cat'][0].pk}/ra-soat/").status_code == 200


def test_a_surveyor_of_another_group_gets_404(client, other_surveyor, assigned, ward) -> None:
    client.force_login(other_surveyor)
    household = ward["tien_cat"][0]
    assert client.get(detail(household)).status_code == 404
    assert client.get(f"/ho-gia-dinh/{household.pk}/ra-soat/").status_code == 404
    assert client.get(f"/api/v1/households/{household.pk}").status_code == 404


def test_the_surveyors_search_lists_only_their_group(client, surveyor, assigned, ward) -> None:
    client.force_login(surveyor)
    page = client.get("/ho-gia-dinh/").content.decode()
    assert ward["tien_cat"][0].code in page
    assert ward["tho_son"][0].code not in page


def test_a_citizen_gets_403(client, citizen, ward) -> None:
    client.force_login(citizen)
    household = ward["tien_cat"][0]
    assert client.get("/ho-gia-dinh/").status_code == 403
    assert client.get(detail(household)).status_code == 403
    assert client.get(f"/api/v1/households/{household.pk}").status_code == 403


def test_an_official_of_another_unit_gets_403(
    client, other_unit_specialist, counter_officer, ward
) -> None:
    for official in (other_unit_specialist, counter_officer):
        client.force_login(official)
        assert client.get(detail(ward["tien_cat"][0])).status_code == 403


def test_a_surveyor_no_longer_sees_the_group_once_the_review_is_approved(
    client, surveyor, assigned, answered, ward
) -> None:
    run_to_approval(answered)
    client.force_login(surveyor)
    assert client.get(detail(ward["tien_cat"][0])).status_code == 403


def test_each_read_of_the_record_is_logged_with_who_when_which_and_why(
    client, specialist, ward
) -> None:
    household = ward["tien_cat"][0]
    client.force_login(specialist)
    client.get(detail(household))
    client.get(detail(household))
    logs = AccessLog.objects.filter(household=household, action=AccessAction.VIEW_HOUSEHOLD)
    assert logs.count() == 2
    log = logs.first()
    assert log.user == specialist and log.at is not None and log.household_code == "H001"
    assert "hộ nghèo" in log.purpose and "91/2025/QH15" in log.legal_basis


def test_a_read_through_the_api_is_logged(client, surveyor, assigned, ward) -> None:
    household = ward["tien_cat"][0]
    client.force_login(surveyor)
    response = client.get(f"/api/v1/households/{household.pk}")
    assert response.status_code == 200
    assert response.json()["code"] == household.code
    assert AccessLog.objects.filter(
        user=surveyor, household=household, action=AccessAction.VIEW_HOUSEHOLD_API
    ).exists()


def test_a_refused_read_is_not_served_and_leaves_no_read_log(
    client, other_surveyor, assigned, ward
) -> None:
    client.force_login(other_surveyor)
    client.get(detail(ward["tien_cat"][0]))
    assert not AccessLog.objects.filter(user=other_surveyor).exists()


def test_the_survey_form_is_refused_outside_the_surveyors_group_even_by_post(
    client, other_surveyor, assigned, ward
) -> None:
    client.force_login(other_surveyor)
    response = client.post(
        f"/ho-gia-dinh/{ward['tien_cat'][0].pk}/ra-soat/", {"monthly_income_per_person": "1000000"}
    )
    assert response.status_code == 404
    assert not assigned.entries.exclude(surveyed_at=None).exists()
