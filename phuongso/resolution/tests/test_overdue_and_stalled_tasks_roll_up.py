from __future__ import annotations

import datetime as dt

from phuongso.resolution.models import TaskStatus
from phuongso.resolution.progress import (
    TaskFacts,
    days_overdue,
    is_overdue,
    is_stalled,
    mean_progress,
    task_progress,
)
from phuongso.resolution.tracking import programme_rows

TODAY = dt.date(2026, 11, 26)


def facts(status: str = TaskStatus.IN_PROGRESS, *, deadline: str = "2026-12-31",
          last: str | None = "2026-11-01", progress: int = 40) -> TaskFacts:  # fmt: skip
    return TaskFacts(status=status, progress=progress, start_date=dt.date(2026, 1, 1),
                     deadline=dt.date.fromisoformat(deadline),
                     last_report_on=dt.date.fromisoformat(last) if last else None)  # fmt: skip


def test_an_unfinished_task_past_its_deadline_is_overdue() -> None:
    assert is_overdue(facts(deadline="2026-11-15"), today=TODAY)
    assert days_overdue(facts(deadline="2026-11-15"), today=TODAY) == 11
    assert not is_overdue(facts(deadline="2026-11-26"), today=TODAY)
    assert not is_overdue(facts(TaskStatus.DONE, deadline="2026-11-15"), today=TODAY)


def test_a_running_task_without_a_report_for_the_set_time_is_stalled() -> None:
    assert not is_stalled(facts(last="2026-10-27"), today=TODAY, after_days=30)
    assert is_stalled(facts(last="2026-10-26"), today=TODAY, after_days=30)
    assert is_stalled(facts(last=None), today=TODAY, after_days=30)  # since its start
    assert not is_stalled(facts(TaskStatus.PAUSED, last=None), today=TODAY, after_days=30)
    assert not is_stalled(facts(TaskStatus.DONE, last=None), today=TODAY, after_days=30)


def test_progress_rolls_up_as_plain_averages() -> None:
    assert task_progress(facts(TaskStatus.DONE, progress=70)) == 100
    assert mean_progress([100, 55]) == 78
    assert mean_progress([None, 30]) == 30
    assert mean_progress([]) is None


def test_the_seeded_programmes_roll_up_their_tasks(resolution, settings) -> None:
    rows = {row.programme.name: row for row in programme_rows(resolution, today=TODAY)}
    infrastructure = rows["Đầu tư xây dựng kết cấu hạ tầng đô thị theo hướng hiện đại"]
    assert [task.progress for task in infrastructure.tasks] == [100, 55]
    assert infrastructure.plans[0].progress == 78
    assert infrastructure.progress == 78
    assert [row.task.name[:9] for row in infrastructure.overdue] == ["Kêu gọi đ"]
    settings.RESOLUTION_STALLED_AFTER_DAYS = 100
    rows = {row.programme.name: row for row in programme_rows(resolution, today=TODAY)}
    assert not rows["Đầu tư xây dựng kết cấu hạ tầng đô thị theo hướng hiện đại"].stalled
