"""Invariants of the working-day calendar, checked over generated moments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phuongso.core import calendar
from phuongso.core.calendar import (
    DeadlineRule,
    add_working_days,
    add_working_time,
    appointment,
    effective_receipt,
    is_working_day,
    is_working_time,
    next_working_day,
    working_time_between,
)

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# No example database, so every run starts from the seed alone; no deadline, because
# the first example builds the year tables.
PROPERTY = settings(database=None, deadline=None, max_examples=150)

moments = st.datetimes(
    min_value=datetime(2024, 6, 1),
    max_value=datetime(2027, 12, 31),
    timezones=st.sampled_from([VN, ZoneInfo("UTC")]),
)
days = st.dates(min_value=date(2024, 6, 1), max_value=date(2027, 12, 31))
rules = st.one_of(
    st.just(DeadlineRule(working_days=0, same_day=True)),
    st.builds(DeadlineRule, working_days=st.integers(min_value=0, max_value=40)),
)
working_days = st.integers(min_value=0, max_value=60)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=400))


@pytest.fixture(autouse=True, scope="module")
def fresh_calendar() -> Iterator[None]:
    # Built once for the module: the tables are read-only here.
    calendar.clear_cache()
    yield
    calendar.clear_cache()


@PROPERTY
@given(moments, rules)
def test_the_appointment_is_a_working_day(received: datetime, rule: DeadlineRule) -> None:
    assert is_working_day(appointment(received, rule).date())


@PROPERTY
@given(moments, rules)
def test_the_appointment_is_not_before_the_effective_receipt(
    received: datetime, rule: DeadlineRule
) -> None:
    assert appointment(received, rule) >= effective_receipt(received) >= received


@PROPERTY
@given(moments, working_days, working_days)
def test_more_working_days_never_give_an_earlier_appointment(
    received: datetime, fewer: int, more: int
) -> None:
    fewer, more = sorted((fewer, more))
    assert appointment(received, DeadlineRule(fewer)) <= appointment(received, DeadlineRule(more))


@PROPERTY
@given(moments, moments, rules)
def test_a_later_receipt_never_gives_an_earlier_appointment(
    first: datetime, second: datetime, rule: DeadlineRule
) -> None:
    first, second = sorted((first, second))
    assert appointment(first, rule) <= appointment(second, rule)


@PROPERTY
@given(moments, working_days)
def test_n_working_days_count_exactly_n_working_days(received: datetime, n: int) -> None:
    due = appointment(received, DeadlineRule(n)).date()
    start = effective_receipt(received).date()
    counted = [
        start + timedelta(days=offset)
        for offset in range(1, (due - start).days + 1)
        if is_working_day(start + timedelta(days=offset))
    ]
    assert len(counted) == n
    assert due == (counted[-1] if counted else start)


@PROPERTY
@given(days, working_days)
def test_add_working_days_agrees_with_stepping_day_by_day(day: date, n: int) -> None:
    expected = day
    # n == 0 asks for the day itself, or the next working day when it is a day off.
    remaining = n or (0 if is_working_day(day) else 1)
    while remaining:
        expected += timedelta(days=1)
        remaining -= is_working_day(expected)
    assert add_working_days(day, n) == expected


@PROPERTY
@given(days)
def test_the_next_working_day_is_a_later_working_day(day: date) -> None:
    following = next_working_day(day)
    assert following > day
    assert is_working_day(following)
    assert not any(
        is_working_day(day + timedelta(days=gap)) for gap in range(1, (following - day).days)
    )


@PROPERTY
@given(moments)
def test_the_effective_receipt_is_working_time(received: datetime) -> None:
    effective = effective_receipt(received)
    assert is_working_time(effective)
    assert effective_receipt(effective) == effective


@PROPERTY
@given(moments, moments, moments)
def test_working_time_adds_up_over_a_split_point(a: datetime, b: datetime, c: datetime) -> None:
    a, b, c = sorted((a, b, c))
    assert working_time_between(a, c) == working_time_between(a, b) + working_time_between(b, c)


@PROPERTY
@given(moments, moments)
def test_working_time_is_never_negative(a: datetime, b: datetime) -> None:
    assert working_time_between(a, b) >= timedelta(0)


@PROPERTY
@given(moments)
def test_no_working_time_passes_before_the_effective_receipt(received: datetime) -> None:
    assert working_time_between(received, effective_receipt(received)) == timedelta(0)


@PROPERTY
@given(days)
def test_a_day_off_holds_no_working_time(day: date) -> None:
    start = datetime(day.year, day.month, day.day, tzinfo=VN)
    worked = working_time_between(start, start + timedelta(days=1))
    assert worked == (timedelta(hours=8) if is_working_day(day) else timedelta(0))


@PROPERTY
@given(moments, durations)
def test_add_working_time_inverts_working_time_between(
    start: datetime, duration: timedelta
) -> None:
    end = add_working_time(start, duration)
    assert end >= start
    assert working_time_between(start, end) == duration


@PROPERTY
@given(moments, moments)
def test_add_working_time_reaches_the_earliest_such_moment(start: datetime, end: datetime) -> None:
    start, end = sorted((start, end))
    assert add_working_time(start, working_time_between(start, end)) <= end
