"""Appointments fixed at receipt across the 2026 holidays, and derived deadline facts."""

from __future__ import annotations

import pytest

from phuongso.dossiers import services
from phuongso.dossiers.deadlines import Verdict, is_due_soon, is_overdue, verdict
from phuongso.dossiers.tests.conftest import at, make_procedure, walk_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days", "same_day", "received", "appointment"),
    [
        # Tết Bính Ngọ: 14/2–22/2/2026 skipped.
        (3, False, ("13/02/2026", "10:00"), ("25/02/2026", "17:00")),
        # Same-day rule after the 15:00 cut-off on Fri 9/1: the make-up Saturday 10/1.
        (0, True, ("09/01/2026", "16:00"), ("10/01/2026", "17:00")),
        (0, True, ("09/01/2026", "14:00"), ("09/01/2026", "17:00")),
        # Hùng Kings 2026: 25–27/4 off.
        (1, False, ("24/04/2026", "09:00"), ("28/04/2026", "17:00")),
        # National Day 2026: 29/8–2/9 off.
        (2, False, ("28/08/2026", "10:00"), ("04/09/2026", "17:00")),
        # Sat 22/8/2026 is a make-up working day.
        (1, False, ("21/08/2026", "10:00"), ("22/08/2026", "17:00")),
        # Received on a Sunday online: counts from Monday 07:30.
        (3, False, ("01/03/2026", "20:00"), ("05/03/2026", "17:00")),
    ],
)
def test_the_appointment_is_fixed_at_receipt_on_the_working_day_calendar(
    commune, counter_officer, days, same_day, received, appointment
) -> None:
    procedure = make_procedure(
        commune, code=f"T-{days}-{same_day}", name="Thủ tục thử", days=days, same_day=same_day
    )
    dossier = walk_in(procedure, counter_officer, at(*received))
    assert dossier.appointment_at == at(*appointment)


def test_supplement_time_across_tet_is_not_counted(
    three_day_procedure, counter_officer, specialist, leader
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("10/02/2026", "09:00"))
    assert dossier.appointment_at == at("13/02/2026", "17:00")
    dossier = services.assign(
        dossier, actor=specialist, assignee=specialist, at=at("10/02/2026", "10:00")
    )
    dossier = services.request_supplement(
        dossier, actor=specialist, items="Thiếu tờ khai", at=at("11/02/2026", "09:00")
    )
    # Answered Tue 24/2 09:00: working time paused is 11/2 09:00 → 24/2 09:00 = 4 working days
    # (11, 12, 13, 23/2), so the appointment moves from Fri 13/2 to Thu 26/2.
    dossier = services.supplement_received(
        dossier, actor=specialist, papers=[], at=at("24/02/2026", "09:00")
    )
    assert dossier.appointment_at == at("26/02/2026", "17:00")
    dossier = services.propose_result(dossier, actor=specialist, at=at("26/02/2026", "10:00"))
    dossier = services.approve(dossier, actor=leader, at=at("26/02/2026", "16:00"))
    assert verdict(dossier) == Verdict.ON_TIME


def test_overdue_and_due_soon_are_derived_from_the_clock(
    three_day_procedure, counter_officer, specialist
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026", "09:00"))
    assert not is_overdue(dossier, now=at("05/03/2026", "16:00"))
    assert is_due_soon(dossier, now=at("05/03/2026", "09:00"))
    assert not is_due_soon(dossier, now=at("03/03/2026", "09:00"))
    assert is_overdue(dossier, now=at("06/03/2026", "08:00"))
    # While the citizen supplements, the clock stops: not overdue.
    dossier = services.request_supplement(
        dossier, actor=specialist, items="Thiếu", at=at("04/03/2026")
    )
    assert not is_overdue(dossier, now=at("20/03/2026"))


def test_a_dossier_approved_after_its_appointment_is_late(
    three_day_procedure, counter_officer, specialist, leader
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026", "09:00"))
    dossier = services.assign(
        dossier, actor=specialist, assignee=specialist, at=at("02/03/2026", "10:00")
    )
    dossier = services.propose_result(dossier, actor=specialist, at=at("06/03/2026", "09:00"))
    dossier = services.approve(dossier, actor=leader, at=at("06/03/2026", "10:00"))
    assert verdict(dossier) == Verdict.LATE
