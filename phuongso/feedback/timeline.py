"""A report's history as people read it, built from its event log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from phuongso.accounts.models import Role
from phuongso.core.history import status_reached
from phuongso.feedback.models import Report
from phuongso.feedback.workflow import ANYONE, REPORTER, SYSTEM, Action, Status

ROLE_LABELS = {
    REPORTER: "Người phản ánh",
    ANYONE: "Người dân",
    SYSTEM: "Hệ thống",
    **{role.value: role.label for role in Role},
}


@dataclass(frozen=True)
class Step:
    at: datetime
    title: str
    status: str  # the status it led to; empty when the step left the status as it was
    who: str
    note: str
    action: str


PUBLIC, REPORTER_VIEW, STAFF = "public", "reporter", "staff"


def timeline(report: Report, *, audience: str) -> list[Step]:
    """Every step, oldest first. The public sees the public steps only, by role and unit; the
    reporter also their own additions and transfers; officials every step, with names."""
    events = report.events.select_related("actor", "actor__unit").order_by("at", "pk")
    if audience == PUBLIC:
        events = events.filter(is_public=True)
    elif audience == REPORTER_VIEW:
        events = events.exclude(action=Action.FOLLOW)
    show_names = audience == STAFF
    steps = []
    for event in events:
        who = ROLE_LABELS.get(event.actor_role, event.actor_role)
        if event.actor and event.actor.unit and event.actor_role not in (REPORTER, ANYONE):
            who = f"{who} – {event.actor.unit.name}"
        if show_names and event.actor:
            who = f"{event.actor.full_name} ({who})"
        steps.append(
            Step(
                at=event.at,
                title=Action(event.action).label,
                status=status_reached(
                    event.from_status, event.to_status, Status(event.to_status).label
                ),
                who=who,
                note=event.note,
                action=event.action,
            )
        )
    return steps
