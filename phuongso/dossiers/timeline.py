"""The dossier's history as people read it, built from its event log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from phuongso.accounts.models import Role
from phuongso.core.history import status_reached
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.workflow import CITIZEN, RECEIVING_COUNTER, SYSTEM, Action, Status

ROLE_LABELS = {
    CITIZEN: "Người nộp hồ sơ",
    SYSTEM: "Hệ thống",
    RECEIVING_COUNTER: "Bộ phận Một cửa nơi tiếp nhận",
    **{role.value: role.label for role in Role},
}


@dataclass(frozen=True)
class Step:
    at: datetime
    title: str
    status: str  # the status it led to; empty when the step left the status as it was
    who: str
    note: str


def timeline(dossier: Dossier, *, show_names: bool = False) -> list[Step]:
    """Every step, oldest first. Citizens see roles and units; officials also see names."""
    steps = []
    events = (
        dossier.events.select_related("actor", "actor__unit")
        # Only what a step shows: the rest of the event and of its actor is not read.
        .only(
            "dossier",
            "at",
            "action",
            "from_status",
            "to_status",
            "actor_role",
            "note",
            "actor__full_name",
            "actor__unit__name",
        )
        .order_by("at", "pk")
    )
    for event in events:
        who = ROLE_LABELS.get(event.actor_role, event.actor_role)
        if event.actor and event.actor.unit and event.actor_role != CITIZEN:
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
            )
        )
    return steps
