"""The working-day calendar: the only home of deadline arithmetic in phuongso.

A day is a working day when it is Monday to Friday and not a day off of the `holidays`
package (country VN); the package's own make-up working Saturdays count as working days;
then the ward's CalendarOverride rows win over both. 24/11 ("Ngày Văn hóa Việt Nam") and
its observed day follow the OBSERVE_CULTURE_DAY setting.

Appointments are computed for every dossier and every list row, so each question is
answered by indexing precomputed tables, never by looping over days: for a contiguous span
of years the calendar keeps a flag per day, a prefix count of working days and the sorted
working days. The span grows on first use of a year (one override query per growth) and
is dropped by clear_cache(), which core/cache.py calls when an override is saved or deleted
or a calendar setting changes (CALENDAR in its map). Other processes notice an edited override within
RECHECK_SECONDS, through one cheap query.

All moments are timezone-aware; they are read and returned in the ward's time zone.
"""

from __future__ import annotations

import threading
from array import array
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from time import monotonic
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SynchronousOnlyOperation
from django.db import DatabaseError
from django.db.models import Count, Max

from phuongso.core.models import CalendarOverride, CalendarOverrideKind

# The holidays package knows Vietnam's lunar calendar up to 2100.
MIN_YEAR = 2000
MAX_YEAR = 2100
# How long a process trusts its tables before checking whether an override was edited.
RECHECK_SECONDS = 60.0
CULTURE_DAY_NAME = "Ngày Văn hóa Việt Nam"

_US = 1_000_000  # microseconds in a second: all clock arithmetic is in whole microseconds
_DAY_US = 86_400 * _US


@dataclass(frozen=True)
class DeadlineRule:
    """How long a procedure takes: N working days, or the same day with the 15h cut-off."""

    working_days: int
    same_day: bool = False

    @classmethod
    def of(cls, working_days: int | None, same_day: bool) -> DeadlineRule | None:
        """The rule of a catalogue entry; None when it sets no fixed time."""
        if same_day:
            return cls(working_days=0, same_day=True)
        return None if working_days is None else cls(working_days=working_days)

    def __post_init__(self) -> None:
        if self.working_days < 0:
            raise ValueError("Số ngày làm việc của thời hạn không được âm.")
        if self.same_day and self.working_days:
            raise ValueError("Thời hạn giải quyết trong ngày không kèm số ngày làm việc.")

    def __str__(self) -> str:
        if self.same_day:
            cutoff = settings.SAME_DAY_CUTOFF.strip()
            return f"Trong ngày (sau {cutoff} trả ngày làm việc tiếp theo)"
        if self.working_days == 0:
            return "Trả trong ngày tiếp nhận"
        return f"{self.working_days} ngày làm việc"


# --- Working hours ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hours:
    """The ward's working day in microseconds since local midnight."""

    tz: ZoneInfo
    # (start, end, working time before start) for each period, in order.
    periods: tuple[tuple[int, int, int], ...]
    total: int
    cutoff: int

    @property
    def day_start(self) -> int:
        return self.periods[0][0]

    @property
    def day_end(self) -> int:
        return self.periods[-1][1]

    def worked_before(self, us: int) -> int:
        """Working time from midnight to `us` on a working day."""
        for start, end, before in self.periods:
            if us <= start:
                return before
            if us < end:
                return before + us - start
        return self.total

    def moment_when_worked(self, worked: int) -> int:
        """The earliest clock time at which `worked` (0 < worked <= total) has elapsed."""
        for start, end, before in self.periods:
            if worked <= before + end - start:
                return start + worked - before
        return self.day_end

    def next_start(self, us: int) -> int | None:
        """`us` itself if it is working time, else the next period's start; None after hours."""
        for start, end, _before in self.periods:
            if us < end:
                return us if us > start else start
        return None


