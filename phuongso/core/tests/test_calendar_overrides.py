"""The administrator's override table changes what the calendar answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.test import RequestFactory

from phuongso.core import calendar
from phuongso.core.calendar import DeadlineRule, appointment, is_working_day
from phuongso.core.models import CalendarOverride, CalendarOverrideKind

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ONE_DAY = DeadlineRule(working_days=1)


@pytest.fixture(autouse=True)
def fresh_calendar() -> Iterator[None]:
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def test_the_2025_2026_differences_are_seeded() -> None:
    seeded = dict(CalendarOverride.objects.values_list("date", "kind"))
    assert seeded == {
        date(2025, 4, 26): CalendarOverrideKind.WORKING_DAY,
        date(2026, 1, 2): CalendarOverrideKind.DAY_OFF,
        date(2026, 1, 10): CalendarOverrideKind.WORKING_DAY,
        date(2026, 8, 22): CalendarOverrideKind.WORKING_DAY,
    }


def test_an_extra_day_off_moves_the_appointment() -> None:
    received = datetime(2026, 6, 9, 10, 0, tzinfo=VN)  # Tuesday
    assert appointment(received, ONE_DAY) == datetime(2026, 6, 10, 17, 0, tzinfo=VN)
    CalendarOverride.objects.create(
        date=date(2026, 6, 10), kind=CalendarOverrideKind.DAY_OFF, reason="Nghỉ thêm (thử)"
    )
    calendar.clear_cache()
    assert not is_working_day(date(2026, 6, 10))
    assert appointment(received, ONE_DAY) == datetime(2026, 6, 11, 17, 0, tzinfo=VN)


def test_a_make_up_working_day_counts() -> None:
    CalendarOverride.objects.create(
        date=date(2026, 6, 13), kind=CalendarOverrideKind.WORKING_DAY, reason="Làm bù (thử)"
    )
    calendar.clear_cache()
    received = datetime(2026, 6, 12, 10, 0, tzinfo=VN)  # Friday
    assert appointment(received, ONE_DAY) == datetime(2026, 6, 13, 17, 0, tzinfo=VN)


def test_a_package_holiday_the_ward_does_not_observe_becomes_a_working_day() -> None:
    assert not is_working_day(date(2026, 4, 27))
    CalendarOverride.objects.create(
        date=date(2026, 4, 27),
        kind=CalendarOverrideKind.HOLIDAY_NOT_OBSERVED,
        reason="Không nghỉ bù (thử)",
    )
    calendar.clear_cache()
    assert is_working_day(date(2026, 4, 27))


def test_a_holiday_not_observed_on_a_sunday_stays_a_weekend_day() -> None:
    CalendarOverride.objects.create(
        date=date(2026, 4, 26),
        kind=CalendarOverrideKind.HOLIDAY_NOT_OBSERVED,
        reason="Giỗ Tổ rơi vào Chủ nhật (thử)",
    )
    calendar.clear_cache()
    assert not is_working_day(date(2026, 4, 26))


def test_removing_a_seeded_override_restores_the_package_answer() -> None:
    CalendarOverride.objects.filter(date=date(2026, 1, 2)).delete()
    calendar.clear_cache()
    assert is_working_day(date(2026, 1, 2))


def test_saving_and_deleting_in_the_admin_reaches_the_calendar() -> None:
    model_admin = admin.site._registry[CalendarOverride]
    request = RequestFactory().post("/quan-tri/")
    assert is_working_day(date(2026, 6, 10))
    override = CalendarOverride(
        date=date(2026, 6, 10), kind=CalendarOverrideKind.DAY_OFF, reason="Nghỉ thêm (thử)"
    )
    model_admin.save_model(request, override, form=None, change=False)
    assert not is_working_day(date(2026, 6, 10))
    model_admin.delete_model(request, override)
    assert is_working_day(date(2026, 6, 10))


def test_an_edit_made_by_another_process_is_seen_after_the_recheck_delay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert is_working_day(date(2026, 6, 10))
    # Another process writes the row (no signal reaches this one); these tables are still warm.
    CalendarOverride.objects.bulk_create(
        [CalendarOverride(date=date(2026, 6, 10), kind=CalendarOverrideKind.DAY_OFF, reason="x")]
    )
    assert is_working_day(date(2026, 6, 10))
    later = calendar.monotonic() + calendar.RECHECK_SECONDS + 1
    monkeypatch.setattr(calendar, "monotonic", lambda: later)
    assert not is_working_day(date(2026, 6, 10))


def test_warm_tables_answer_without_queries(django_assert_num_queries) -> None:
    received = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
    appointment(received, ONE_DAY)
    with django_assert_num_queries(0):
        for n in range(2000):
            appointment(received.replace(day=1 + n % 28, hour=n % 24), ONE_DAY)


def test_an_override_added_through_the_admin_pages_reaches_the_calendar(admin_client) -> None:
    assert is_working_day(date(2026, 6, 10))
    response = admin_client.post(
        "/quan-tri/core/calendaroverride/add/",
        {"date": "10/06/2026", "kind": CalendarOverrideKind.DAY_OFF, "reason": "Nghỉ thêm (thử)"},
    )
    assert response.status_code == 302
    assert not is_working_day(date(2026, 6, 10))
    listing = admin_client.get("/quan-tri/core/calendaroverride/?kind=day_off")
    assert "10/06/2026" in listing.content.decode()
