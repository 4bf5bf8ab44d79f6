"""Each indicator on February 2026's hand-built dossiers (see builders.py for the timelines)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from phuongso.dossiers.deadlines import Verdict, verdict
from phuongso.quality import indicators, rollups
from phuongso.quality.periods import Period
from phuongso.quality.slices import Slice
from phuongso.quality.tests.builders import other_commune_dossier

pytestmark = pytest.mark.django_db


def figure(s: Slice, indicator_id: str) -> tuple[int, int, Decimal | None]:
    result = indicators.BY_ID[indicator_id].compute(s)
    return result.numerator, result.denominator, result.rate


def test_the_timelines_get_the_verdicts_of_the_deadlines_module(february) -> None:
    assert verdict(february.A) == Verdict.LATE  # two supplement requests
    assert verdict(february.B) == Verdict.ON_TIME  # Tết not counted
    assert verdict(february.C) == Verdict.EARLY  # counted from Monday
    assert verdict(february.D) is None
    assert verdict(february.E) == Verdict.ON_TIME
    assert verdict(february.F) == Verdict.LATE
    assert verdict(february.J) == Verdict.EARLY  # the request counts as the end


def test_on_time_counts_two_supplement_requests_as_late(february_slice) -> None:
    # index-766-formulas.md 2.1. Ended in February: A late (two supplement requests), B on
    # time, C early, D on time (a withdrawal after receipt ends processing), E on time, F
    # late, J early (waiting for the citizen: the request is the end). H is still open at the
    # period's end and judged at 28/2, after its appointment 26/2: overdue.
    # (Before the formula text: 4/6, without D and H.)
    assert figure(february_slice, "2.1") == (5, 8, Decimal("62.50"))


def test_late_dossiers_drill_down_to_a_f_and_h(february_slice, february) -> None:
    drill = indicators.drill_on_time(february_slice)
    assert set(drill.rows.exclude(drill.counted)) == {february.A, february.F, february.H}
    assert set(drill.rows.filter(drill.counted)) == {
        february.B,
        february.C,
        february.D,
        february.E,
        february.J,
    }


def test_average_processing_time_leaves_out_the_supplement_pauses(february_slice) -> None:
    # Working hours 07:30–11:30 and 13:00–17:00 (8 h a day, settings.WORKING_HOURS):
    # A 16 h, B 29.5 h (Tết and the pause left out), C 10.5 h (from Monday 07:30), E 4.5 h,
    # F 9.5 h: 70 h over 5 dossiers = 14 h = 1.75 working days of 8 h.
    result = indicators.processing_time(february_slice)
    assert (result.numerator, result.denominator) == (252_000, 5)
    assert result.rate == Decimal("1.75")
    assert result.display() == "1,75 ngày làm việc"


def test_online_figures(february_slice) -> None:
    # Received in February: A B C D E F H J (G was refused before receipt); online: C and F,
    # both with an electronic result: 25% locally, × the sync rate 1.4 (0%: nothing is synced
    # to the national portal yet) = 0% as the province sees it (index-766-formulas.md 3.3).
    online = indicators.online_share(february_slice)
    assert (online.numerator, online.denominator, online.local_rate) == (2, 8, Decimal("25.00"))
    assert online.sync_rate == Decimal("0.00") and online.rate == Decimal("0.00")
    assert figure(february_slice, "1.4") == (0, 8, Decimal("0.00"))
    assert figure(february_slice, "3.1") == (2, 2, Decimal("100.00"))
    assert figure(february_slice, "3.2") == (2, 2, Decimal("100.00"))
    # Fully online (Decree 42/2022): C (paid online, electronic result returned) and F (no fee,
    # electronic result returned), over every dossier received.
    full = indicators.fully_online_share(february_slice)
    assert (full.numerator, full.denominator) == (2, 8)


def test_online_payment(february_slice) -> None:
    # Fee dossiers (the 3-day procedure): A B C H J; only C paid online.
    assert figure(february_slice, "3.5") == (1, 1, Decimal("100.00"))
    assert figure(february_slice, "3.6") == (1, 5, Decimal("20.00"))


def test_electronic_results_and_digitisation(february_slice) -> None:
    # index-766-formulas.md 4.1/4.2: over every dossier of the period (8, both procedures
    # have a paper result), not only the 5 finished ones. Result files: B, C, F.
    assert figure(february_slice, "4.1") == (3, 8, Decimal("37.50"))
    # Components with files attached and an electronic result: only the online C and F.
    assert figure(february_slice, "4.2") == (2, 8, Decimal("25.00"))
    # C took its paper from the data store.
    assert figure(february_slice, "4.3") == (1, 8, Decimal("12.50"))


def test_satisfaction_subtracts_late_and_unsatisfied(february_slice) -> None:
    # 2.1's 8 dossiers, 3 late (A, F, H), 1 rated not satisfied (F): 100% − 37.5% − 12.5%.
    assert figure(february_slice, "5.4") == (4, 8, Decimal("50.00"))


def test_counts(february_slice) -> None:
    counts = {count.key: count.value for count in indicators.counts(february_slice)}
    assert counts == {
        "received": 8,
        "finished": 5,
        "in_time": 1,  # J waits for the citizen: its clock is stopped
        "overdue": 1,  # H: new date 3/3/2026 passed
        "returned": 5,
        "withdrawn": 1,
        "refused": 1,
        "apologised": 1,
    }


def test_a_withdrawn_dossier_has_no_verdict_and_is_listed(february_slice, february) -> None:
    withdrawn = indicators.drill_count(february_slice, "withdrawn")
    assert list(withdrawn) == [february.D]
    assert list(indicators.drill_count(february_slice, "refused")) == [february.G]
    assert list(indicators.drill_count(february_slice, "overdue")) == [february.H]


def test_another_communes_dossiers_stay_out(
    february_slice, other_commune, other_commune_officer
) -> None:
    other_commune_dossier(other_commune, other_commune_officer)
    rollups.refresh()
    assert figure(february_slice, "3.3")[:2] == (2, 8)
    viet_tri = Slice(commune=other_commune, period=Period.month(2026, 2))
    assert figure(viet_tri, "3.3") == (0, 1, Decimal("0.00"))


def test_a_month_without_dossiers_says_not_applicable(commune, february) -> None:
    march = Slice(commune=commune, period=Period.month(2025, 3))
    result = indicators.on_time(march)
    assert result.rate is None and result.display() == "Không áp dụng"


def test_slices_by_channel_official_and_procedure(february_slice, february, specialist) -> None:
    online = Slice(commune=february_slice.commune, period=february_slice.period, channel="2")
    assert figure(online, "2.1") == (1, 2, Decimal("50.00"))  # C early, F late
    counter = Slice(commune=february_slice.commune, period=february_slice.period, channel="1")
    assert figure(counter, "3.3") == (0, 6, Decimal("0.00"))
    assert figure(counter, "2.1") == (4, 6, Decimal("66.67"))  # A, H late; B D E J in time
    mine = Slice(
        commune=february_slice.commune, period=february_slice.period, official_id=specialist.pk
    )
    # Every received dossier but the withdrawn D was assigned to the specialist.
    assert figure(mine, "4.3") == (1, 7, Decimal("14.29"))
    same_day = Slice(
        commune=february_slice.commune,
        period=february_slice.period,
        procedure_id=february.E.procedure_id,
    )
    assert figure(same_day, "2.1") == (2, 3, Decimal("66.67"))  # D, E on time, F late


def test_the_resolution_keeps_its_signature(commune, february) -> None:
    from datetime import date

    result = indicators.fully_online_dossiers(
        commune=commune, start=date(2026, 2, 1), end=date(2026, 2, 28)
    )
    assert (result.numerator, result.denominator) == (2, 8)
    assert set(result.record_ids) == {february.C.pk, february.F.pk}
