"""The demo ward generator (200 households here; the demo itself makes 15,000)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from phuongso.core.models import Commune
from phuongso.households.figures import poor_household_rate
from phuongso.households.models import Household, Member, ReviewStatus, ReviewYear
from phuongso.households.standard import Category

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_households", households=200, stdout=out, **options)
    return out.getvalue()


def test_the_demo_ward_runs_two_reviews_to_the_published_list(commune) -> None:
    seed()
    assert Household.objects.filter(commune=commune, is_demo=True).count() == 200
    assert 500 < Member.objects.count() < 1000
    years = ReviewYear.objects.filter(commune=commune).order_by("year")
    assert [(y.year, y.status) for y in years] == [
        (2024, ReviewStatus.PUBLISHED),
        (2025, ReviewStatus.PUBLISHED),
    ]
    current = years[1]
    assert current.entries.filter(category=Category.POOR).count() == round(200 * 0.0035)
    assert current.meetings.count() == len({e.residential_group_id for e in current.entries.all()})
    assert current.decision_number.endswith("/QĐ-UBND")


def test_every_group_gets_households_and_people_look_real(commune) -> None:
    seed()
    assert Household.objects.values("residential_group").distinct().count() > 20
    head = Member.objects.filter(relation="head").first()
    assert len(head.full_name.split()) >= 3
    assert head.birth_date < dt.date.today()
    numbers = Member.objects.exclude(personal_id=None).values_list("personal_id", flat=True)
    assert all(len(number) == 12 and number.isdigit() for number in numbers)


def test_running_it_again_changes_nothing(commune) -> None:
    seed()
    before = (Household.objects.count(), Member.objects.count(), ReviewYear.objects.count())
    assert "giữ nguyên" in seed()
    assert (Household.objects.count(), Member.objects.count(), ReviewYear.objects.count()) == before


def test_reset_makes_the_ward_again(commune) -> None:
    seed()
    first = set(Member.objects.values_list("full_name", flat=True))
    seed(reset=True, seed=7)
    assert Household.objects.count() == 200
    assert set(Member.objects.values_list("full_name", flat=True)) != first


def test_the_2025_rates_feed_the_resolution(commune: Commune) -> None:
    call_command("seed_households", households=1000, stdout=StringIO())
    figure = poor_household_rate(
        commune=commune, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    assert (figure.numerator, figure.denominator) == (4, 1000)  # 0,35% of 1.000, rounded


def test_without_residential_groups_it_explains_what_to_do(db) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_demo"):
        call_command("seed_households", households=10, stdout=StringIO())
