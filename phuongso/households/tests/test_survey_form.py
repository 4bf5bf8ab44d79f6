"""The survey form: answers saved with their category, an instant preview while typing."""

from __future__ import annotations

import pytest

from phuongso.households.models import AccessAction, AccessLog
from phuongso.households.standard import Category

pytestmark = pytest.mark.django_db


def url(household) -> str:
    return f"/ho-gia-dinh/{household.pk}/ra-soat/"


def test_the_form_lists_the_indicators_of_the_years_standard(
    client, specialist, review_year, ward
) -> None:
    client.force_login(specialist)
    page = client.get(url(ward["tien_cat"][0])).content.decode()
    assert "Phương tiện phục vụ tiếp cận thông tin" in page
    assert "Xử lý rác thải" not in page
    assert "2.000.000 đồng/người/tháng (thành thị)" in page


def test_opening_the_form_is_a_logged_read(client, surveyor, assigned, ward) -> None:
    client.force_login(surveyor)
    client.get(url(ward["tien_cat"][0]))
    assert AccessLog.objects.filter(user=surveyor, action=AccessAction.VIEW_SURVEY).count() == 1


def test_the_surveyor_saves_answers_and_the_standard_classifies_them(
    client, surveyor, assigned, ward
) -> None:
    household = ward["tien_cat"][0]
    client.force_login(surveyor)
    response = client.post(
        url(household),
        {
            "monthly_income_per_person": "1.800.000",
            "deprivations": ["health_insurance", "water", "sanitation"],
        },
    )
    assert response.status_code == 302
    entry = assigned.entries.get(household=household)
    assert entry.monthly_income_per_person == 1_800_000
    assert entry.category == Category.POOR
    assert entry.surveyed_by == surveyor


def test_the_preview_returns_only_the_result_and_saves_nothing(
    client, specialist, review_year, ward
) -> None:
    household = ward["song_lo"][0]  # rural: line 1.500.000
    client.force_login(specialist)
    response = client.post(
        url(household),
        {
            "monthly_income_per_person": "1500000",
            "deprivations": ["water"],
            "xem_truoc": "1",
        },
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "Hộ cận nghèo" in page
    assert "1.500.000 đồng/người/tháng (nông thôn)" in page
    assert "<html" not in page
    assert not review_year.entries.exclude(surveyed_at=None).exists()


def test_the_preview_explains_text_typed_as_income(client, specialist, review_year, ward) -> None:
    client.force_login(specialist)
    response = client.post(
        url(ward["tien_cat"][0]),
        {
            "monthly_income_per_person": "hai triệu",
            "xem_truoc": "1",
        },
        headers={"HX-Request": "true"},
    )
    assert "Ghi số tiền bằng chữ số" in response.content.decode()


def test_without_an_open_review_the_form_is_not_found(client, specialist, ward) -> None:
    client.force_login(specialist)
    assert client.get(url(ward["tien_cat"][0])).status_code == 404
