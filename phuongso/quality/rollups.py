"""Keeping the rollups equal to the dossiers and their log, incrementally; never on a GET.

A dossier's facts (facts.py) are recomputed from its row and its log, and the difference
between its old and new facts is added to the day sums, in one transaction that first locks
the dossier's row (two folds of one dossier wait for each other, so a difference is never
added twice). Two things fold:

- right after the commit of a dossier change, `fold_after_commit` (called by
  dossiers/services.py) folds that dossier: the figures follow each change at once;
- the scheduled command (`refresh_quality_rollups`, every few minutes) folds what a hook
  missed (a process that died between commit and hook, rows written by imports, a feedback
  report naming a dossier), by reading the event log and the feedback reports above a mark.

The mark is a high-water mark with a lag, not a watch on gaps. On PostgreSQL an id is taken
when a row is inserted and becomes visible at commit, so a smaller id may appear after a
larger one. Each run remembers the newest ids it saw and when; a later run folds up to those
ids once QUALITY_FOLD_LAG_SECONDS have passed: a transaction that took an id below them has
committed by then, or it runs longer than the lag and its own after-commit hook folds its
dossier after it commits (the hook runs after every commit, whatever its length). So neither
`pg_locks` nor remembered gaps are needed. On SQLite one writer at a time makes every id below
a visible one visible too: the lag is 0.

Pages only read (`as_of` is the last run of the command); `check()` compares the rollups with
a recomputation from the log.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, connections, transaction
from django.db.models import Max, Min
from django.utils import timezone

from phuongso.core.models import CalendarOverride
from phuongso.dossiers.models import Dossier, DossierEvent
from phuongso.feedback.models import Report
from phuongso.quality import bulk, conf
from phuongso.quality.facts import (
    FACT_FIELDS,
    Fact,
    compute_facts,
    contributions,
    sparse_contributions,
)
from phuongso.quality.models import COUNTERS, DossierFact, ProcedureDay, RollupState, SliceDay

logger = logging.getLogger(__name__)

FORMULAS = "766-text-2"  # the version of the facts' formulas (see calendar_signature)
WINDOW = 100_000  # event ids read per transaction
BATCH = 5_000  # dossiers recomputed per query round
ROLLUPS = (ProcedureDay, SliceDay)


@dataclass
class Refresh:
    """What a refresh did, and how fresh the figures are."""

    events: int = 0
    dossiers: int = 0
    changed: int = 0
    stale: bool = False
    as_of: datetime | None = None

    def __add__(self, other: Refresh) -> Refresh:
        return Refresh(
            self.events + other.events,
            self.dossiers + other.dossiers,
            self.changed + other.changed,
            self.stale or other.stale,
            other.as_of or self.as_of,
        )


# --- applying changed facts ------------------------------------------------------------------


def _stored_facts(ids: list[int]) -> dict[int, Fact]:
    rows = DossierFact.objects.filter(pk__in=ids).values_list(*FACT_FIELDS)
    return {row[0]: Fact(*row) for row in rows}


def _keys(fact: Fact, day: date) -> tuple[tuple, tuple]:
    procedure_key = (fact.commune_id, day, fact.procedure_id)
    slice_key = (*procedure_key, fact.channel, fact.unit_id, fact.official_id, fact.former_unit_id)
    return procedure_key, slice_key


def _accumulate(deltas: tuple[dict, dict], fact: Fact, sign: int, zone: ZoneInfo) -> None:
    procedures, slices = deltas
    for day, pairs in sparse_contributions(fact, zone):
        procedure_key, slice_key = _keys(fact, day)
        procedure_row, slice_row = procedures[procedure_key], slices[slice_key]
        for index, value in pairs:
            procedure_row[index] += sign * value
            slice_row[index] += sign * value


def apply(ids: Iterable[int]) -> tuple[int, int]:
    """Recompute these dossiers' facts and add the differences to the sums.

    Returns (dossiers looked at, dossiers whose facts changed). Must run in a transaction.
    """
    ids = sorted(set(ids))
    changed = 0
    for start in range(0, len(ids), BATCH):
        changed += _apply_batch(ids[start : start + BATCH])
    return len(ids), changed


def _apply_batch(ids: list[int]) -> int:
    # Lock the dossiers' rows first (in id order): two folds of one dossier never both add
    # the difference between the same old and new facts.
    list(Dossier.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    old, new = _stored_facts(ids), compute_facts(ids)
    gone = [pk for pk in old if old[pk] != new.get(pk)]
    came = [fact for pk, fact in new.items() if old.get(pk) != fact]
    if not gone and not came:
        return 0
    width = len(COUNTERS)
    deltas: tuple[dict, dict] = (
        defaultdict(lambda: [0] * width),
        defaultdict(lambda: [0] * width),
    )
    zone = ZoneInfo(settings.TIME_ZONE)
    for pk in gone:
        _accumulate(deltas, old[pk], -1, zone)
    for fact in came:
        _accumulate(deltas, fact, +1, zone)
    if gone:
        DossierFact.objects.filter(pk__in=gone).delete()
    bulk.insert_rows(DossierFact._meta.db_table, _fact_db_columns(), (_row(f) for f in came))
    for model, delta in zip(ROLLUPS, deltas, strict=True):
        _add(model, delta)
    return len({*gone, *(fact.dossier_id for fact in came)})


def _fact_db_columns() -> list[str]:
    return [DossierFact._meta.get_field(name).column for name in FACT_FIELDS]


_row = attrgetter(*FACT_FIELDS)


def _add(model: type, delta: dict[tuple, list[int]]) -> None:
    rows = [(*key, *values) for key, values in delta.items() if any(values)]
    bulk.add_to(model._meta.db_table, model.KEY, COUNTERS, rows)


# --- reading the log ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Log:
    """One of the two logs a run follows: the dossier events (every change of a dossier and
    every rating writes one) and the feedback reports that name a dossier (5.4)."""

    model: type
    mark: str
    seen: str

    def rows(self) -> Any:
        manager = self.model.objects
        return manager.filter(dossier__isnull=False) if self.model is Report else manager.all()


LOGS = (
    _Log(DossierEvent, "last_event_id", "seen_event_id"),
    _Log(Report, "last_report_id", "seen_report_id"),
)


def _tops() -> tuple[int, ...]:
    """The newest id of each log (one query)."""
    parts = ", ".join(f"(SELECT MAX(id) FROM {log.model._meta.db_table})" for log in LOGS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        return tuple(value or 0 for value in cursor.fetchone())


def _state(nowait: bool = False) -> RollupState:
    state = RollupState.objects.select_for_update(nowait=nowait).filter(pk=1).first()
    if state is None:
        state, _ = RollupState.objects.get_or_create(pk=1)
    return state


def default_lag() -> int:
    """The lag of the scheduled fold: 0 on SQLite (one writer at a time)."""
    return conf.fold_lag_seconds() if bulk.is_postgres() else 0


def _targets(state: RollupState, tops: tuple[int, ...], now: datetime, lag: int) -> list[int]:
    """How far this run may fold each log: the ids seen `lag` seconds ago (all, when 0)."""
    if lag <= 0:
        return list(tops)
    settled = state.seen_at is not None and state.seen_at <= now - timedelta(seconds=lag)
    return [
        max(getattr(state, log.mark), getattr(state, log.seen) if settled else 0) for log in LOGS
    ]


def _step(targets: list[int], window: int) -> tuple[Refresh, bool]:
    """One window of the logs in one transaction; returns what it did and whether it is done."""
    now = timezone.now()
    with transaction.atomic():
        state = _state()
        dossiers: set[int] = set()
        events = 0
        for log, target in zip(LOGS, targets, strict=True):
            low = getattr(state, log.mark)
            high = min(target, low + window)
            if high <= low:
                continue
            named = log.rows().filter(pk__gt=low, pk__lte=high).values_list("dossier_id", flat=True)
            named = list(named)
            dossiers |= set(named)
            events += len(named)
            setattr(state, log.mark, high)
        looked, changed = apply(dossiers)
        state.save()
        done = all(getattr(state, log.mark) >= t for log, t in zip(LOGS, targets, strict=True))
    return Refresh(events, looked, changed, False, now), done


def refresh(
    *,
    window: int = WINDOW,
    lag: int = 0,
    progress: Callable[[Refresh], None] | None = None,
) -> Refresh:
    """Fold the logs into the rollups. Idempotent; safe to run twice or at the same time as
    writes. `lag` 0 folds everything visible (right when no other process writes: tests,
    imports, the demo); the scheduled command passes `default_lag()`."""
    now = timezone.now()
    with transaction.atomic():
        state = _state()
        tops = _tops()
        targets = _targets(state, tops, now, lag)
    total = Refresh(as_of=now)
    while True:
        step, done = _step(targets, window)
        total = total + step
        if progress is not None:
            progress(total)
        if done:
            break
    with transaction.atomic():
        state = _state()
        for log, top in zip(LOGS, tops, strict=True):
            setattr(state, log.seen, top)
        state.seen_at = now
        state.refreshed_at = now
        state.save()
    return total


def fold(ids: Iterable[int]) -> tuple[int, int]:
    """Fold these dossiers now, in a transaction of their own."""
    with transaction.atomic():
        return apply(ids)


def fold_after_commit(dossier_id: int) -> None:
    """Fold this dossier once the current transaction commits (called by the dossier
    services). A failure is logged, never raised: the scheduled run folds it later."""

    def run() -> None:
        try:
            fold([dossier_id])
        except DatabaseError:
            logger.warning("Quality rollups: dossier %s left to the next run", dossier_id,
                           exc_info=True)  # fmt: skip

    transaction.on_commit(run)


def freshness() -> Refresh:
    """The last folded state's time (a page reads it; nothing is written)."""
    state = RollupState.objects.filter(pk=1).only("refreshed_at").first()
    as_of = state.refreshed_at if state else None
    return Refresh(stale=as_of is None, as_of=as_of)


