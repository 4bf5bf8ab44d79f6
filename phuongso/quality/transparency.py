"""What the public page (công khai) publishes: no personal data, dossier codes only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from phuongso.core.figures import Figure
from phuongso.core.models import Commune
from phuongso.dossiers.models import Dossier
from phuongso.quality import indicators
from phuongso.quality.models import COUNTERS
from phuongso.quality.periods import Period
from phuongso.quality.slices import Slice, catalogue_of, totals

LATE_LIST_LIMIT = 200


@dataclass(frozen=True)
class FieldRow:
    name: str
    received: int
    finished: int
    judged: int
    on_time: int

    @property
    def on_time_rate(self) -> Decimal | None:
        return Figure(self.on_time, self.judged, "", "").rate


@dataclass(frozen=True)
class Month:
    period: Period
    on_time: Figure
    online: Figure
    satisfaction: Figure
    counts: list[indicators.Count]
    fields: list[FieldRow]
    late: list[Dossier]
    late_total: int


def _fields(s: Slice) -> list[FieldRow]:
    t = totals(s)
    infos = catalogue_of(s)
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    wanted = [COUNTERS.index(name) for name in ("received", "ended", "judged")]
    early, on_time = COUNTERS.index("early"), COUNTERS.index("on_time")
    for pk, values in t.by_procedure.items():
        name = infos[pk].field_name if pk in infos else "Khác"
        row = sums[name]
        for position, index in enumerate(wanted):
            row[position] += values[index]
        row[3] += values[early] + values[on_time]
    return [FieldRow(name, *values) for name, values in sorted(sums.items())]


def _late(s: Slice) -> tuple[list[Dossier], int]:
    drill = indicators.drill_on_time(s)
    rows = (
        drill.rows.exclude(drill.counted)
        .select_related("procedure", "quality_fact")
        .only(
            "code", "appointment_at", "new_appointment_at", "processing_ended_at",
            "procedure__name", "procedure__national_code", "quality_fact__apology_at",
            "quality_fact__judged_day", "supplement_requests",
        )
        .order_by("-quality_fact__judged_day", "code")
    )  # fmt: skip
    figure = indicators.on_time(s)
    return list(rows[:LATE_LIST_LIMIT]), figure.denominator - figure.numerator


def month(commune: Commune, period: Period) -> Month:
    s = Slice(commune=commune, period=period)
    late, late_total = _late(s)
    return Month(
        period=period,
        on_time=indicators.on_time(s),
        online=indicators.online_share(s),
        satisfaction=indicators.satisfaction(s),
        counts=[c for c in indicators.counts(s) if c.key != "apologised"],
        fields=_fields(s),
        late=late,
        late_total=late_total,
    )


def field_table(months: list[Month]) -> list[tuple[str, list[tuple[str, FieldRow | None]]]]:
    """One row per field, with each month's counts side by side (None: nothing that month)."""
    names = sorted({row.name for m in months for row in m.fields})
    by_month = [(m.period.label, {row.name: row for row in m.fields}) for m in months]
    return [(name, [(label, rows.get(name)) for label, rows in by_month]) for name in names]


def public_figures(commune: Commune, periods: list[Period]) -> dict[str, Any]:
    months = [month(commune, period) for period in periods]
    return {
        "commune": commune,
        "months": months,
        "field_table": field_table(months),
        "late_limit": LATE_LIST_LIMIT,
    }
