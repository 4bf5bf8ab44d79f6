"""Programmes, plans and tasks as the pages show them: progress rolled up, overdue and
stalled tasks flagged (derived from dates and reports, never stored)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from phuongso.core.models import GovernmentUnit
from phuongso.resolution.models import Plan, Programme, ProgressReport, Resolution, Task, TaskStatus
from phuongso.resolution.progress import (
    TaskFacts,
    days_overdue,
    is_overdue,
    is_stalled,
    mean_progress,
    task_progress,
)


@dataclass
class TaskRow:
    task: Task
    progress: int
    overdue: bool
    days_overdue: int
    stalled: bool
    last_report_on: date | None


@dataclass
class PlanRow:
    plan: Plan
    tasks: list[TaskRow] = field(default_factory=list)

    @property
    def progress(self) -> int | None:
        return mean_progress(row.progress for row in self.tasks)


@dataclass
class ProgrammeRow:
    programme: Programme
    plans: list[PlanRow] = field(default_factory=list)

    @property
    def progress(self) -> int | None:
        return mean_progress(plan.progress for plan in self.plans)

    @property
    def tasks(self) -> list[TaskRow]:
        return [row for plan in self.plans for row in plan.tasks]

    @property
    def overdue(self) -> list[TaskRow]:
        return [row for row in self.tasks if row.overdue]

    @property
    def stalled(self) -> list[TaskRow]:
        return [row for row in self.tasks if row.stalled]


def _facts_then(task: Task, day: date) -> TaskFacts:
    """The task as it stood on `day`, from its reports (for a report on a past period)."""
    percent = task.percent_then or 0
    if percent == 100 or (task.completed_on is not None and task.completed_on <= day):
        status, percent = TaskStatus.DONE, 100
    elif task.status == TaskStatus.PAUSED:
        status = TaskStatus.PAUSED
    else:
        status = TaskStatus.IN_PROGRESS if percent else TaskStatus.NOT_STARTED
    return TaskFacts(status=status, progress=percent, start_date=task.start_date,
                     deadline=task.deadline, last_report_on=task.last_report_on)  # fmt: skip


def task_rows(tasks: QuerySet[Task], *, today: date | None = None) -> list[TaskRow]:
    """Tasks with progress and flags as of `today` (a past day reads the reports up to it)."""
    today = today or timezone.localdate()
    past = today < timezone.localdate()
    after = settings.RESOLUTION_STALLED_AFTER_DAYS
    latest = ProgressReport.objects.filter(task=OuterRef("pk"), reported_on__lte=today)
    queryset = tasks.annotate(
        last_report_on=Max("reports__reported_on", filter=Q(reports__reported_on__lte=today)),
        percent_then=Subquery(latest.order_by("-reported_on", "-pk").values("percent")[:1]),
    ).select_related("lead_unit", "plan__programme")
    rows = []
    for task in queryset.order_by("plan__programme__order", "plan__order", "order", "pk"):
        facts = _facts_then(task, today) if past else TaskFacts(
            status=task.status, progress=task.progress, start_date=task.start_date,
            deadline=task.deadline, last_report_on=task.last_report_on,
        )  # fmt: skip
        rows.append(
            TaskRow(
                task=task,
                progress=task_progress(facts),
                overdue=is_overdue(facts, today=today),
                days_overdue=days_overdue(facts, today=today),
                stalled=is_stalled(facts, today=today, after_days=after),
                last_report_on=task.last_report_on,
            )  # fmt: skip
        )
    return rows


def task_row(task: Task, *, today: date | None = None) -> TaskRow:
    return task_rows(Task.objects.filter(pk=task.pk), today=today)[0]


def programme_rows(
    resolution: Resolution,
    *,
    tasks: QuerySet[Task] | None = None,
    programmes: list[Programme] | None = None,
    today: date | None = None,
) -> list[ProgrammeRow]:
    """Each programme with its plans and their tasks (those in `tasks`, else all)."""
    if tasks is None:
        tasks = Task.objects.filter(plan__programme__resolution=resolution)
    by_plan: dict[int, list[TaskRow]] = defaultdict(list)
    for row in task_rows(tasks, today=today):
        by_plan[row.task.plan_id].append(row)
    if programmes is None:
        programmes = list(resolution.programmes.select_related("lead_unit"))
    plans = Plan.objects.filter(programme__in=programmes).order_by("order", "pk")
    plans_by_programme: dict[int, list[PlanRow]] = defaultdict(list)
    for plan in plans:
        plans_by_programme[plan.programme_id].append(PlanRow(plan=plan, tasks=by_plan[plan.pk]))
    return [
        ProgrammeRow(programme=programme, plans=plans_by_programme[programme.pk])
        for programme in programmes
    ]


def by_unit(rows: list[TaskRow]) -> list[tuple[GovernmentUnit, list[TaskRow]]]:
    """Rows grouped by lead unit, units with the most rows first."""
    groups: dict[int, list[TaskRow]] = defaultdict(list)
    units: dict[int, GovernmentUnit] = {}
    for row in rows:
        groups[row.task.lead_unit_id].append(row)
        units[row.task.lead_unit_id] = row.task.lead_unit
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), units[item[0]].name))
    return [(units[unit_id], unit_rows) for unit_id, unit_rows in ordered]
