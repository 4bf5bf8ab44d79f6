"""A review held in year Y sets the poor and near-poor lists of Y+1 and classifies by the
standard in force for Y+1: the late-2026 review uses Decree 351/2025. The classification
API's `year` is the year the lists apply."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from phuongso.households import review_services
from phuongso.households.models import ReviewYear
from phuongso.households.standard import Category, list_year, standard_for_review
from phuongso.households.tests.conftest import answer

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "phuongso.households.migrations.0002_review_standard_by_list_year"
)


def test_the_2026_review_uses_the_2027_standard(commune, ward) -> None:
    review = review_services.open_review_year(commune=commune, year=2026, actor=None)
    assert review.list_year == 2027 == list_year(2026)
    assert review.standard_code == "nd351-2025"
    # Urban line 2.800.000 under Decree 351/2025 (2.000.000 under Decree 07/2021).
    household = ward["tien_cat"][0]
    answer(review, household, 2_500_000, "water")
    assert review.entries.get(household=household).category == Category.NEAR_POOR


def test_the_2025_review_sets_the_2026_lists_under_decree_07(commune, ward) -> None:
    review = review_services.open_review_year(commune=commune, year=2025, actor=None)
    assert review.list_year == 2026
    assert review.standard_code == "nd07-2021"


def test_the_2021_review_set_the_2022_lists_under_decree_07() -> None:
    assert standard_for_review(2021).code == "nd07-2021"


def test_a_review_whose_lists_have_no_standard_names_both_years(commune, ward) -> None:
    with pytest.raises(review_services.ReviewError) as refused:
        review_services.open_review_year(commune=commune, year=2030, actor=None)
    assert "Đợt rà soát năm 2030 lập danh sách năm 2031" in refused.value.message


def test_the_classification_api_year_is_the_year_the_lists_apply(client) -> None:
    def standard(year: int) -> str:
        response = client.post(
            "/api/v1/households/classify",
            {"year": year, "area": "urban", "monthly_income_per_person": 2_500_000},
            content_type="application/json",
        )
        assert response.status_code == 200
        return response.json()["standard"]

    assert standard(2026) == "nd07-2021"
    assert standard(2027) == "nd351-2025"


def test_the_migration_moves_an_open_2026_review_to_the_2027_standard(commune, ward) -> None:
    review = review_services.open_review_year(commune=commune, year=2026, actor=None)
    # As it was opened before the rule: under Decree 07/2021, with its indicator set.
    ReviewYear.objects.filter(pk=review.pk).update(standard_code="nd07-2021")
    household = ward["tien_cat"][0]
    review.entries.filter(household=household).update(
        monthly_income_per_person=2_500_000,
        deprivations=["water", "information_devices", "telecom", "sanitation"],
        deprivation_count=4,
        category=Category.MIDDLE,
    )
    MIGRATION.classify_by_list_year(apps, None)
    review.refresh_from_db()
    entry = review.entries.get(household=household)
    assert review.standard_code == "nd351-2025"
    assert entry.deprivations == ["water", "telecom", "sanitation"]
    assert entry.deprivation_count == 3
    assert entry.category == Category.POOR  # 2.500.000 ≤ 2.800.000 and 3 deprivations


def test_the_migration_leaves_an_approved_review_as_decided(commune, ward) -> None:
    review = review_services.open_review_year(commune=commune, year=2026, actor=None)
    ReviewYear.objects.filter(pk=review.pk).update(standard_code="nd07-2021", status="approved")
    MIGRATION.classify_by_list_year(apps, None)
    review.refresh_from_db()
    assert review.standard_code == "nd07-2021"