def _parse_clock(text: str, setting: str) -> int:
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
    except ValueError:
        raise ImproperlyConfigured(
            f"{setting}: giờ phải có dạng HH:MM, nhận được {text!r}."
        ) from None
    value = (hours * 60 + minutes) * 60 * _US
    if not (0 <= minutes < 60 and 0 <= value < _DAY_US):
        raise ImproperlyConfigured(f"{setting}: giờ {text!r} không hợp lệ.")
    return value


def _load_hours() -> _Hours:
    # Keyed by the settings' values, so that a test overriding them gets its own hours.
    return _parse_hours(tuple(settings.WORKING_HOURS), settings.SAME_DAY_CUTOFF, settings.TIME_ZONE)


@lru_cache(maxsize=8)
def _parse_hours(working_hours: tuple[str, ...], same_day_cutoff: str, zone: str) -> _Hours:
    periods: list[tuple[int, int, int]] = []
    worked = 0
    for item in working_hours:
        start_text, _, end_text = item.partition("-")
        start = _parse_clock(start_text, "WORKING_HOURS")
        end = _parse_clock(end_text, "WORKING_HOURS")
        if start >= end or (periods and start < periods[-1][1]):
            raise ImproperlyConfigured(
                "WORKING_HOURS: các buổi làm việc phải tăng dần và không chồng nhau "
                "(ví dụ 07:30-11:30,13:00-17:00)."
            )
        periods.append((start, end, worked))
        worked += end - start
    if not periods:
        raise ImproperlyConfigured("WORKING_HOURS: cần ít nhất một buổi làm việc.")
    cutoff = _parse_clock(same_day_cutoff, "SAME_DAY_CUTOFF")
    return _Hours(ZoneInfo(zone), tuple(periods), worked, cutoff)


# --- Per-year tables ------------------------------------------------------------------------


def _package_days(year: int, observe_culture_day: bool) -> tuple[set[date], set[date]]:
    """Days off and make-up working days that the holidays package gives for `year`."""
    # The next year too: a swap can put its make-up Saturday in the year before
    # (Sat 27/12/2014 for Fri 2/1/2015); the package files it under the later year.
    table = holidays.country_holidays("VN", years=(year, year + 1), language="vi")
    days_off = {
        day
        for day in table
        if day.year == year
        and any(
            observe_culture_day or not name.startswith(CULTURE_DAY_NAME)
            for name in table.get_list(day)
        )
    }
    makeup = {day for day in getattr(table, "weekend_workdays", ()) if day.year == year}
    return days_off, makeup


def _is_working(day: date, days_off: set[date], makeup: set[date], override: str | None) -> bool:
    if override == CalendarOverrideKind.DAY_OFF:
        return False
    if override == CalendarOverrideKind.WORKING_DAY or day in makeup:
        return True
    if override == CalendarOverrideKind.HOLIDAY_NOT_OBSERVED:
        return day.weekday() < 5
    return day.weekday() < 5 and day not in days_off


def _year_flags(year: int, overrides: dict[date, str]) -> bytes:
    """One byte per day of `year`: 1 for a working day."""
    days_off, makeup = _package_days(year, settings.OBSERVE_CULTURE_DAY)
    first = date(year, 1, 1).toordinal()
    length = date(year, 12, 31).toordinal() - first + 1
    return bytes(
        _is_working(day, days_off, makeup, overrides.get(day))
        for day in map(date.fromordinal, range(first, first + length))
    )


def _load_overrides(years: list[int]) -> dict[int, dict[date, str]]:
    """The override rows of `years`, by year: one query."""
    by_year: dict[int, dict[date, str]] = {year: {} for year in years}
    rows = CalendarOverride.objects.filter(
        date__gte=date(min(years), 1, 1), date__lte=date(max(years), 12, 31)
    ).values_list("date", "kind")
    for day, kind in rows:
        if day.year in by_year:
            by_year[day.year][day] = kind
    return by_year


