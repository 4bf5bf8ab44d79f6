"""A slice of the figures (a commune, a period, and optionally one unit, procedure, field,
official, channel or former unit) and the sums the indicators read for it.

The sums come from the rollups (ProcedureDay for the commune or a procedure or field,
SliceDay for the other slices), as last folded (rollups.py); the catalogue indicators
(3.1, 3.2, 3.5) read the commune's procedures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from phuongso.core.models import Commune, GovernmentUnit
from phuongso.procedures.models import Channel, ChannelOption, OnlineLevel, Procedure, ResultKind
from phuongso.quality import rollups
from phuongso.quality.models import COUNTERS, DossierFact, ProcedureDay, SliceDay
from phuongso.quality.periods import Period

FINE = ("unit_id", "official_id", "channel", "former_unit_id")


@dataclass(frozen=True)
class Slice:
    commune: Commune
    period: Period
    unit_id: int | None = None
    procedure_id: int | None = None
    field_id: int | None = None
    official_id: int | None = None
    channel: str | None = None
    former_unit_id: int | None = None
    # Sums already read for this slice (one read per page, whatever the number of indicators).
    cache: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        return self.period.end

    @property
    def fine(self) -> bool:
        """Whether the slice needs the per-unit, per-official sums (SliceDay)."""
        return any(getattr(self, name) not in (None, "") for name in FINE)

    def with_period(self, period: Period) -> Slice:
        return replace(self, period=period, cache={})

    def filters(self) -> dict[str, Any]:
        """Filters of the slice's dimensions, as names of the rollups' and facts' columns."""
        return {
            name: getattr(self, name)
            for name in (*FINE, "procedure_id")
            if getattr(self, name) not in (None, "")
        }


# --- the catalogue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcedureInfo:
    id: int
    commune_id: int
    code: str
    name: str
    field_id: int
    field_name: str
    unit_kind: str
    result_kind: str
    online_level: str
    active: bool
    offers_online: bool
    has_fee: bool
    handled_elsewhere: bool = False

    @property
    def document_result(self) -> bool:
        return self.result_kind == ResultKind.DOCUMENT

    @property
    def fully_online(self) -> bool:
        return self.online_level == OnlineLevel.FULL


PROCEDURE_COLUMNS = (
    "id", "commune_id", "national_code", "name", "field_id", "field__name",
    "implementing_unit_kind", "result_kind", "online_level", "is_active",
)  # fmt: skip
ELSEWHERE = "handled_elsewhere"


def catalogue(commune_ids: list[int]) -> dict[int, ProcedureInfo]:
    """Every procedure of these communes (active or not), with what the index needs."""
    online: set[int] = set()
    fee: set[int] = set()
    options = ChannelOption.objects.filter(
        procedure__commune_id__in=commune_ids, available=True
    ).values_list("procedure_id", "channel", "fee_amount")
    for procedure_id, channel, amount in options:
        if channel == Channel.ONLINE:
            online.add(procedure_id)
        if (amount or 0) > 0:
            fee.add(procedure_id)
    rows = Procedure.objects.filter(commune_id__in=commune_ids).values_list(
        *PROCEDURE_COLUMNS, ELSEWHERE
    )
    return {
        row[0]: ProcedureInfo(
            *row[:-1],
            offers_online=row[0] in online,
            has_fee=row[0] in fee,
            handled_elsewhere=bool(row[-1].strip()),
        )
        for row in rows
    }


def elsewhere_ids(s: Slice) -> list[int]:
    """Procedures another body handles on its own system (`handled_elsewhere`): the ward's
    one-stop does not receive them, and they are never counted in its figures."""
    return [p.id for p in catalogue_of(s).values() if p.handled_elsewhere]


def catalogue_of(s: Slice) -> dict[int, ProcedureInfo]:
    if "catalogue" not in s.cache:
        s.cache["catalogue"] = catalogue([s.commune.pk])
    return s.cache["catalogue"]


