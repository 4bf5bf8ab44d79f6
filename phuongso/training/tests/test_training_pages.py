"""The training pages: rates for every official of the ward, enrolment by the managers."""

from __future__ import annotations

import pytest

from phuongso.training.models import Enrolment
from phuongso.training.tests.conftest import complete

pytestmark = pytest.mark.django_db


def test_the_overview_shows_the_ward_and_unit_rates(
    client, commune, courses, specialist, counter_officer
) -> None:
    complete(specialist, courses["KNS-CB"])
    complete(specialist, courses["KNS-LC"])
    client.force_login(counter_officer)
    page = client.get("/dao-tao/").content.decode()
    assert "50,00%" in page and "Phòng Văn hóa – Xã hội" in page
    assert "Mục tiêu: 100%" in page


def test_a_manager_enrols_officials_in_a_course(
    client, courses, administrator, specialist, counter_officer
) -> None:
    client.force_login(administrator)
    url = f"/dao-tao/khoa-hoc/{courses['KNS-LC'].pk}/"
    response = client.post(url, {"officials": [specialist.pk, counter_officer.pk]})
    assert response.status_code == 302
    assert Enrolment.objects.filter(course=courses["KNS-LC"]).count() == 2


def test_an_ordinary_official_cannot_enrol_others(
    client, courses, specialist, counter_officer
) -> None:
    client.force_login(specialist)
    client.post(f"/dao-tao/khoa-hoc/{courses['KNS-LC'].pk}/", {"officials": [counter_officer.pk]})
    assert not Enrolment.objects.exists()


def test_my_training_leads_to_my_record(client, specialist, courses) -> None:
    client.force_login(specialist)
    response = client.get("/dao-tao/cua-toi/", follow=True)
    assert "Còn cần học" in response.content.decode()


def test_an_official_of_another_commune_is_not_found(
    client, specialist, other_commune_officer
) -> None:
    client.force_login(specialist)
    assert client.get(f"/dao-tao/can-bo/{other_commune_officer.pk}/").status_code == 404
