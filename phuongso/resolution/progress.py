"""The formulas of resolution monitoring, each in one pure function (no database).

- the planned path from the baseline to the target (compound for money, linear for rates);
- the planned value of a quarter;
- whether a value meets the target (at least, over, at most, basically none);
- the status of a period against the path (on track, at risk, off track);
- progress rolled up from tasks to plans to programmes; overdue and stalled tasks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.db import models

from phuongso.resolution.models import (
    Comparator,
    Direction,
    Measure,
    PathMethod,
    TaskStatus,
    ValueKind,
)

PLACES = Decimal("0.0001")


class IndicatorStatus(models.TextChoices):
    ON_TRACK = "on_track", "Đúng lộ trình"
    AT_RISK = "at_risk", "Có nguy cơ chậm"
    OFF_TRACK = "off_track", "Chậm so với lộ trình"
    NO_PLAN = "no_plan", "Chưa có lộ trình"
    NO_DATA = "no_data", "Chưa có số liệu"
    NO_SOURCE = "no_source", "Chưa có nguồn số liệu"


# The traffic light each status shows (the label always goes with it: colour is not enough).
LIGHT = {
    IndicatorStatus.ON_TRACK: "green",
    IndicatorStatus.AT_RISK: "amber",
    IndicatorStatus.OFF_TRACK: "red",
    IndicatorStatus.NO_PLAN: "grey",
    IndicatorStatus.NO_DATA: "grey",
    IndicatorStatus.NO_SOURCE: "grey",
}


def _q(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


# --- the planned path ---------------------------------------------------------------


def default_method(kind: str, measure: str) -> str:
    """Money grows by a constant rate; rates, counts and term totals by a constant step."""
    if kind == ValueKind.MONEY and measure != Measure.CUMULATIVE:
        return PathMethod.COMPOUND
    return PathMethod.LINEAR


def annual_growth(start: Decimal, target: Decimal, years: int) -> Decimal | None:
    """The constant yearly rate (as a fraction) taking `start` to `target` in `years`."""
    if years <= 0 or start <= 0 or target <= 0:
        return None
    with localcontext() as context:
        context.prec = 28
        return (target / start) ** (Decimal(1) / Decimal(years)) - 1


def derive_path(
    *,
    start_year: int,
    start_value: Decimal,
    target_year: int,
    target_value: Decimal | None,
    method: str,
) -> dict[int, Decimal]:
    """Planned value for every year from `start_year` to `target_year`, both included.

    Compound: start × (1 + g)^(year − start_year), g the constant rate reaching the target.
    Linear: start + (target − start) × (year − start_year) ÷ (target_year − start_year).
    Without a target number the path holds the start value (do not fall back).
    """
    span = target_year - start_year
    if span <= 0:
        return {target_year: _q(target_value if target_value is not None else start_value)}
    if target_value is None:
        return {year: _q(start_value) for year in range(start_year, target_year + 1)}
    growth = annual_growth(start_value, target_value, span)
    path = {}
    for step in range(span + 1):
        if method == PathMethod.COMPOUND and growth is not None:
            value = start_value * (1 + growth) ** step
        else:
            value = start_value + (target_value - start_value) * step / span
        path[start_year + step] = _q(value)
    path[target_year] = _q(target_value)
    return path


def effective_target(
    *, comparator: str, target_value: Decimal | None, tolerance: Decimal
) -> Decimal | None:
    """The number the path heads to: 'basically none' heads to its tolerance."""
    if comparator == Comparator.BASICALLY_NONE:
        return tolerance
    return target_value


def with_overrides(
    path: Mapping[int, Decimal], overrides: Mapping[int, Decimal]
) -> dict[int, Decimal]:
    """The derived path with the years a leader set by hand replaced."""
    merged = dict(path)
    merged.update({year: _q(value) for year, value in overrides.items()})
    return dict(sorted(merged.items()))


def planned_for_quarter(
    *, measure: str, planned_year: Decimal | None, planned_before: Decimal | None, quarter: int
) -> Decimal | None:
    """The plan at the end of a quarter.

    Flows (budget revenue) are reported year-to-date: the year's plan × quarter ÷ 4.
    Levels and term totals move from last year's plan to this year's by quarters.
    """
    if planned_year is None:
        return None
    share = Decimal(quarter) / 4
    if measure == Measure.FLOW:
        return _q(planned_year * share)
    if planned_before is None:
        return planned_year
    return _q(planned_before + (planned_year - planned_before) * share)


def cumulative(values: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """Running totals of yearly amounts (a term total such as social investment)."""
    total = Decimal(0)
    result = {}
    for year in sorted(values):
        total += values[year]
        result[year] = total
    return result


# --- the target and the status ---------------------------------------------------------


def meets_target(
    value: Decimal | None,
    *,
    comparator: str,
    target_value: Decimal | None,
    tolerance: Decimal,
) -> bool:
    """Whether `value` satisfies the target: ≥, >, ≤, or ≤ tolerance for 'basically none'."""
    if value is None:
        return False
    if comparator == Comparator.BASICALLY_NONE:
        return value <= tolerance
    if target_value is None or not comparator:
        return False
    if comparator == Comparator.AT_LEAST:
        return value >= target_value
    if comparator == Comparator.OVER:
        return value > target_value
    return value <= target_value


def shortfall(value: Decimal, planned: Decimal, direction: str) -> Decimal:
    """How far `value` is behind `planned`, as a fraction of the plan (≤ 0: not behind)."""
    if direction == Direction.HIGHER:
        behind = planned - value
    elif direction == Direction.LOWER:
        behind = value - planned
    else:
        behind = abs(value - planned)
    if planned == 0:
        return Decimal(1) if behind > 0 else Decimal(0)
    return behind / abs(planned)


def period_status(
    *,
    value: Decimal | None,
    planned: Decimal | None,
    direction: str,
    at_risk_gap: Decimal,
    meets_final_target: bool = False,
) -> IndicatorStatus:
    """On track when at or ahead of the path (or already meeting the final target); at risk
    when short by at most `at_risk_gap` of the planned value; off track beyond."""
    if value is None:
        return IndicatorStatus.NO_DATA
    if meets_final_target:
        return IndicatorStatus.ON_TRACK
    if planned is None:
        return IndicatorStatus.NO_PLAN
    gap = shortfall(value, planned, direction)
    if gap <= 0:
        return IndicatorStatus.ON_TRACK
    if gap <= at_risk_gap:
        return IndicatorStatus.AT_RISK
    return IndicatorStatus.OFF_TRACK


def percent_of_target(
    value: Decimal | None,
    *,
    direction: str,
    start: Decimal | None,
    target: Decimal | None,
) -> Decimal | None:
    """Higher is better: value ÷ target. Lower is better: share of the way from the start
    (baseline) to the target covered so far. None when it cannot be said."""
    if value is None or target is None:
        return None
    if direction == Direction.LOWER:
        if start is None or start == target:
            return None
        ratio = (start - value) / (start - target)
    elif target == 0:
        return None
    else:
        ratio = value / target
    return (ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- tasks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskFacts:
    status: str
    progress: int
    start_date: date
    deadline: date
    last_report_on: date | None


def task_progress(facts: TaskFacts) -> int:
    return 100 if facts.status == TaskStatus.DONE else facts.progress


def mean_progress(values: Iterable[int | None]) -> int | None:
    """The plain average of the parts' progress (a plan of its tasks, a programme of its
    plans); parts without tasks are left out. None when nothing to average."""
    present = [value for value in values if value is not None]
    if not present:
        return None
    return int((Decimal(sum(present)) / len(present)).quantize(Decimal(1), ROUND_HALF_UP))


def is_overdue(facts: TaskFacts, *, today: date) -> bool:
    return facts.status != TaskStatus.DONE and facts.deadline < today


def days_overdue(facts: TaskFacts, *, today: date) -> int:
    return (today - facts.deadline).days if is_overdue(facts, today=today) else 0


def is_stalled(facts: TaskFacts, *, today: date, after_days: int) -> bool:
    """A started, unfinished, unpaused task with no report for `after_days` days."""
    if facts.status in (TaskStatus.DONE, TaskStatus.PAUSED) or facts.start_date > today:
        return False
    last = facts.last_report_on or facts.start_date
    return last < today - timedelta(days=after_days)