def unit_kind_of(s: Slice) -> str | None:
    """The kind of the slice's unit (None without a unit filter)."""
    if "unit_kind" not in s.cache:
        unit_kind = None
        if s.unit_id:
            unit_kind = GovernmentUnit.objects.filter(pk=s.unit_id).values_list("kind", flat=True)
            unit_kind = unit_kind.first()
        s.cache["unit_kind"] = unit_kind
    return s.cache["unit_kind"]


def procedures_in(s: Slice) -> list[ProcedureInfo]:
    """The commune's active procedures the slice covers (for 3.1, 3.2 and 3.5)."""
    unit_kind = unit_kind_of(s)
    return [
        info
        for info in catalogue_of(s).values()
        if info.active
        and not info.handled_elsewhere
        and (not s.procedure_id or info.id == s.procedure_id)
        and (not s.field_id or info.field_id == s.field_id)
        and (unit_kind is None or info.unit_kind == unit_kind)
    ]


# --- the sums -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenAtEnd:
    """Dossiers received by the period's end and not yet ended then (index-766-formulas.md
    2.1: "Chưa có trạng thái hoàn thành → lấy ngày cuối kỳ báo cáo là ngày kết thúc xử lý"):
    judged at the period's last day, in time when that day is not after their due day."""

    total: int = 0
    in_time: int = 0
    unhappy: int = 0


@dataclass
class Totals:
    """Counters per procedure for a slice, and the dossiers still in progress."""

    by_procedure: dict[int, list[int]]
    in_progress: int = 0
    overdue: int = 0
    at_end: OpenAtEnd | None = None
    freshness: rollups.Refresh = field(default_factory=rollups.Refresh)

    def of(self, procedure_id: int, name: str) -> int:
        values = self.by_procedure.get(procedure_id)
        return values[COUNTERS.index(name)] if values else 0

    def sum(self, name: str, where: Any = None) -> int:
        """The counter summed over the procedures (those for which `where(info)` holds)."""
        position = COUNTERS.index(name)
        if where is None:
            return sum(values[position] for values in self.by_procedure.values())
        return sum(values[position] for pk, values in self.by_procedure.items() if where(pk))


def sums(queryset: Any, *group: str) -> list[tuple]:
    names = {f"total_{name}": Sum(name) for name in COUNTERS}
    rows = queryset.order_by().values(*group).annotate(**names)
    return [(*[row[g] for g in group], *[row[n] or 0 for n in names]) for row in rows]


def rollup_rows(s: Slice, *, fine: bool = False) -> Any:
    """The rollup rows of the slice and its period (not yet summed); `fine` reads SliceDay
    even for a slice ProcedureDay could answer (to group by a unit or an official)."""
    model = SliceDay if fine or s.fine else ProcedureDay
    rows = model.objects.filter(
        commune_id=s.commune.pk, day__gte=s.start, day__lte=s.end, **s.filters()
    )
    if s.field_id:
        in_field = [p.id for p in catalogue_of(s).values() if p.field_id == s.field_id]
        rows = rows.filter(procedure_id__in=in_field)
    return rows.exclude(procedure_id__in=elsewhere_ids(s))


def totals(s: Slice) -> Totals:
    if "totals" not in s.cache:
        freshness = fresh(s)
        by_procedure = {row[0]: list(row[1:]) for row in _summed(s)}
        in_progress, overdue = _in_progress(s)
        s.cache["totals"] = Totals(by_procedure, in_progress, overdue, open_at_end(s), freshness)
    return s.cache["totals"]


def _where(s: Slice, *, day: str = "day") -> tuple[str, list[Any]]:
    """The slice's conditions in SQL, for the rollups and the facts (same column names)."""
    ops = connection.ops
    clauses = ["commune_id = %s", f"{day} >= %s", f"{day} <= %s"]
    params: list[Any] = [
        s.commune.pk,
        ops.adapt_datefield_value(s.start),
        ops.adapt_datefield_value(s.end),
    ]
    for name, value in s.filters().items():
        clauses.append(f"{name} = %s")
        params.append(value)
    if s.field_id:
        in_field = [p.id for p in catalogue_of(s).values() if p.field_id == s.field_id] or [0]
        clauses.append(f"procedure_id IN ({', '.join(['%s'] * len(in_field))})")
        params += in_field
    elsewhere = elsewhere_ids(s)
    if elsewhere:
        clauses.append(f"procedure_id NOT IN ({', '.join(['%s'] * len(elsewhere))})")
        params += elsewhere
    return " AND ".join(clauses), params


