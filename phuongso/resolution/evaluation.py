"""An indicator as the dashboard, its page, the report and the API see it.

Reads the stored figures (or computes them live from their source module), lays the planned
path over the term and gives each year and quarter its status. The formulas themselves live
in progress.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from phuongso.core.figures import Figure
from phuongso.resolution import sources
from phuongso.resolution.formatting import period_label, with_unit
from phuongso.resolution.models import ActualValue, Comparator, Indicator, Measure
from phuongso.resolution.progress import (
    IndicatorStatus,
    annual_growth,
    cumulative,
    default_method,
    derive_path,
    effective_target,
    meets_target,
    percent_of_target,
    period_status,
    planned_for_quarter,
    with_overrides,
)

Period = tuple[int, int]  # (year, quarter); quarter 0 is the whole year


@dataclass
class PeriodRow:
    year: int
    quarter: int
    planned: Decimal | None
    planned_is_manual: bool = False
    entered: Decimal | None = None  # as typed in or computed for the period
    value: Decimal | None = None  # as compared with the path (a running total for term totals)
    actual: ActualValue | None = None
    figure: Figure | None = None
    status: IndicatorStatus = IndicatorStatus.NO_DATA
    percent_of_target: Decimal | None = None

    @property
    def label(self) -> str:
        return period_label(self.year, self.quarter)

    @property
    def order(self) -> tuple[int, int]:
        return (self.year, self.quarter or 5)


@dataclass
class Evaluation:
    indicator: Indicator
    path: dict[int, Decimal]
    path_start: tuple[int, Decimal] | None
    target: Decimal | None  # the number the path heads to ('basically none': its tolerance)
    tolerance: Decimal
    rows: dict[Period, PeriodRow]
    source_available: bool = True
    growth: Decimal | None = None
    method: str = ""
    formula: str = ""
    source_label: str = ""
    latest: PeriodRow | None = field(default=None)

    @property
    def status(self) -> IndicatorStatus:
        if not self.source_available:
            return IndicatorStatus.NO_SOURCE
        return self.latest.status if self.latest else IndicatorStatus.NO_DATA

    @property
    def years(self) -> list[PeriodRow]:
        return [row for (_, quarter), row in sorted(self.rows.items()) if quarter == 0]

    def quarters_of(self, year: int) -> list[PeriodRow]:
        return [self.rows[(year, q)] for q in range(1, 5) if (year, q) in self.rows]

    def row(self, year: int, quarter: int = 0) -> PeriodRow | None:
        return self.rows.get((year, quarter))

    @property
    def target_phrase(self) -> str:
        """The target as the resolution says it: "Trên 632 tỷ đồng", "Cơ bản không còn"."""
        indicator = self.indicator
        comparator = indicator.target_comparator
        if comparator == Comparator.BASICALLY_NONE:
            return f"Cơ bản không còn (không quá {with_unit(self.tolerance, indicator.unit)})"
        if indicator.target_value is None:
            return indicator.target_text or "Chưa lượng hóa"
        amount = with_unit(indicator.target_value, indicator.unit)
        return f"{Comparator(comparator).label} {amount}" if comparator else amount

    def manual_years(self) -> set[int]:
        return {year for (year, q), row in self.rows.items() if q == 0 and row.planned_is_manual}


def _quarter_bounds(year: int, quarter: int, today: date) -> tuple[date, date]:
    if quarter == 0:
        start, end = date(year, 1, 1), date(year, 12, 31)
    else:
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
    return start, min(end, today)


def _typed(indicator: Indicator) -> tuple[dict[Period, Decimal], dict[Period, ActualValue]]:
    actuals = {(a.year, a.quarter): a for a in indicator.actuals.all()}
    return {period: a.value for period, a in actuals.items()}, actuals


def _computed(
    indicator: Indicator, today: date, with_quarters: bool
) -> tuple[dict[Period, Decimal], dict[Period, Figure], bool]:
    key = indicator.source_function
    if not sources.is_available(key):
        return {}, {}, False
    values: dict[Period, Decimal] = {}
    figures: dict[Period, Figure] = {}
    resolution = indicator.resolution
    for year in range(resolution.term_start, min(resolution.term_end, today.year) + 1):
        for quarter in range(5 if with_quarters else 1):
            start, end = _quarter_bounds(year, quarter, today)
            if start > today:
                continue
            figure = sources.compute(key, commune=resolution.commune, start=start, end=end)
            if figure is None:
                return {}, {}, False
            figures[(year, quarter)] = figure
            if figure.rate is not None:
                values[(year, quarter)] = figure.rate
    return values, figures, True


def _measured(indicator: Indicator, entered: dict[Period, Decimal]) -> dict[Period, Decimal]:
    """The value compared with the path: term totals add up the years of the term."""
    if indicator.measure != Measure.CUMULATIVE:
        return dict(entered)
    first = (indicator.baseline_year or indicator.resolution.term_start - 1) + 1
    yearly = {y: v for (y, q), v in entered.items() if q == 0 and y >= first}
    running = cumulative(yearly)
    measured: dict[Period, Decimal] = {}
    for (year, quarter), value in entered.items():
        if year < first:
            continue
        if quarter == 0:
            measured[(year, 0)] = running[year]
        else:
            before = sum((v for y, v in yearly.items() if y < year), Decimal(0))
            measured[(year, quarter)] = before + value
    return measured


def _path_start(
    indicator: Indicator, measured: dict[Period, Decimal]
) -> tuple[int, Decimal] | None:
    if indicator.measure == Measure.CUMULATIVE:
        return (indicator.baseline_year or indicator.resolution.term_start - 1, Decimal(0))
    if indicator.baseline_year is not None and indicator.baseline_value is not None:
        return (indicator.baseline_year, indicator.baseline_value)
    yearly = sorted((y, v) for (y, q), v in measured.items() if q == 0)
    return yearly[0] if yearly else None


def _path(indicator: Indicator, start: tuple[int, Decimal] | None, target: Decimal | None,
          method: str) -> tuple[dict[int, Decimal], set[int]]:  # fmt: skip
    if start is not None:
        derived = derive_path(
            start_year=start[0], start_value=start[1], target_year=indicator.target_year,
            target_value=target, method=method,
        )  # fmt: skip
    else:
        derived = {indicator.target_year: target} if target is not None else {}
    overrides = {p.year: p.value for p in indicator.planned_values.all()}
    return with_overrides(derived, overrides), set(overrides)


def evaluate(
    indicator: Indicator, *, today: date | None = None, with_quarters: bool = True
) -> Evaluation:
    """Everything known about an indicator: path, figures, status of each year and quarter."""
    today = today or timezone.localdate()
    tolerance = (
        indicator.target_tolerance
        if indicator.target_tolerance is not None
        else settings.RESOLUTION_BASICALLY_NONE_AT_MOST
    )
    figures: dict[Period, Figure] = {}
    actuals: dict[Period, ActualValue] = {}
    available = True
    if indicator.is_computed:
        entered, figures, available = _computed(indicator, today, with_quarters)
    else:
        entered, actuals = _typed(indicator)
    measured = _measured(indicator, entered)
    target = effective_target(
        comparator=indicator.target_comparator,
        target_value=indicator.target_value,
        tolerance=tolerance,
    )
    method = indicator.path_method or default_method(indicator.kind, indicator.measure)
    start = _path_start(indicator, measured)
    path, manual = _path(indicator, start, target, method)
    evaluation = Evaluation(
        indicator=indicator, path=path, path_start=start, target=target, tolerance=tolerance,
        rows={}, source_available=available, method=method,
    )  # fmt: skip
    if start is not None and target is not None and method == "compound":
        evaluation.growth = annual_growth(start[1], target, indicator.target_year - start[0])
    _describe_source(evaluation, figures)
    _fill_rows(evaluation, entered, measured, actuals, figures, manual)
    return evaluation


def _describe_source(evaluation: Evaluation, figures: dict[Period, Figure]) -> None:
    key = evaluation.indicator.source_function
    if not key:
        return
    source = sources.get_source(key)
    evaluation.source_label = source.label if source else key
    latest = max(figures.items(), default=None, key=lambda item: (item[0][0], item[0][1] or 5))
    if latest is not None:
        evaluation.formula = latest[1].formula


def _fill_rows(
    evaluation: Evaluation,
    entered: dict[Period, Decimal],
    measured: dict[Period, Decimal],
    actuals: dict[Period, ActualValue],
    figures: dict[Period, Figure],
    manual: set[int],
) -> None:
    indicator = evaluation.indicator
    gap = settings.RESOLUTION_AT_RISK_GAP
    start_value = evaluation.path_start[1] if evaluation.path_start else None
    resolution = indicator.resolution
    last = max(resolution.term_end, indicator.target_year)
    for year in range(resolution.term_start, last + 1):
        for quarter in range(5):
            planned = (
                evaluation.path.get(year)
                if quarter == 0
                else planned_for_quarter(
                    measure=indicator.measure,
                    planned_year=evaluation.path.get(year),
                    planned_before=evaluation.path.get(year - 1),
                    quarter=quarter,
                )  # fmt: skip
            )
            value = measured.get((year, quarter))
            whole_or_level = quarter == 0 or indicator.measure != Measure.FLOW
            meets = whole_or_level and meets_target(
                value, comparator=indicator.target_comparator,
                target_value=indicator.target_value, tolerance=evaluation.tolerance,
            )  # fmt: skip
            row = PeriodRow(
                year=year, quarter=quarter, planned=planned,
                planned_is_manual=quarter == 0 and year in manual,
                entered=entered.get((year, quarter)), value=value,
                actual=actuals.get((year, quarter)), figure=figures.get((year, quarter)),
                status=period_status(
                    value=value, planned=planned, direction=indicator.direction,
                    at_risk_gap=gap, meets_final_target=meets,
                ),
            )  # fmt: skip
            if whole_or_level:
                row.percent_of_target = percent_of_target(
                    value, direction=indicator.direction, start=start_value,
                    target=evaluation.target,
                )  # fmt: skip
            evaluation.rows[(year, quarter)] = row
    with_values = [row for row in evaluation.rows.values() if row.value is not None]
    evaluation.latest = max(with_values, key=lambda row: row.order, default=None)


def evaluate_all(indicators: list[Indicator], *, today: date | None = None,
                 with_quarters: bool = True) -> list[Evaluation]:  # fmt: skip
    return [evaluate(i, today=today, with_quarters=with_quarters) for i in indicators]
