"""Figures of a review on hand-built data: by residential group, former unit, deprivation,
and the households that left poverty."""

from __future__ import annotations

from decimal import Decimal

import pytest

from phuongso.households import figures, review_services
from phuongso.households.tests.conftest import answer, run_to_approval

pytestmark = pytest.mark.django_db


def test_rates_by_group_and_former_unit_are_exact(answered) -> None:
    result = figures.breakdown(answered)
    assert (result.ward.total, result.ward.poor, result.ward.near_poor, result.ward.middle) == (
        20,
        2,
        2,
        1,
    )
    assert result.ward.poor_rate.rate == Decimal("10.00")
    groups = {tally.name: tally for tally in result.groups}
    assert groups["Tổ dân phố 1 Tiên Cát"].poor_rate.rate == Decimal("10.00")
    assert groups["Tổ dân phố 1 Thọ Sơn"].poor_rate.rate == Decimal("16.67")
    assert groups["Tổ dân phố 1 Sông Lô"].near_poor_rate.rate == Decimal("25.00")
    units = {tally.name: tally for tally in result.former_units}
    assert set(units) == {"Tiên Cát", "Thọ Sơn", "Sông Lô"}
    assert (units["Thọ Sơn"].total, units["Thọ Sơn"].poor) == (6, 1)
    assert units["Sông Lô"].poor_rate.display() == "0,00%"


def test_unsurveyed_households_count_in_the_denominator_only(review_year, ward) -> None:
    answer(review_year, ward["tien_cat"][0], 1_000_000, "water", "telecom", "nutrition")
    result = figures.breakdown(review_year)
    assert (result.ward.total, result.ward.surveyed, result.ward.poor) == (20, 1, 1)
    assert result.ward.poor_rate.display() == "5,00%"


def test_the_most_common_deprivations_among_poor_households_come_first(answered) -> None:
    rows = figures.common_deprivations(answered)
    top = [(row.key, row.in_poverty) for row in rows[:4]]
    assert top[0] == ("health_insurance", 3)
    assert set(top[1:4]) == {("housing_quality", 2), ("water", 2), ("sanitation", 1)}
    assert len(rows) == 12


def test_households_that_left_poverty_are_counted(commune, answered, ward) -> None:
    import datetime as dt

    from django.utils import timezone

    run_to_approval(answered, decision_date=timezone.localdate() - dt.timedelta(days=200))
    later = review_services.open_review_year(commune=commune, year=2026, actor=None)
    for households in ward.values():
        for household in households:
            answer(later, household, 6_000_000)
    run_to_approval(later)
    moves = figures.movements(later)
    assert (moves.left_poverty, moves.entered_poverty, moves.left_near_poverty) == (2, 0, 2)
    assert figures.left_poverty_by_group(later) == [
        ("Tổ dân phố 1 Thọ Sơn", 1),
        ("Tổ dân phố 1 Tiên Cát", 1),
    ]


def test_the_figures_page_shows_rates_without_personal_data(client, leader, answered, ward) -> None:
    client.force_login(leader)
    page = client.get("/ho-gia-dinh/so-lieu/").content.decode()
    assert "10,00%" in page and "16,67%" in page
    assert ward["tien_cat"][0].head_name not in page


def test_the_figures_api_answers_officials_and_refuses_citizens(
    client, leader, citizen, answered
) -> None:
    client.force_login(leader)
    body = client.get("/api/v1/households/reviews/2025/figures").json()
    assert body["ward"]["poor"] == 2 and body["ward"]["poor_rate"] == "10.00"
    assert body["by_former_unit"][1]["name"] == "Thọ Sơn"
    assert body["deprivations"][0]["key"] == "health_insurance"
    client.force_login(citizen)
    assert client.get("/api/v1/households/reviews/2025/figures").status_code == 403
