"""Keeping the rollups equal to the dossiers and their log, incrementally.

Every change of a dossier writes an event row in the same transaction (dossiers/services.py),
and a rating is a row of its own; both get increasing ids. `refresh()` reads the events and
ratings above its marks, recomputes the facts of the dossiers they name (facts.py), and adds
the difference between their old and new facts to the day sums, in one transaction per
window, moving the marks in the same transaction: running it twice, or stopping it half way,
changes nothing.

On PostgreSQL an id below the newest may still belong to a transaction that has not
committed; such a gap, seen while another transaction is writing, is remembered and looked
at again by the following refreshes until it appears or QUALITY_HOLE_SECONDS pass (a
transaction that rolled back leaves a gap for ever).

Pages call `catch_up()` first, so what they show equals a recomputation from the log; when the
backlog is larger than QUALITY_CATCH_UP_LIMIT (the nightly command did not run), the page
shows the figures of the last refresh and says so.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, connections, transaction
from django.db.models import Max, Min
from django.utils import timezone

from phuongso.core.models import CalendarOverride
from phuongso.dossiers.models import Dossier, DossierEvent, Rating
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
    """One of the two logs a refresh follows: the dossier events and the ratings."""

    model: type
    mark: str
    waiting: str


LOGS = (
    _Log(DossierEvent, "last_event_id", "waiting_events"),
    _Log(Rating, "last_rating_id", "waiting_ratings"),
)


def _writers_in_flight(model: type) -> bool:
    """Whether another transaction holds rows of this table it has not committed yet."""
    if not bulk.is_postgres():
        return False  # SQLite has one writer at a time: no id is taken before a commit
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks WHERE relation = %s::regclass AND mode = 'RowExclusiveLock' "
            "AND granted AND pid <> pg_backend_pid() LIMIT 1",
            [model._meta.db_table],
        )
        return cursor.fetchone() is not None


def _read_window(
    state: RollupState, log: _Log, top: int, window: int, now: datetime
) -> tuple[set[int], int]:
    """The dossiers named by the log above the mark (one window), and how many rows were read."""
    low = getattr(state, log.mark)
    high = min(top, low + window)
    pairs = dict(log.model.objects.filter(pk__gt=low, pk__lte=high).values_list("pk", "dossier_id"))
    dossiers = set(pairs.values())
    # Only recent ids can belong to a transaction still running; older gaps were rolled back.
    recent = max(low, top - conf.hole_span())
    holes = [pk for pk in range(recent + 1, high + 1) if pk not in pairs] if high > recent else []
    waiting = [(pk, seen) for pk, seen in getattr(state, log.waiting)]
    waiting += [(pk, now.isoformat()) for pk in holes] if holes else []
    if waiting:
        in_flight = _writers_in_flight(log.model)
        found = dict(
            log.model.objects.filter(pk__in=[pk for pk, _ in waiting]).values_list(
                "pk", "dossier_id"
            )
        )
        dossiers |= set(found.values())
        limit = now - timedelta(seconds=conf.hole_seconds())
        waiting = [
            [pk, seen]
            for pk, seen in waiting
            if pk not in found and in_flight and datetime.fromisoformat(seen) > limit
        ]
    setattr(state, log.waiting, waiting)
    setattr(state, log.mark, high)
    return dossiers, len(pairs)


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


def _paces(state: RollupState, tops: tuple[int, ...], window: int) -> list[int]:
    """Window sizes that move both logs at the same pace (they name the same dossiers)."""
    behind = [max(0, top - getattr(state, log.mark)) for log, top in zip(LOGS, tops, strict=True)]
    most = max(behind) or 1
    return [max(min(window, 1_000), -(-window * gap // most)) for gap in behind]


def _step(window: int, nowait: bool) -> tuple[Refresh, bool]:
    """One window of the logs in one transaction; returns what it did and whether it is done."""
    now = timezone.now()
    with transaction.atomic():
        state = _state(nowait)
        tops = _tops()
        dossiers: set[int] = set()
        events = 0
        for log, top, size in zip(LOGS, tops, _paces(state, tops, window), strict=True):
            named, read = _read_window(state, log, top, size, now)
            dossiers |= named
            events += read
        looked, changed = apply(dossiers)
        state.refreshed_at = now
        state.save()
        done = all(getattr(state, log.mark) >= top for log, top in zip(LOGS, tops, strict=True))
    return Refresh(events, looked, changed, False, now), done


def refresh(
    *, window: int = WINDOW, nowait: bool = False, progress: Callable[[Refresh], None] | None = None
) -> Refresh:
    """Fold every new event and rating into the rollups. Idempotent; safe to run twice."""
    total = Refresh()
    while True:
        step, done = _step(window, nowait)
        total = total + step
        if progress is not None:
            progress(total)
        if done:
            return total


def backlog() -> tuple[int, RollupState | None]:
    """How many log rows the rollups have not read yet (an estimate from the ids)."""
    state = RollupState.objects.filter(pk=1).first()
    tops = _tops()
    if state is None:
        return sum(tops), None
    behind = sum(
        max(0, top - getattr(state, log.mark)) for log, top in zip(LOGS, tops, strict=True)
    )
    return behind, state


def catch_up() -> Refresh:
    """Make the rollups current before a page reads them, when the backlog is small."""
    behind, state = backlog()
    waiting = state is not None and any(getattr(state, log.waiting) for log in LOGS)
    as_of = state.refreshed_at if state else None
    if not behind and not waiting and state is not None:
        return Refresh(as_of=as_of)
    if behind > conf.catch_up_limit():
        logger.warning(
            "Quality rollups are %s log rows behind: run refresh_quality_rollups", behind
        )
        return Refresh(stale=True, as_of=as_of)
    try:
        with transaction.atomic():
            return refresh(nowait=True)
    except DatabaseError:
        # Another refresh holds the lock: it will have written the same sums in a moment.
        logger.info("Quality rollups: another refresh is running", exc_info=True)
        return Refresh(stale=True, as_of=as_of)


# --- the calendar, full recomputation and checks ------------------------------------------------


def calendar_signature() -> str:
    totals = CalendarOverride.objects.aggregate(first=Min("date"), last=Max("updated_at"))
    count = CalendarOverride.objects.count()
    return f"{count}|{totals['first']}|{totals['last']}"


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
    settled = not any(_writers_in_flight(log.model) for log in LOGS)
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
        if settled:
            # Every event up to the tops read before the recomputation is now folded in.
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
