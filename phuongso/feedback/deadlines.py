"""Deadlines of each step of a report, and whether they were met.

Every date comes from the working-day calendar (core/calendar.py, the only home of deadline
arithmetic): accept or refuse within 2 working days of receipt, ask for more information
within 5, resolve within 15 (the time spent waiting for the citizen's information is not
counted), publish the answer within 2 of resolution. Overdue is derived, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from phuongso.core import calendar
from phuongso.core.calendar import DeadlineRule
from phuongso.feedback.models import Report, ReportEvent
from phuongso.feedback.workflow import CLOCK_RUNS, Action, Status


def _due(start: datetime, working_days: int) -> datetime:
    return calendar.appointment(start, DeadlineRule(working_days=working_days))


def decision_due(received_at: datetime) -> datetime:
    """Accept or refuse by the end of this day."""
    return _due(received_at, settings.FEEDBACK_ACCEPT_WORKING_DAYS)


def info_due(received_at: datetime) -> datetime:
    """Ask the citizen for more information by the end of this day, if at all."""
    return _due(received_at, settings.FEEDBACK_INFO_WORKING_DAYS)


def resolve_due(start: datetime) -> datetime:
    """Resolve by the end of this day (start: receipt, or a reopening)."""
    return _due(start, settings.FEEDBACK_RESOLVE_WORKING_DAYS)


def publish_due(resolved_at: datetime) -> datetime:
    return _due(resolved_at, settings.FEEDBACK_PUBLISH_WORKING_DAYS)


def resumed_due(due_at: datetime, paused_from: datetime, resumed_at: datetime) -> datetime:
    """The resolve deadline pushed by the working time spent waiting for the citizen."""
    waited = calendar.working_time_between(paused_from, resumed_at)
    return calendar.add_working_time(due_at, waited)


def _reopen_window() -> timedelta:
    return timedelta(days=settings.FEEDBACK_REOPEN_DAYS)


def reopen_until(report: Report) -> datetime | None:
    """The last moment the reporter may reopen a resolved report."""
    if report.resolved_at is None:
        return None
    return report.resolved_at + _reopen_window()


def reopen_expired_before(now: datetime) -> datetime:
    """Reports resolved before this moment may no longer be reopened (as of `now`)."""
    return now - _reopen_window()


def may_reopen(report: Report, *, now: datetime | None = None) -> bool:
    until = reopen_until(report)
    return (
        report.status == Status.RESOLVED and until is not None and (now or timezone.now()) <= until
    )


# --- derived flags ----------------------------------------------------------------------


def is_running(report: Report) -> bool:
    return report.due_at is not None and report.status in CLOCK_RUNS


def is_overdue(report: Report, *, now: datetime | None = None) -> bool:
    return is_running(report) and (now or timezone.now()) > report.due_at


def remaining_working_time(report: Report, *, now: datetime | None = None) -> timedelta | None:
    """Working time left before the current step's deadline; negative when overdue."""
    if not is_running(report):
        return None
    now = now or timezone.now()
    if now <= report.due_at:
        return calendar.working_time_between(now, report.due_at)
    return -calendar.working_time_between(report.due_at, now)


def is_due_soon(report: Report, *, now: datetime | None = None) -> bool:
    left = remaining_working_time(report, now=now)
    return left is not None and timedelta(0) <= left <= timedelta(
        hours=settings.DUE_SOON_WORKING_HOURS
    )


def decorate(reports: Iterable[Report], *, now: datetime | None = None) -> list[Report]:
    """Attach overdue, due_soon and remaining for lists and pages."""
    now = now or timezone.now()
    result = list(reports)
    for report in result:
        report.overdue = is_overdue(report, now=now)
        report.due_soon = is_due_soon(report, now=now)
        report.remaining = remaining_working_time(report, now=now)
    return result


# --- indicator 5.2: was every step on time? ---------------------------------------------


def _first(events: list[ReportEvent], *actions: str) -> ReportEvent | None:
    return next((event for event in events if event.action in actions), None)


def _event_due(event: ReportEvent) -> datetime | None:
    value = event.data.get("due_at")
    return datetime.fromisoformat(value) if value else None


def handled_on_time(
    report: Report, events: list[ReportEvent], *, now: datetime | None = None
) -> bool | None:
    """True when every step met its limit, False when one did not, None while the report is
    still within its limits and not yet answered. `events` are the report's, oldest first."""
    now = now or timezone.now()
    decision = _first(events, Action.ACCEPT, Action.REFUSE, Action.MERGE)
    if decision is None:
        return False if now > decision_due(report.received_at) else None
    if decision.at > decision_due(report.received_at):
        return False
    latest_question = info_due(report.received_at)
    if any(e.at > latest_question for e in events if e.action == Action.REQUEST_INFO):
        return False
    if decision.action in (Action.REFUSE, Action.MERGE):
        return True
    resolution = _first(events, Action.RESOLVE)
    if resolution is None:
        return False if is_overdue(report, now=now) else None
    due = _event_due(resolution)
    if due is not None and resolution.at > due:
        return False
    return not (report.may_publish and not published_on_time(report, resolution.at))


def published_on_time(report: Report, resolved_at: datetime) -> bool:
    return report.published_at is not None and report.published_at <= publish_due(resolved_at)


def resolved_on_time(resolution: ReportEvent) -> bool:
    """A resolution is on time when it came before the deadline in force at that moment."""
    due = _event_due(resolution)
    return due is None or resolution.at <= due
