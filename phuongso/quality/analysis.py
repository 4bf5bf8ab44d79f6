"""What a leader reads beside the figures: each indicator month by month, and what pulls the
figures down (the procedures, units and officials with the most late or offline dossiers)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from phuongso.accounts.models import User
from phuongso.core.models import GovernmentUnit
from phuongso.quality.indicators import INDICATORS, online_share
from phuongso.quality.models import COUNTERS
from phuongso.quality.periods import Period
from phuongso.quality.slices import (
    Slice,
    Totals,
    catalogue_of,
    fresh,
    grouped,
    monthly_totals,
    unit_kind_of,
)

NOBODY = "Chưa phân công"


def slice_with(s: Slice, period: Period, totals: Totals) -> Slice:
    """The same slice for another period, with its sums already known."""
    other = s.with_period(period)
    other.cache.update(
        totals=totals, catalogue=catalogue_of(s), freshness=fresh(s), unit_kind=unit_kind_of(s)
    )
    return other


def trends(s: Slice, count: int = 12) -> dict[str, list[tuple[str, Decimal | None]]]:
    """Each indicator's value in the `count` months ending with the period's last month."""
    months = s.period.trend(count)
    monthly = monthly_totals(s, months)
    result: dict[str, list[tuple[str, Decimal | None]]] = {i.id: [] for i in INDICATORS}
    for month, totals in zip(months, monthly, strict=True):
        month_slice = slice_with(s, month, totals)
        label = f"{month.start.month:02d}/{month.start.year % 100:02d}"
        for indicator in INDICATORS:
            result[indicator.id].append((label, indicator.compute(month_slice).rate))
    return result


@dataclass(frozen=True)
class PullRow:
    name: str
    bad: int
    total: int

    @property
    def share(self) -> Decimal | None:
        if not self.total:
            return None
        value = Decimal(self.bad) * 100 / Decimal(self.total)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PullTable:
    key: str
    title: str
    dimension: str
    bad_label: str
    total_label: str
    rows: tuple[PullRow, ...]


def _value(values: list[int], name: str) -> int:
    return values[COUNTERS.index(name)]


def _late(by_procedure: dict[int, list[int]], s: Slice) -> tuple[int, int]:
    late = sum(_value(values, "late") for values in by_procedure.values())
    return late, sum(_value(values, "judged") for values in by_procedure.values())


def _offline(by_procedure: dict[int, list[int]], s: Slice) -> tuple[int, int]:
    """Dossiers not counted online by indicator 3.3, of those received."""
    figure = online_share(slice_with(s, s.period, Totals(by_procedure)))
    return figure.denominator - figure.numerator, figure.denominator


MEASURES = {
    "late": ("quá hạn", "Quá hạn", "Đã đánh giá", _late),
    "offline": ("chưa trực tuyến", "Chưa trực tuyến", "Tiếp nhận", _offline),
}
DIMENSIONS = {"procedure_id": "Thủ tục", "unit_id": "Đơn vị", "official_id": "Cán bộ xử lý"}


def _names(s: Slice, dimension: str, keys: list[Any]) -> dict[Any, str]:
    if dimension == "procedure_id":
        infos = catalogue_of(s)
        return {pk: f"{infos[pk].code} {infos[pk].name}" for pk in keys if pk in infos}
    model = GovernmentUnit if dimension == "unit_id" else User
    label = "name" if dimension == "unit_id" else "full_name"
    return dict(model.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", label))


def pulling_down(s: Slice, limit: int = 5) -> list[PullTable]:
    """For late and for offline dossiers: the worst procedures, units and officials."""
    tables = []
    for dimension, heading in DIMENSIONS.items():
        sums = grouped(s, dimension)
        names = _names(s, dimension, list(sums))
        for key, (adjective, bad_label, total_label, measure) in MEASURES.items():
            rows = [
                PullRow(names.get(value) or NOBODY, *measure(by_procedure, s))
                for value, by_procedure in sums.items()
            ]
            rows = sorted(
                (row for row in rows if row.bad),
                key=lambda row: (-row.bad, -(row.share or 0), row.name),
            )
            tables.append(
                PullTable(
                    key=f"{key}-{dimension}",
                    title=f"{heading} có nhiều hồ sơ {adjective} nhất",
                    dimension=heading,
                    bad_label=bad_label,
                    total_label=total_label,
                    rows=tuple(rows[:limit]),
                )
            )
    return tables
