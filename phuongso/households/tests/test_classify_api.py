"""POST /api/v1/households/classify: the survey form's instant preview, open to anyone."""

from __future__ import annotations

import pytest

URL = "/api/v1/households/classify"


def post(client, **body):
    payload = {
        "year": 2025,
        "area": "urban",
        "monthly_income_per_person": 1_500_000,
        "deprivations": [],
    } | body
    return client.post(URL, payload, content_type="application/json")


@pytest.mark.django_db
def test_a_poor_household_is_classified_with_its_standard_and_line(client) -> None:
    response = post(client, deprivations=["health_insurance", "water", "sanitation"])
    assert response.status_code == 200
    body = response.json()
    assert body["standard"] == "nd07-2021"
    assert body["income_line"] == 2_000_000
    assert body["deprivation_count"] == 3
    assert body["classification"] == "poor"
    assert body["classification_label"] == "Hộ nghèo"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"deprivations": ["water"]}, "near_poor"),
        ({"monthly_income_per_person": 2_500_000}, "middle"),
        ({"monthly_income_per_person": 3_000_001}, "not_poor"),
        (
            {
                "area": "rural",
                "monthly_income_per_person": 1_500_000,
                "deprivations": ["water", "telecom", "nutrition"],
            },
            "poor",
        ),
        (
            {
                "year": 2028,
                "monthly_income_per_person": 2_800_000,
                "deprivations": ["waste", "water", "telecom"],
            },
            "poor",
        ),
        ({"year": 2028, "monthly_income_per_person": 2_800_001}, "not_poor"),
    ],
)
def test_each_category_comes_back(client, body, expected) -> None:
    assert post(client, **body).json()["classification"] == expected


@pytest.mark.django_db
def test_the_2027_standard_says_its_values_are_uncertain(client) -> None:
    body = post(client, year=2027).json()
    assert body["standard"] == "nd351-2025"
    assert body["income_line"] == 2_800_000
    assert body["middle_line"] is None
    assert any("dự thảo" in note for note in body["notes"])


@pytest.mark.django_db
def test_an_unknown_key_gets_422_naming_it(client) -> None:
    response = post(client, deprivations=["internet"])
    assert response.status_code == 422
    assert "internet" in response.json()["detail"]


@pytest.mark.django_db
def test_a_key_from_the_wrong_standard_year_gets_422(client) -> None:
    response = post(client, year=2025, deprivations=["waste"])
    assert response.status_code == 422
    assert "không thuộc chuẩn nghèo áp dụng cho năm rà soát này" in response.json()["detail"]


@pytest.mark.django_db
def test_a_year_without_a_standard_gets_422(client) -> None:
    response = post(client, year=2031)
    assert response.status_code == 422
    assert "2031" in response.json()["detail"]


@pytest.mark.django_db
def test_a_negative_income_gets_422(client) -> None:
    response = post(client, monthly_income_per_person=-1)
    assert response.status_code == 422
    assert response.json()["detail"] == "Thu nhập bình quân không được là số âm."


@pytest.mark.django_db
@pytest.mark.parametrize("income", ["một triệu", "1500000", 1.5, True, None])
def test_income_as_text_or_not_a_whole_number_gets_422(client, income) -> None:
    response = post(client, monthly_income_per_person=income)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert "số nguyên" in str(body["errors"])


@pytest.mark.django_db
def test_an_unknown_area_gets_422(client) -> None:
    assert post(client, area="suburb").status_code == 422


@pytest.mark.django_db
def test_the_preview_stores_nothing(client) -> None:
    from phuongso.households.models import ReviewEntry, ReviewEvent

    post(client, deprivations=["water"])
    assert not ReviewEntry.objects.exists() and not ReviewEvent.objects.exists()
