"""Who has the most overdue work: for the commune's leaders, derived from the deadlines."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from phuongso.accounts.models import Role
from phuongso.core.access import staff_required
from phuongso.dossiers import deadlines
from phuongso.dossiers.access import visible_dossiers
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.workflow import CLOCK_RUNS


@dataclass
class Workload:
    name: str
    unit: str
    overdue: list[Dossier] = field(default_factory=list)
    due_soon: list[Dossier] = field(default_factory=list)


@staff_required(Role.LEADER, Role.LEADERSHIP)
def overdue_by_official(request: HttpRequest) -> HttpResponse:
    """Open dossiers whose legal clock runs, counted per assignee (or per unit while nobody
    is assigned), most overdue first."""
    now = timezone.now()
    open_dossiers = (
        visible_dossiers(request.user)
        .filter(status__in=CLOCK_RUNS, appointment_at__isnull=False)
        .select_related("procedure", "assignee__unit", "current_unit")
    )
    loads: dict[object, Workload] = defaultdict(lambda: Workload("", ""))
    for dossier in open_dossiers:
        if dossier.assignee is not None:
            key, name = dossier.assignee_id, dossier.assignee.full_name
            unit = str(dossier.assignee.unit or "")
        else:
            key, name = ("unit", dossier.current_unit_id), "(chưa phân công)"
            unit = str(dossier.current_unit or "")
        load = loads[key]
        load.name, load.unit = name, unit
        if deadlines.is_overdue(dossier, now=now):
            load.overdue.append(dossier)
        elif deadlines.is_due_soon(dossier, now=now):
            load.due_soon.append(dossier)
    rows = sorted(
        (load for load in loads.values() if load.overdue or load.due_soon),
        key=lambda load: (-len(load.overdue), -len(load.due_soon), load.name),
    )
    return render(request, "reminders/overdue.html", {"rows": rows, "now": now})
