"""Every dossier indicator equals an independent recomputation by the formula text
(formula_text.py, which never calls the indicator code), on hand-built dossiers whose verdicts
are worked out in the comments from index-766-formulas.md."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from phuongso.core.models import GovernmentUnit
from phuongso.dossiers import services
from phuongso.dossiers.testing import at, walk_in
from phuongso.feedback.models import Category, Report
from phuongso.procedures.models import Procedure
from phuongso.quality import indicators, rollups
from phuongso.quality.periods import Period
from phuongso.quality.slices import Slice
from phuongso.quality.tests import formula_text

pytestmark = pytest.mark.django_db


def pair(figure) -> tuple[int, int]:  # noqa: ANN001
    return figure.numerator, figure.denominator


def assert_agree(s: Slice) -> formula_text.Figures:
    text = formula_text.recompute(s.commune, s.start, s.end)
    assert pair(indicators.on_time(s)) == text.on_time
    assert pair(indicators.online_share(s)) == text.online_local
    assert pair(indicators.electronic_results(s)) == text.electronic_results
    assert pair(indicators.digitised(s)) == text.digitised
    assert pair(indicators.satisfaction(s)) == text.satisfaction
    assert pair(indicators.fully_online_share(s)) == text.fully_online
    assert pair(indicators.fully_online_among_eligible(s)) == text.fully_online_eligible
    return text


def test_february_agrees_with_the_formula_text(february_slice) -> None:
    text = assert_agree(february_slice)
    assert text.on_time == (5, 8)


def test_the_weeks_of_february_and_march_agree(commune, february) -> None:
    for start, end in [(date(2026, 2, 1), date(2026, 2, 7)), (date(2026, 2, 8), date(2026, 2, 14)),
                       (date(2026, 2, 15), date(2026, 3, 31))]:  # fmt: skip
        assert_agree(Slice(commune=commune, period=Period.between(start, end)))


@pytest.fixture
def weekend_pause(three_day_procedure, counter_officer, specialist, leader):
    """Received Wed 4/3/2026 09:00, 3 working days: appointment at receipt Mon 9/3 17:00.
    Supplement asked Fri 6/3 16:00, brought Mon 9/3 08:00, over the weekend: elapsed time
    64 h; working time 1 h (Fri 16–17) + 0.5 h (Mon 07:30–08:00) = 1.5 h.

    - The law's clock moves the citizen's appointment by 1.5 working hours: Tue 10/3 09:00.
    - The index subtracts the elapsed 64 h from the end (index-766-formulas.md 2.1), i.e. the
      end is compared with 9/3 17:00 + 64 h = Thu 12/3 09:00.
    Ended Wed 11/3 10:00: on time for the index, late by the citizen's appointment.
    Ended Thu 12/3 10:00: late for both.
    """

    def paused(day: str):  # noqa: ANN202
        dossier = walk_in(three_day_procedure, counter_officer, at("04/03/2026", "09:00"))
        dossier = services.assign(dossier, actor=counter_officer, assignee=specialist,
                                  at=at("04/03/2026", "10:00"))  # fmt: skip
        dossier = services.request_supplement(
            dossier, actor=specialist, items="Thiếu tờ khai", at=at("06/03/2026", "16:00")
        )
        dossier = services.supplement_received(
            dossier, actor=specialist, papers=[], at=at("09/03/2026", "08:00")
        )
        dossier = services.propose_result(dossier, actor=specialist, at=at(day, "09:00"))
        return services.approve(dossier, actor=leader, at=at(day, "10:00"))

    on_time, late = paused("11/03/2026"), paused("12/03/2026")
    rollups.refresh()
    return late, on_time


def test_elapsed_and_working_time_give_different_verdicts(commune, weekend_pause) -> None:
    late, on_time = weekend_pause
    march = Slice(commune=commune, period=Period.month(2026, 3))
    drill = indicators.drill_on_time(march)
    assert set(drill.rows.filter(drill.counted)) == {on_time}
    assert set(drill.rows.exclude(drill.counted)) == {late}
    fact = on_time.quality_fact
    fact.refresh_from_db()
    assert (fact.verdict, fact.legal_verdict) == ("early", "late")  # both shown on the page
    assert_agree(march)


def test_the_drill_down_says_both_verdicts_where_they_differ(client, leader, weekend_pause) -> None:
    client.force_login(leader)
    html = client.get("/chat-luong/chi-so/2-1/?ky=thang&nam=2026&thang=3&loai=dat").content.decode()
    assert "Theo ngày hẹn trả của công dân: Quá hạn" in html


def test_an_open_dossier_is_judged_at_the_periods_last_day(commune, february) -> None:
    # H: appointment 26/2; open. Judged at 25/2 (a period ending then): in time; at 28/2: late.
    before = Slice(commune=commune, period=Period.between(date(2026, 2, 23), date(2026, 2, 25)))
    after = Slice(commune=commune, period=Period.between(date(2026, 2, 23), date(2026, 2, 28)))
    drill_before, drill_after = indicators.drill_on_time(before), indicators.drill_on_time(after)
    assert february.H in set(drill_before.rows.filter(drill_before.counted))
    assert february.H in set(drill_after.rows.exclude(drill_after.counted))
    assert_agree(before)
    assert_agree(after)


def test_a_withdrawal_after_receipt_ends_processing(february_slice, february) -> None:
    drill = indicators.drill_on_time(february_slice)
    assert february.D in set(drill.rows.filter(drill.counted))  # withdrawn 1 h after receipt


def test_two_supplement_requests_are_late(february_slice, february) -> None:
    drill = indicators.drill_on_time(february_slice)
    assert february.A in set(drill.rows.exclude(drill.counted))


def test_a_dossier_refused_at_intake_is_not_counted(february_slice, february) -> None:
    # G (online, refused before receipt: national status 3) is in no denominator.
    drill = indicators.drill_on_time(february_slice)
    assert february.G not in set(drill.rows)
    assert february.G.pk not in set(
        indicators.drill_online_share(february_slice).rows.values_list("pk", flat=True)
    )


def test_a_walk_in_refused_at_intake_is_not_counted(
    commune, february, three_day_procedure, counter_officer
) -> None:
    """Refused at the counter with form 03 (national status 3, never received): in no
    denominator of the index, and the figures still follow the formula text."""
    before = Slice(commune=commune, period=Period.month(2026, 2))
    on_time, online = indicators.on_time(before), indicators.online_share(before)
    refused = services.refuse_at_counter(
        procedure=three_day_procedure,
        actor=counter_officer,
        applicant=services.Applicant(name="Vũ Văn Hùng", phone="+84912888123"),
        reason="Giấy tờ không phải bản chính",
        at=at("16/02/2026", "09:00"),
    )
    rollups.refresh()
    after = Slice(commune=commune, period=Period.month(2026, 2))
    assert refused not in set(indicators.drill_on_time(after).rows)
    assert pair(indicators.on_time(after)) == pair(on_time)
    assert pair(indicators.online_share(after)) == pair(online)
    assert_agree(after)


def test_a_complaint_naming_a_dossier_counts_in_5_4(commune, february, february_slice) -> None:
    before = indicators.satisfaction(february_slice)
    unit = GovernmentUnit.objects.filter(commune=commune).first()
    category = Category.objects.create(
        commune=commune, code="thu-tuc", name="Thủ tục hành chính", responsible_unit=unit
    )
    Report.objects.create(
        commune=commune, category=category, status="new", channel="web", description="Chậm",
        token="t-1", received_at=february.E.received_at, dossier=february.E, current_unit=unit,
    )  # fmt: skip
    rollups.refresh()
    again = Slice(commune=commune, period=february_slice.period)  # a new read of the sums
    after = indicators.satisfaction(again)
    assert (after.numerator, after.denominator) == (before.numerator - 1, before.denominator)
    assert_agree(again)


def test_handled_elsewhere_procedures_are_never_counted(
    commune, february, february_slice, three_day_procedure
) -> None:
    Procedure.objects.filter(pk=three_day_procedure.pk).update(
        handled_elsewhere="Công an phường giải quyết trên hệ thống riêng."
    )
    fresh = Slice(commune=commune, period=Period.month(2026, 2))
    # Left: the same-day procedure's D, E, F.
    assert indicators.on_time(fresh).denominator == 3
    assert indicators.online_share(fresh).denominator == 3
    assert all(
        d.procedure_id != three_day_procedure.pk for d in indicators.drill_on_time(fresh).rows
    )
    assert_agree(fresh)


def test_the_sync_rate_is_zero_until_dossiers_are_synced(february_slice) -> None:
    synced = indicators.synced(february_slice)
    assert (synced.numerator, synced.denominator, synced.rate) == (0, 8, Decimal("0.00"))
    assert "chưa đồng bộ" in synced.display()