def end_of_period_moment(s: Slice) -> datetime:
    """00:00 of the period's last day, local time: a due moment on or after it is a due day
    not before the last day."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(s.end, time.min, tzinfo=zone)


def open_at_end(s: Slice) -> OpenAtEnd:
    """The dossiers of the slice open at the period's end (see OpenAtEnd), one query."""
    where, params = _where(s, day="received_day")
    # _where bounds received_day to the period; open dossiers may have been received before.
    where = where.replace("received_day >= %s AND ", "", 1)
    params = [params[0], *params[2:]]
    ops = connection.ops
    last = ops.adapt_datefield_value(s.end)
    due_from = ops.adapt_datetimefield_value(end_of_period_moment(s))
    sql = (
        "SELECT COUNT(*), SUM(CASE WHEN national_due >= %s THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN complained = %s OR (rated = %s AND satisfied = %s) THEN 1 ELSE 0 END) "
        f"FROM {DossierFact._meta.db_table} WHERE {where} AND national_due IS NOT NULL "
        "AND (judged_day IS NULL OR judged_day > %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [due_from, True, True, False, *params, last])
        total, in_time, unhappy = cursor.fetchone()
    return OpenAtEnd(int(total or 0), int(in_time or 0), int(unhappy or 0))


def _summed(s: Slice) -> list[tuple]:
    """One row per procedure: the slice's counters summed over the period (one query)."""
    table = (SliceDay if s.fine else ProcedureDay)._meta.db_table
    where, params = _where(s)
    totals = ", ".join(f"SUM({name})" for name in COUNTERS)
    sql = f"SELECT procedure_id, {totals} FROM {table} WHERE {where} GROUP BY procedure_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], *(int(value or 0) for value in row[1:])) for row in cursor.fetchall()]


def fresh(s: Slice) -> rollups.Refresh:
    """When the rollups were last folded (read once for this slice; a page never folds)."""
    if "freshness" not in s.cache:
        s.cache["freshness"] = rollups.freshness()
    return s.cache["freshness"]


def _in_progress(s: Slice) -> tuple[int, int]:
    """Dossiers received in the period and still in progress now; of them, overdue now."""
    where, params = _where(s, day="received_day")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        "SELECT COUNT(*), SUM(CASE WHEN running = %s AND due_at < %s THEN 1 ELSE 0 END) "
        f"FROM {DossierFact._meta.db_table} WHERE is_open = %s AND {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, now, True, *params])
        total, overdue = cursor.fetchone()
    return int(total or 0), int(overdue or 0)


def monthly_totals(s: Slice, months: list[Period]) -> list[Totals]:
    """The totals of each month (one query for all of them, and one per month for the
    dossiers open at its end; no in-progress counts)."""
    fresh(s)
    span = s.with_period(Period(months[0].start, months[-1].end))
    span.cache.update(catalogue=catalogue_of(s), freshness=fresh(s))
    by_month: dict[date, dict[int, list[int]]] = defaultdict(dict)
    rows = sums(rollup_rows(span).annotate(month=TruncMonth("day")), "month", "procedure_id")
    for month, procedure_id, *values in rows:
        by_month[month][procedure_id] = values
    result = []
    for period in months:
        month = s.with_period(period)
        month.cache.update(catalogue=catalogue_of(s))
        result.append(Totals(by_month.get(period.start, {}), at_end=open_at_end(month)))
    return result


def grouped(s: Slice, dimension: str) -> dict[Any, dict[int, list[int]]]:
    """The slice's sums per value of one dimension (unit_id, official_id, procedure_id…)."""
    fresh(s)
    rows = rollup_rows(s, fine=dimension != "procedure_id")
    result: dict[Any, dict[int, list[int]]] = defaultdict(dict)
    for value, procedure_id, *values in sums(rows, dimension, "procedure_id"):
        result[value][procedure_id] = values
    return result
