"""Reminders and escalation (run by `send_reminders`, every few minutes or hourly).

- A dossier due soon (DUE_SOON_WORKING_HOURS of working time left) warns its assignee.
- A dossier overdue warns the leaders of its commune (who approve and sign).
- A dossier whose last step is older than REMINDER_STEP_WAIT_WORKING_HOURS of working time,
  while its legal clock runs, warns the leaders too, once per step (the dossier's version).
- A feedback report due soon warns the officials of the unit handling it; overdue, the
  leaders.
Each warning goes once (a `Reminder` row, unique per subject, stage and person), through the
notifications outbox in the same transaction. Due soon and overdue are derived by the
deadline modules, never stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from phuongso.accounts.models import Role, User
from phuongso.core import calendar
from phuongso.dossiers import deadlines
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.workflow import CLOCK_RUNS
from phuongso.feedback import deadlines as feedback_deadlines
from phuongso.feedback.models import Report
from phuongso.feedback.workflow import CLOCK_RUNS as FEEDBACK_CLOCK_RUNS
from phuongso.notifications.services import Recipient, queue_and_send_after_commit
from phuongso.reminders.models import Reminder


@dataclass(frozen=True)
class Warning:
    about: str
    stage: str
    commune_id: int
    recipients: tuple[User, ...]
    event: str
    context: dict


def send_reminders(*, now: datetime | None = None) -> int:
    """Send every warning that is due and was not sent yet; returns how many went out."""
    now = now or timezone.now()
    leaders = _Leaders()
    sent = 0
    for warning in [*_dossier_warnings(now, leaders), *_report_warnings(now, leaders)]:
        for person in warning.recipients:
            sent += _send_once(warning, person)
    return sent


def _send_once(warning: Warning, person: User) -> int:
    try:
        with transaction.atomic():
            Reminder.objects.create(
                about=warning.about,
                stage=warning.stage,
                recipient=person,
                commune_id=warning.commune_id,
            )
            queue_and_send_after_commit(
                event=warning.event,
                recipient=Recipient(
                    name=person.full_name, email=person.email or "", phone=person.phone or ""
                ),
                context={**warning.context, "person": person},
                about=warning.about,
            )
    except IntegrityError:
        return 0  # sent before (or by another run at the same moment)
    return 1


def _dossier_warnings(now: datetime, leaders: _Leaders) -> Iterator[Warning]:
    waited_long = timedelta(hours=settings.REMINDER_STEP_WAIT_WORKING_HOURS)
    open_dossiers = (
        Dossier.objects.filter(status__in=CLOCK_RUNS, appointment_at__isnull=False)
        .select_related("procedure", "assignee", "commune")
        .annotate(last_step_at=Max("events__at"))
        .order_by("pk")
    )
    for dossier in open_dossiers.iterator(chunk_size=500):
        about = f"dossier:{dossier.pk}"
        context = {
            "kind": "hồ sơ",
            "code": dossier.code,
            "title": dossier.procedure.name,
            "due_at": dossier.due_at,
            "link": _link("dossiers:desk_dossier", dossier.pk),
        }
        if deadlines.is_overdue(dossier, now=now):
            yield Warning(
                about, "overdue", dossier.commune_id, leaders.of(dossier.commune_id),
                "reminder_overdue", context,
            )  # fmt: skip
        elif deadlines.is_due_soon(dossier, now=now) and dossier.assignee is not None:
            yield Warning(
                about, "due_soon", dossier.commune_id, (dossier.assignee,),
                "reminder_due_soon", context,
            )  # fmt: skip
        if (
            dossier.last_step_at is not None
            and calendar.working_time_between(dossier.last_step_at, now) > waited_long
        ):
            yield Warning(
                about, f"waiting:{dossier.version}", dossier.commune_id,
                leaders.of(dossier.commune_id), "reminder_waiting",
                {**context, "since": dossier.last_step_at},
            )  # fmt: skip


def _report_warnings(now: datetime, leaders: _Leaders) -> Iterator[Warning]:
    open_reports = (
        Report.objects.filter(status__in=FEEDBACK_CLOCK_RUNS, due_at__isnull=False)
        .select_related("category", "current_unit")
        .order_by("pk")
    )
    for report in open_reports.iterator(chunk_size=500):
        about = f"report:{report.pk}"
        context = {
            "kind": "phản ánh",
            "code": str(report.pk),
            "title": report.category.name,
            "due_at": report.due_at,
            "link": _link("feedback:desk_report", report.pk),
        }
        if feedback_deadlines.is_overdue(report, now=now):
            yield Warning(
                about, f"overdue:{report.version}", report.commune_id,
                leaders.of(report.commune_id), "reminder_overdue", context,
            )  # fmt: skip
        elif feedback_deadlines.is_due_soon(report, now=now) and report.current_unit_id:
            unit_officials = tuple(
                User.objects.filter(unit_id=report.current_unit_id, is_active=True)
            )
            yield Warning(
                about, f"due_soon:{report.version}", report.commune_id, unit_officials,
                "reminder_due_soon", context,
            )  # fmt: skip


class _Leaders:
    """The leaders (who approve and sign) of each commune, read once per run."""

    def __init__(self) -> None:
        self._by_commune: dict[int, tuple[User, ...]] = {}

    def of(self, commune_id: int) -> tuple[User, ...]:
        if commune_id not in self._by_commune:
            self._by_commune[commune_id] = tuple(
                User.objects.filter(
                    commune_id=commune_id, roles__role=Role.LEADER, is_active=True
                ).distinct()
            )
        return self._by_commune[commune_id]


def _link(name: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"pk": pk})
