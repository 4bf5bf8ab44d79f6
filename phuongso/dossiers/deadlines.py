"""Derived deadline facts of a dossier: due, overdue, due soon, early/on-time/late.

Nothing here is stored: every answer comes from the dossier's timestamps and the working-day
calendar (core/calendar.py, the only home of deadline arithmetic).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.utils import timezone

from phuongso.core import calendar
from phuongso.core.calendar import DeadlineRule
from phuongso.dossiers.models import Dossier, SupplementCycle
from phuongso.dossiers.workflow import CLOCK_RUNS, ENDS_PROCESSING, Status
from phuongso.procedures.models import Procedure


class Verdict(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}[self.value]


def rule_for(procedure: Procedure, channel: str) -> DeadlineRule | None:
    """The deadline rule of a procedure through a channel (a channel may override it)."""
    option = procedure.channel_option(channel)
    if option is None:
        return procedure.deadline_rule
    return DeadlineRule.of(option.working_days, option.same_day)


def is_paused(dossier: Dossier) -> bool:
    return dossier.status == Status.SUPPLEMENT_REQUESTED


def is_running(dossier: Dossier) -> bool:
    """The legal clock runs between receipt and the end of processing, except while paused."""
    return dossier.appointment_at is not None and dossier.status in CLOCK_RUNS


def remaining_working_time(dossier: Dossier, *, now: datetime | None = None) -> timedelta | None:
    """Working time left before the promised date, negative when overdue; None while the legal
    clock does not run (before receipt, paused for the citizen's papers, processing ended)."""
    if not is_running(dossier):
        return None
    now = now or timezone.now()
    if now <= dossier.due_at:
        return calendar.working_time_between(now, dossier.due_at)
    return -calendar.working_time_between(dossier.due_at, now)


def is_overdue(dossier: Dossier, *, now: datetime | None = None) -> bool:
    return is_running(dossier) and (now or timezone.now()) > dossier.due_at


def is_due_soon(dossier: Dossier, *, now: datetime | None = None) -> bool:
    if not is_running(dossier) or is_overdue(dossier, now=now):
        return False
    left = remaining_working_time(dossier, now=now)
    return left is not None and left <= timedelta(hours=settings.DUE_SOON_WORKING_HOURS)


def end_of_processing(dossier: Dossier) -> datetime | None:
    """The moment the index takes as the end: first of result ready, returned, stopped, refused.

    A dossier still waiting for the citizen's supplement ends, for the index, at the request.
    """
    if dossier.processing_ended_at:
        return dossier.processing_ended_at
    if is_paused(dossier):
        open_cycle = open_supplement_request(dossier)
        return open_cycle.requested_at if open_cycle else None
    return None


def open_supplement_request(dossier: Dossier) -> SupplementCycle | None:
    """The request for papers during processing that the citizen has not answered yet."""
    return dossier.supplement_cycles.filter(completed_at__isnull=True, at_intake=False).last()


def verdict(dossier: Dossier) -> Verdict | None:
    """Early / on time / late by the national index rule (Decision 766).

    More than one supplement request makes a dossier late. Otherwise compare the end of
    processing with the appointment; the appointment already moved by the working time the
    dossier waited for supplements, which is the same as subtracting that time from the end.
    An apology's new date does not make a late dossier on time.
    """
    if dossier.supplement_requests > 1:
        return Verdict.LATE
    end = end_of_processing(dossier)
    if end is None or dossier.appointment_at is None:
        return None
    if dossier.status in ENDS_PROCESSING or is_paused(dossier):
        return compare(end, dossier.appointment_at)
    return None


def compare(end: datetime, due: datetime) -> Verdict:
    if end > due:
        return Verdict.LATE
    return Verdict.EARLY if finished_early(end, due) else Verdict.ON_TIME


def finished_early(end: datetime, due: datetime) -> bool:
    """Early means done on an earlier day than the one it was due (local dates)."""
    return timezone.localtime(end).date() < timezone.localtime(due).date()


def expected_appointment(dossier: Dossier, *, now: datetime | None = None) -> datetime | None:
    """The promised date, or for a dossier not yet received, the date if received now."""
    if dossier.due_at:
        return dossier.due_at
    rule = rule_for(dossier.procedure, dossier.channel)
    return calendar.appointment(now or timezone.now(), rule) if rule else None
