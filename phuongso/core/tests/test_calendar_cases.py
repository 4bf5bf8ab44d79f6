"""Dated cases the working-day calendar must get right (shared/data/calendar-vn.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

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
    working_days_in_year,
    working_time_between,
)

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SAME_DAY = DeadlineRule(working_days=0, same_day=True)


@pytest.fixture(autouse=True)
def fresh_calendar() -> Iterator[None]:
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def at(day: str, clock: str = "09:00") -> datetime:
    """A moment in Vietnam from "dd/mm/yyyy" and "HH:MM"."""
    return datetime.strptime(f"{day} {clock}", "%d/%m/%Y %H:%M").replace(tzinfo=VN)


def on(day: str) -> date:
    return datetime.strptime(day, "%d/%m/%Y").date()


# (day, working?, why)
WORKING_DAYS = [
    ("01/01/2025", False, "New Year 2025"),
    ("27/01/2025", False, "Tết 2025 begins"),
    ("31/01/2025", False, "Tết 2025 ends"),
    ("03/02/2025", True, "first working day after Tết 2025"),
    ("07/04/2025", False, "Hùng Kings 2025"),
    ("26/04/2025", True, "make-up Saturday for Fri 2/5/2025"),
    ("02/05/2025", False, "swapped with Sat 26/4/2025"),
    ("01/09/2025", False, "National Day 2025"),
    ("02/09/2025", False, "National Day 2025"),
    ("01/01/2026", False, "New Year 2026"),
    ("02/01/2026", False, "New Year 2026, swapped with Sat 10/1"),
    ("03/01/2026", False, "Saturday of the New Year break"),
    ("05/01/2026", True, "first working day of 2026"),
    ("10/01/2026", True, "make-up Saturday for Fri 2/1/2026"),
    ("17/01/2026", False, "an ordinary Saturday"),
    ("13/02/2026", True, "last working day before Tết 2026"),
    ("14/02/2026", False, "Tết 2026 break begins (Saturday)"),
    ("16/02/2026", False, "Tết 2026"),
    ("20/02/2026", False, "Tết 2026"),
    ("22/02/2026", False, "Tết 2026 break ends (Sunday)"),
    ("23/02/2026", True, "first working day after Tết 2026"),
    ("24/04/2026", True, "Friday before Hùng Kings 2026"),
    ("25/04/2026", False, "Hùng Kings 2026 break (Saturday)"),
    ("26/04/2026", False, "Hùng Kings 2026 (Sunday)"),
    ("27/04/2026", False, "Hùng Kings 2026, compensatory Monday"),
    ("28/04/2026", True, "after Hùng Kings 2026"),
    ("30/04/2026", False, "Reunification Day 2026"),
    ("01/05/2026", False, "Labour Day 2026"),
    ("04/05/2026", True, "after 30/4 – 1/5 2026"),
    ("22/08/2026", True, "make-up Saturday for Mon 31/8/2026"),
    ("29/08/2026", False, "National Day 2026 break (Saturday)"),
    ("31/08/2026", False, "National Day 2026, swapped with Sat 22/8"),
    ("01/09/2026", False, "National Day 2026"),
    ("02/09/2026", False, "National Day 2026"),
    ("03/09/2026", True, "after National Day 2026"),
    ("24/11/2026", True, "Culture Day not observed by default"),
]


@pytest.mark.parametrize(("day", "working", "why"), WORKING_DAYS, ids=[c[0] for c in WORKING_DAYS])
def test_the_official_schedule_decides_working_days(day: str, working: bool, why: str) -> None:
    assert is_working_day(on(day)) is working, why


# (received at, rule, appointment day, why)
APPOINTMENTS = [
    ("09/01/2026 16:00", SAME_DAY, "10/01/2026", "after 15:00: the make-up Saturday"),
    ("09/01/2026 14:59", SAME_DAY, "09/01/2026", "before the cut-off: the same day"),
    ("09/01/2026 15:00", SAME_DAY, "10/01/2026", "at the cut-off: no longer before it"),
    ("09/01/2026 18:00", SAME_DAY, "10/01/2026", "after hours: received Sat 07:30"),
    ("01/01/2026 10:00", SAME_DAY, "05/01/2026", "on New Year's Day: received Mon 5/1"),
    ("31/12/2025 10:00", DeadlineRule(1), "05/01/2026", "skips 1/1 – 4/1/2026"),
    ("31/12/2025 10:00", DeadlineRule(3), "07/01/2026", "skips 1/1 – 4/1/2026"),
    ("12/02/2026 09:00", DeadlineRule(3), "24/02/2026", "skips Tết 14/2 – 22/2/2026"),
    ("13/02/2026 16:00", DeadlineRule(3), "25/02/2026", "skips Tết 14/2 – 22/2/2026"),
    ("18/02/2026 09:00", DeadlineRule(1), "24/02/2026", "received in Tết: counts from 23/2"),
    ("24/04/2026 10:00", DeadlineRule(1), "28/04/2026", "skips Hùng Kings 25/4 – 27/4/2026"),
    ("25/04/2026 10:00", SAME_DAY, "28/04/2026", "received in the Hùng Kings break"),
    ("29/04/2026 10:00", DeadlineRule(1), "04/05/2026", "skips 30/4 – 3/5/2026"),
    ("21/08/2026 10:00", DeadlineRule(1), "22/08/2026", "the make-up Saturday counts"),
    ("22/08/2026 16:00", SAME_DAY, "24/08/2026", "the make-up Saturday has a cut-off too"),
    ("28/08/2026 10:00", DeadlineRule(1), "03/09/2026", "skips National Day 29/8 – 2/9/2026"),
    ("23/11/2026 10:00", DeadlineRule(1), "24/11/2026", "24/11 is a working day by default"),
    ("25/04/2025 10:00", DeadlineRule(1), "26/04/2025", "the 2025 make-up Saturday counts"),
    ("29/04/2025 10:00", DeadlineRule(1), "05/05/2025", "skips 30/4 – 4/5/2025"),
    ("05/01/2026 10:00", DeadlineRule(0), "05/01/2026", "zero working days: the receipt day"),
]


@pytest.mark.parametrize(
    ("received", "rule", "due", "why"), APPOINTMENTS, ids=[f"{c[0]} {c[1]}" for c in APPOINTMENTS]
)
def test_appointments_follow_the_official_schedule(
    received: str, rule: DeadlineRule, due: str, why: str
) -> None:
    assert appointment(at(*received.split()), rule) == at(due, "17:00"), why


def test_the_culture_day_is_a_day_off_when_the_ward_observes_it() -> None:
    with override_settings(OBSERVE_CULTURE_DAY=True):
        assert not is_working_day(on("24/11/2026"))
        assert appointment(at("23/11/2026", "10:00"), DeadlineRule(1)) == at("25/11/2026", "17:00")
        # 24/11/2029 is a Saturday: the package gives Monday 26/11 off instead.
        assert not is_working_day(on("26/11/2029"))
    assert is_working_day(on("24/11/2026"))
    assert is_working_day(on("26/11/2029"))


# (received at, effective receipt, why)
RECEIPTS = [
    ("05/01/2026 09:00", "05/01/2026 09:00", "working time: unchanged"),
    ("05/01/2026 06:00", "05/01/2026 07:30", "before opening: the morning start"),
    ("05/01/2026 11:30", "05/01/2026 13:00", "lunch: the afternoon start"),
    ("05/01/2026 12:15", "05/01/2026 13:00", "lunch: the afternoon start"),
    ("05/01/2026 17:00", "06/01/2026 07:30", "closing time: the next working morning"),
    ("09/01/2026 20:00", "10/01/2026 07:30", "Friday night: the make-up Saturday"),
    ("11/01/2026 09:00", "12/01/2026 07:30", "Sunday: Monday morning"),
    ("13/02/2026 17:30", "23/02/2026 07:30", "before Tết: the first day after it"),
]


@pytest.mark.parametrize(("received", "effective", "why"), RECEIPTS, ids=[c[0] for c in RECEIPTS])
def test_effective_receipt_is_the_next_working_moment(
    received: str, effective: str, why: str
) -> None:
    assert effective_receipt(at(*received.split())) == at(*effective.split()), why


def test_moments_in_other_time_zones_are_read_in_vietnam_time() -> None:
    # 08:30 UTC is 15:30 in Vietnam: after the cut-off.
    received = datetime(2026, 1, 9, 8, 30, tzinfo=ZoneInfo("UTC"))
    due = appointment(received, SAME_DAY)
    assert due == at("10/01/2026", "17:00")
    assert due.tzinfo == VN


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="múi giờ"):
        appointment(datetime(2026, 1, 9, 10, 0), SAME_DAY)


def test_working_time_is_read_from_the_settings() -> None:
    with override_settings(WORKING_HOURS=["08:00-12:00", "13:00-17:30"], SAME_DAY_CUTOFF="16:00"):
        assert appointment(at("09/01/2026", "15:30"), SAME_DAY) == at("09/01/2026", "17:30")
        assert effective_receipt(at("09/01/2026", "12:30")) == at("09/01/2026", "13:00")
        assert str(SAME_DAY) == "Trong ngày (sau 16:00 trả ngày làm việc tiếp theo)"


def test_working_hours_and_lunch() -> None:
    assert is_working_time(at("05/01/2026", "07:30"))
    assert not is_working_time(at("05/01/2026", "11:30"))
    assert not is_working_time(at("05/01/2026", "12:59"))
    assert is_working_time(at("05/01/2026", "13:00"))
    assert not is_working_time(at("05/01/2026", "17:00"))
    assert not is_working_time(at("02/01/2026", "09:00"))
    assert is_working_time(at("10/01/2026", "09:00"))


def test_working_time_between_skips_nights_weekends_and_holidays() -> None:
    # Fri 9/1 16:00–17:00, the make-up Saturday (8 h), Mon 12/1 07:30–08:30.
    start, end = at("09/01/2026", "16:00"), at("12/01/2026", "08:30")
    assert working_time_between(start, end) == timedelta(hours=10)
    assert working_time_between(end, start) == timedelta(0)
    assert working_time_between(at("13/02/2026", "17:00"), at("23/02/2026", "07:30")) == (
        timedelta(0)
    )
    assert working_time_between(at("05/01/2026", "11:00"), at("05/01/2026", "14:00")) == (
        timedelta(minutes=90)
    )


def test_supplement_time_pushes_an_appointment_by_working_time() -> None:
    due = at("09/01/2026", "17:00")
    assert add_working_time(due, timedelta(hours=2)) == at("10/01/2026", "09:30")
    # A full working day (8 h) after the end of a day is the end of the next one.
    assert add_working_time(due, timedelta(hours=8)) == at("10/01/2026", "17:00")
    assert add_working_time(due, timedelta(hours=8, minutes=30)) == at("12/01/2026", "08:00")
    assert add_working_time(at("13/02/2026", "16:00"), timedelta(hours=2)) == (
        at("23/02/2026", "08:30")
    )
    assert add_working_time(due, timedelta(0)) == due


def test_counting_working_days() -> None:
    assert next_working_day(on("09/01/2026")) == on("10/01/2026")
    assert next_working_day(on("13/02/2026")) == on("23/02/2026")
    assert add_working_days(on("02/01/2026"), 0) == on("05/01/2026")
    assert add_working_days(on("05/01/2026"), 0) == on("05/01/2026")
    assert add_working_days(on("21/08/2026"), 2) == on("24/08/2026")
    # Across the year boundary, into a year not built yet.
    assert add_working_days(on("30/12/2026"), 2) == on("04/01/2027")
    with pytest.raises(ValueError):
        add_working_days(on("05/01/2026"), -1)


def test_a_year_has_about_250_working_days() -> None:
    days_2026 = working_days_in_year(2026)
    assert len(days_2026) == 250
    assert days_2026[0] == on("05/01/2026")
    assert on("10/01/2026") in days_2026
    assert on("02/01/2026") not in days_2026


def test_years_outside_the_supported_range_are_refused() -> None:
    with pytest.raises(ValueError, match="2000–2100"):
        is_working_day(date(1999, 12, 31))


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (DeadlineRule(3), "3 ngày làm việc"),
        (DeadlineRule(1), "1 ngày làm việc"),
        (SAME_DAY, "Trong ngày (sau 15:00 trả ngày làm việc tiếp theo)"),
        (DeadlineRule(0), "Trả trong ngày tiếp nhận"),
    ],
)
def test_rules_read_in_vietnamese(rule: DeadlineRule, text: str) -> None:
    assert str(rule) == text


def test_inconsistent_rules_are_refused() -> None:
    with pytest.raises(ValueError):
        DeadlineRule(working_days=-1)
    with pytest.raises(ValueError):
        DeadlineRule(working_days=3, same_day=True)
