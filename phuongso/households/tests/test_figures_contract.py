"""The functions the resolution's indicators call by dotted path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from phuongso.households import review_services
from phuongso.households.figures import near_poor_household_rate, poor_household_rate
from phuongso.households.tests.conftest import answer, run_to_approval

pytestmark = pytest.mark.django_db
PERIOD = {"start": dt.date(2025, 1, 1), "end": dt.date(2030, 12, 31)}


def test_the_rates_come_from_the_approved_review(commune, answered) -> None:
    run_to_approval(answered)
    poor = poor_household_rate(commune=commune, **PERIOD)
    near = near_poor_household_rate(commune=commune, **PERIOD)
    assert (poor.numerator, poor.denominator, poor.display()) == (2, 20, "10,00%")
    assert (near.numerator, near.denominator) == (2, 20)
    assert "năm 2025" in poor.source and "15/QĐ-UBND" in poor.source
    assert "÷" in poor.formula and "hộ nghèo" in poor.formula


def test_an_unapproved_review_does_not_count(commune, answered) -> None:
    figure = poor_household_rate(commune=commune, **PERIOD)
    assert (figure.numerator, figure.denominator, figure.rate) == (0, 0, None)
    assert "Chưa có đợt rà soát" in figure.source


def test_the_latest_approved_year_inside_the_period_is_used(commune, answered, ward) -> None:
    run_to_approval(answered, decision_date=timezone.localdate() - dt.timedelta(days=300))
    later = review_services.open_review_year(commune=commune, year=2026, actor=None)
    for households in ward.values():
        for household in households:
            answer(later, household, 6_000_000)
    answer(later, ward["tien_cat"][0], 900_000, "water", "telecom", "nutrition")
    assert poor_household_rate(commune=commune, **PERIOD).numerator == 2  # 2026 still open
    run_to_approval(later)
    assert poor_household_rate(commune=commune, **PERIOD).numerator == 1
    only_2025 = poor_household_rate(
        commune=commune, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    assert only_2025.numerator == 2 and "năm 2025" in only_2025.source


def test_another_communes_review_is_not_counted(other_commune, commune, answered) -> None:
    run_to_approval(answered)
    assert poor_household_rate(commune=other_commune, **PERIOD).denominator == 0