class _Span:
    """Immutable tables for the years first_year..last_year; replaced whole when it grows."""

    __slots__ = ("hours", "first_year", "last_year", "base", "limit", "flags", "rank", "working")

    def __init__(self, hours: _Hours, years: dict[int, bytes], first: int, last: int) -> None:
        self.hours = hours
        self.first_year = first
        self.last_year = last
        self.base = date(first, 1, 1).toordinal()
        self.flags = b"".join(years[year] for year in range(first, last + 1))
        self.limit = self.base + len(self.flags)
        # rank[i]: working days strictly before index i; working: their ordinals, in order.
        self.rank = array("l", [0]) * (len(self.flags) + 1)
        self.working: list[int] = []
        for index, flag in enumerate(self.flags):
            self.rank[index + 1] = self.rank[index] + flag
            if flag:
                self.working.append(self.base + index)


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.span: _Span | None = None
        self.years: dict[int, bytes] = {}
        self.signature: tuple[Any, ...] | None = None
        self.recheck_at = 0.0
        self.day_ends: dict[int, datetime] = {}


_state = _State()


def clear_cache() -> None:
    """Forget every table; the next question rebuilds from the package and the overrides."""
    with _state.lock:
        _state.reset()


def _overrides_signature() -> tuple[Any, ...]:
    totals = CalendarOverride.objects.aggregate(count=Count("id"), last=Max("updated_at"))
    return (totals["count"], totals["last"])


def _grow(first: int, last: int) -> _Span:
    """The span covering at least first..last, building the missing years. Holds the lock."""
    if first < MIN_YEAR or last > MAX_YEAR:
        raise ValueError(f"Lịch ngày làm việc chỉ tính cho các năm {MIN_YEAR}–{MAX_YEAR}.")
    span = _state.span
    if span is None:
        # Read the signature before the rows, so an edit in between is seen at the recheck.
        _state.signature = _overrides_signature()
        _state.recheck_at = monotonic() + RECHECK_SECONDS
        hours = _load_hours()
    else:
        first, last = min(first, span.first_year), max(last, span.last_year)
        hours = span.hours
    missing = [year for year in range(first, last + 1) if year not in _state.years]
    if missing:
        for year, overrides in _load_overrides(missing).items():
            _state.years[year] = _year_flags(year, overrides)
    _state.span = _Span(hours, _state.years, first, last)
    return _state.span


def _refresh() -> _Span:
    """Build the first span (the current year), or recheck the override table."""
    with _state.lock:
        if _state.span is not None and monotonic() >= _state.recheck_at:
            _state.recheck_at = monotonic() + RECHECK_SECONDS
            try:
                signature = _overrides_signature()
            except (DatabaseError, RuntimeError, SynchronousOnlyOperation):
                # No database here (async code, a test without one): keep the tables.
                signature = _state.signature
            if signature != _state.signature:
                _state.reset()
        if _state.span is not None:
            return _state.span
        year = datetime.now(ZoneInfo(settings.TIME_ZONE)).year
        return _grow(year, year)


def _span() -> _Span:
    span = _state.span
    if span is None or monotonic() >= _state.recheck_at:
        span = _refresh()
    return span


def _cover(span: _Span, ordinal: int) -> _Span:
    """A span that covers the day `ordinal`."""
    if span.base <= ordinal < span.limit:
        return span
    year = date.fromordinal(ordinal).year
    with _state.lock:
        return _grow(year, year)


def _extend_to(year: int) -> _Span:
    with _state.lock:
        return _grow(year, year)


# --- Days -------------------------------------------------------------------------------