# --- the calendar, full recomputation and checks ------------------------------------------------


def calendar_signature() -> str:
    totals = CalendarOverride.objects.aggregate(first=Min("date"), last=Max("updated_at"))
    count = CalendarOverride.objects.count()
    hours = ",".join(settings.WORKING_HOURS)
    # FORMULAS changes when the facts' formulas change: the next run recomputes every dossier.
    return f"{count}|{totals['first']}|{totals['last']}|{hours}|{FORMULAS}"


def _recompute_range(low: int) -> tuple[int, int]:
    """Recompute the dossiers with ids in (low, low + WINDOW], one transaction per batch."""
    span = {"pk__gt": low, "pk__lte": low + WINDOW}
    ids = {*Dossier.objects.filter(**span).values_list("pk", flat=True)}
    ids |= {*DossierFact.objects.filter(**span).values_list("pk", flat=True)}
    ordered = sorted(ids)
    changed = 0
    for start in range(0, len(ordered), BATCH):
        changed += _apply_with_retry(ordered[start : start + BATCH])
    return len(ordered), changed


def _apply_with_retry(ids: list[int]) -> int:
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _apply_batch(ids)
        except OperationalError:
            # Two workers upserting the same day rows may deadlock; PostgreSQL picks one.
            if attempt == 2:
                raise
    return 0


