"""The sums are read several ways (per period, per month for the trend, per unit or official,
per commune for the ranking, from either rollup): they all agree."""

from __future__ import annotations

import pytest

from phuongso.quality import rollups
from phuongso.quality.models import COUNTERS, ProcedureDay, SliceDay
from phuongso.quality.periods import Period
from phuongso.quality.ranking import _totals_by_commune
from phuongso.quality.slices import Slice, grouped, monthly_totals, totals

pytestmark = pytest.mark.django_db


def test_the_trend_month_equals_the_months_figures(february_slice) -> None:
    months = [Period.month(2026, 1), Period.month(2026, 2), Period.month(2026, 3)]
    trend = monthly_totals(february_slice, months)
    assert trend[1].by_procedure == totals(february_slice).by_procedure
    assert trend[0].by_procedure == {} and trend[2].by_procedure == {}


def test_sums_per_unit_and_per_official_add_up_to_the_whole(february_slice) -> None:
    whole = totals(february_slice).by_procedure
    for dimension in ("unit_id", "official_id", "procedure_id"):
        added: dict[int, list[int]] = {}
        for by_procedure in grouped(february_slice, dimension).values():
            for pk, values in by_procedure.items():
                row = added.setdefault(pk, [0] * len(COUNTERS))
                for index, value in enumerate(values):
                    row[index] += value
        assert added == whole, dimension


def test_both_rollups_hold_the_same_days(february) -> None:
    rollups.refresh()
    fine = rollups.stored_sums(SliceDay)
    folded: dict[tuple, list[int]] = {}
    for key, values in fine.items():
        row = folded.setdefault(key[:3], [0] * len(COUNTERS))
        for index, value in enumerate(values):
            row[index] += value
    assert {k: tuple(v) for k, v in folded.items()} == rollups.stored_sums(ProcedureDay)


def test_the_ranking_reads_the_same_sums(commune, february_slice) -> None:
    expected = totals(february_slice).by_procedure  # (catches the rollups up first)
    by_commune = _totals_by_commune([commune], february_slice.period)
    assert by_commune[commune.pk].by_procedure == expected


def test_a_field_slice_is_its_procedures(commune, february_slice, february) -> None:
    field = Slice(
        commune=commune, period=february_slice.period, field_id=february.A.procedure.field_id
    )
    assert totals(field).by_procedure == totals(february_slice).by_procedure