def _nth_working_day(span: _Span, ordinal: int, n: int) -> int:
    """The n-th working day after `ordinal`; for n == 0 the day itself, or the next one."""
    span = _cover(span, ordinal)
    if n == 0:
        if span.flags[ordinal - span.base]:
            return ordinal
        n = 1
    index = span.rank[ordinal - span.base + 1] + n - 1
    while index >= len(span.working):
        # About 250 working days a year: grow by as many years as still seem missing.
        span = _extend_to(span.last_year + 1 + (index - len(span.working)) // 250)
        index = span.rank[ordinal - span.base + 1] + n - 1
    return span.working[index]


def is_working_day(day: date) -> bool:
    ordinal = day.toordinal()
    span = _cover(_span(), ordinal)
    return span.flags[ordinal - span.base] == 1


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    return date.fromordinal(_nth_working_day(_span(), day.toordinal(), 1))


def previous_working_day(day: date) -> date:
    """The last working day strictly before `day`."""
    candidate = day - timedelta(days=1)
    while not is_working_day(candidate):
        candidate -= timedelta(days=1)
    return candidate


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day`; n == 0 gives `day` if it is working, else the next."""
    if n < 0:
        raise ValueError("Số ngày làm việc không được âm.")
    return date.fromordinal(_nth_working_day(_span(), day.toordinal(), n))


def working_days_in_year(year: int) -> list[date]:
    """Every working day of `year`, in order (for calendar pages and checks)."""
    span = _cover(_span(), date(year, 1, 1).toordinal())
    span = _cover(span, date(year, 12, 31).toordinal())
    first = span.rank[date(year, 1, 1).toordinal() - span.base]
    last = span.rank[date(year, 12, 31).toordinal() - span.base + 1]
    return [date.fromordinal(ordinal) for ordinal in span.working[first:last]]


# --- Moments ------------------------------------------------------------------------------


def _local(moment: datetime, tz: ZoneInfo) -> tuple[int, int]:
    """The local day (ordinal) and clock time (microseconds since midnight) of `moment`."""
    if moment.tzinfo is None:
        raise ValueError("Thời điểm phải kèm múi giờ (datetime có tzinfo).")
    local = moment.astimezone(tz)
    clock = ((local.hour * 60 + local.minute) * 60 + local.second) * _US + local.microsecond
    return local.toordinal(), clock


def _moment(hours: _Hours, ordinal: int, clock: int) -> datetime:
    seconds, micro = divmod(clock, _US)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return datetime.combine(
        date.fromordinal(ordinal), time(hour, minute, second, micro), tzinfo=hours.tz
    )


def _effective(span: _Span, ordinal: int, clock: int) -> tuple[int, int]:
    """The effective receipt (day, clock) of a moment: itself, or the next working start."""
    span = _cover(span, ordinal)
    if span.flags[ordinal - span.base]:
        start = span.hours.next_start(clock)
        if start is not None:
            return ordinal, start
    return _nth_working_day(span, ordinal, 1), span.hours.day_start


def _end_of_day(span: _Span, ordinal: int) -> datetime:
    # Appointments fall on few distinct days: build each end-of-day moment once.
    moment = _state.day_ends.get(ordinal)
    if moment is None:
        moment = _state.day_ends[ordinal] = _moment(span.hours, ordinal, span.hours.day_end)
    return moment


def end_of_working_day(day: date) -> datetime:
    """When the last working period of `day` ends (17:00 with the default hours)."""
    hours = _load_hours()
    return _moment(hours, day.toordinal(), hours.day_end)


def is_working_time(moment: datetime) -> bool:
    span = _span()
    ordinal, clock = _local(moment, span.hours.tz)
    span = _cover(span, ordinal)
    if not span.flags[ordinal - span.base]:
        return False
    return any(start <= clock < end for start, end, _before in span.hours.periods)


def effective_receipt(moment: datetime) -> datetime:
    """When a dossier counts as received: outside working time, the next working start."""
    span = _span()
    ordinal, clock = _effective(span, *_local(moment, span.hours.tz))
    return _moment(span.hours, ordinal, clock)


def appointment(received_at: datetime, rule: DeadlineRule) -> datetime:
    """The appointment: the end of the working day on which the result is due.

    N working days: the N-th working day after the effective receipt day. Same day: the
    receipt day when effectively received before the cut-off, else the next working day.
    """
    span = _span()
    ordinal, clock = _effective(span, *_local(received_at, span.hours.tz))
    if rule.same_day:
        if clock >= span.hours.cutoff:
            ordinal = _nth_working_day(span, ordinal, 1)
    elif rule.working_days:
        ordinal = _nth_working_day(span, ordinal, rule.working_days)
    return _end_of_day(span, ordinal)


def latest_apology(due: datetime) -> datetime:
    """The last moment an apology with a new date may be issued for a result due at `due`:
    the end of the working day before the day it is due ("chậm nhất 01 ngày trước ngày hết
    hạn giải quyết", Decree 61/2018/NĐ-CP, Art. 12, cl. 3, as amended by Decree
    107/2021/NĐ-CP; see dossiers.services.apologise)."""
    span = _span()
    ordinal, _clock = _local(due, span.hours.tz)
    return end_of_working_day(previous_working_day(date.fromordinal(ordinal)))


def shift_appointment(due: datetime, paused: timedelta) -> datetime:
    """An appointment moved by `paused` working time (the citizen's supplement), landing as
    every appointment does: at the end of a working day.

    The rule: move by the working time the dossier waited, then keep the end of the working
    day on which that moment falls. An appointment at 17:00 moved by ten minutes is due at
    17:00 on the next working day, never at 07:40; moved by nothing, it stays.
    """
    if paused <= timedelta(0):
        return due
    moved = add_working_time(due, paused)
    span = _span()
    ordinal, _clock = _local(moved, span.hours.tz)
    return _end_of_day(_cover(span, ordinal), ordinal)


def working_time_between(start: datetime, end: datetime) -> timedelta:
    """Working time in [start, end); zero when end is not after start."""
    if end <= start:
        return timedelta(0)
    span = _span()
    first, first_clock = _local(start, span.hours.tz)
    last, last_clock = _local(end, span.hours.tz)
    span = _cover(_cover(span, first), last)
    hours, flags, base = span.hours, span.flags, span.base
    if first == last:
        worked = (
            hours.worked_before(last_clock) - hours.worked_before(first_clock)
            if flags[first - base]
            else 0
        )
        return timedelta(microseconds=worked)
    head = hours.total - hours.worked_before(first_clock) if flags[first - base] else 0
    tail = hours.worked_before(last_clock) if flags[last - base] else 0
    full_days = span.rank[last - base] - span.rank[first - base + 1]
    return timedelta(microseconds=head + full_days * hours.total + tail)


def add_working_time(start: datetime, duration: timedelta) -> datetime:
    """The earliest moment at which `duration` of working time has elapsed after `start`.

    Used to push an appointment by the working time a dossier waited for a supplement;
    an appointment at the end of a day plus one working day is the end of the next one.
    """
    if duration < timedelta(0):
        raise ValueError("Thời gian làm việc cộng thêm không được âm.")
    span = _span()
    hours = span.hours
    ordinal, clock = _local(start, hours.tz)
    remaining = duration // timedelta(microseconds=1)
    if remaining == 0:
        return start.astimezone(hours.tz)
    span = _cover(span, ordinal)
    if span.flags[ordinal - span.base]:
        done = hours.worked_before(clock)
        if remaining <= hours.total - done:
            return _moment(hours, ordinal, hours.moment_when_worked(done + remaining))
        remaining -= hours.total - done
    # `remaining` > 0 ends inside the (days + 1)-th working day after, at `offset` + 1.
    days, offset = divmod(remaining - 1, hours.total)
    target = _nth_working_day(span, ordinal, days + 1)
    return _moment(hours, target, hours.moment_when_worked(offset + 1))


def working_day_length() -> timedelta:
    """How much working time one working day holds (8 h with the default hours)."""
    return timedelta(microseconds=_load_hours().total)


def describe_working_time(duration: timedelta) -> str:
    """Working time as people say it: "2 ngày 3 giờ làm việc"; "quá 1 ngày 2 giờ" when negative."""
    overdue = duration < timedelta(0)
    seconds = int(abs(duration).total_seconds())
    day = int(working_day_length().total_seconds())
    days, rest = divmod(seconds, day)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [f"{days} ngày"] if days else []
    if hours:
        parts.append(f"{hours} giờ")
    if minutes and not days:
        parts.append(f"{minutes} phút")
    text = " ".join(parts) or "0 phút"
    return f"quá {text}" if overdue else f"{text} làm việc"