def _in_workers(lows: list[int], workers: int) -> Iterator[tuple[int, int]]:
    if workers <= 1 or not bulk.is_postgres():
        yield from map(_recompute_range, lows)
        return
    connections.close_all()  # each process opens its own connection
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(_recompute_range, lows)


def recompute_all(*, workers: int = 1, progress: Callable[[int], None] | None = None) -> Refresh:
    """Recompute every dossier's facts: after a change of the working-day calendar, or to
    build the rollups of a large imported history (`workers` processes on PostgreSQL)."""
    tops = _tops()
    total = Refresh(as_of=timezone.now())
    top = max(
        Dossier.objects.aggregate(top=Max("pk"))["top"] or 0,
        DossierFact.objects.aggregate(top=Max("pk"))["top"] or 0,
    )
    for looked, changed in _in_workers(list(range(0, top + 1, WINDOW)), workers):
        total = total + Refresh(0, looked, changed)
        if progress is not None:
            progress(total.dossiers)
    with transaction.atomic():
        state = _state()
        # Every event up to the tops read before the recomputation is folded in (one still
        # committing then is folded by its own after-commit hook).
        for log, value in zip(LOGS, tops, strict=True):
            setattr(state, log.mark, max(getattr(state, log.mark), value))
        state.calendar_signature = calendar_signature()
        state.refreshed_at = timezone.now()
        state.save()
    return total


def save_calendar_signature() -> None:
    """Remember the calendar the facts were computed with (a later change recomputes them)."""
    with transaction.atomic():
        state = _state()
        state.calendar_signature = calendar_signature()
        state.save(update_fields=["calendar_signature"])


def expected_sums(model: type, facts: Iterable[Fact]) -> dict[tuple, tuple[int, ...]]:
    """The rows `model` should hold for these facts (for checks and tests)."""
    width = len(COUNTERS)
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0] * width)
    position = ROLLUPS.index(model)
    for fact in facts:
        for day, values in contributions(fact).items():
            row = sums[_keys(fact, day)[position]]
            for index, value in enumerate(values):
                row[index] += value
    return {key: tuple(values) for key, values in sums.items() if any(values)}


def stored_sums(model: type) -> dict[tuple, tuple[int, ...]]:
    rows = model.objects.values_list(*model.KEY, *COUNTERS)
    width = len(model.KEY)
    return {tuple(row[:width]): tuple(row[width:]) for row in rows if any(row[width:])}


def check() -> list[str]:
    """Differences between the rollups and a recomputation from the log (empty when equal)."""
    ids = list(Dossier.objects.values_list("pk", flat=True))
    expected: dict[int, Fact] = {}
    for start in range(0, len(ids), BATCH):
        expected.update(compute_facts(ids[start : start + BATCH]))
    stored = _stored_facts(list(DossierFact.objects.values_list("pk", flat=True)))
    problems = [
        f"Hồ sơ #{pk}: dữ kiện khác tính lại" for pk in expected if stored.get(pk) != expected[pk]
    ]
    problems += [f"Dữ kiện thừa của hồ sơ #{pk}" for pk in stored if pk not in expected]
    for model in ROLLUPS:
        if stored_sums(model) != expected_sums(model, expected.values()):
            problems.append(f"Bảng {model._meta.db_table} khác tổng tính lại")
    return problems
