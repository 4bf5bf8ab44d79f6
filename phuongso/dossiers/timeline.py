"""The dossier's history as people read it, built from its event log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from phuongso.accounts.models import Role
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.workflow import CITIZEN, SYSTEM, Action, Status

ROLE_LABELS = {
    CITIZEN: "Người nộp hồ sơ",
    SYSTEM: "Hệ thống",
    **{role.value: role.label for role in Role},
}


@dataclass(frozen=True)
class Step:
    at: datetime
    title: str
    status: str
    who: str
    note: str


def timeline(dossier: Dossier, *, show_names: bool = False) -> list[Step]:
    """Every step, oldest first. Citizens see roles and units; officials also see names."""
    steps = []
    for event in dossier.events.select_related("actor", "actor__unit").order_by("at", "pk"):
        who = ROLE_LABELS.get(event.actor_role, event.actor_role)
        if event.actor and event.actor.unit and event.actor_role != CITIZEN:
            who = f"{who} – {event.actor.unit.name}"
        if show_names and event.actor:
            who = f"{event.actor.full_name} ({who})"
        steps.append(
            Step(
                at=event.at,
                title=Action(event.action).label,
                status=Status(event.to_status).label,
                who=who,
                note=event.note,
            )
        )
    return steps
