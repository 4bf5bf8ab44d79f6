"""Overdue and due soon are derived from the deadline and the calendar, never stored."""

from __future__ import annotations

import pytest

from phuongso.feedback import deadlines, services
from phuongso.feedback.models import Report
from phuongso.feedback.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_a_new_report_not_decided_in_two_working_days_is_overdue(make_report) -> None:
    report = make_report(when=at("12/02/2026"))
    assert not deadlines.is_overdue(report, now=at("23/02/2026", "16:59"))
    assert deadlines.is_overdue(report, now=at("23/02/2026", "17:01"))


def test_due_soon_is_the_last_working_day(make_report) -> None:
    report = make_report(when=at("12/02/2026"))
    assert not deadlines.is_due_soon(report, now=at("13/02/2026", "09:00"))
    assert deadlines.is_due_soon(report, now=at("23/02/2026", "09:00"))


def test_remaining_time_is_working_time_and_negative_when_late(make_report) -> None:
    report = make_report(when=at("12/02/2026"))
    left = deadlines.remaining_working_time(report, now=at("13/02/2026", "07:30"))
    assert left.total_seconds() == 2 * 8 * 3600  # two working days of 8 h
    late = deadlines.remaining_working_time(report, now=at("24/02/2026", "08:30"))
    assert late.total_seconds() == -3600


def test_a_report_waiting_for_the_citizen_is_never_overdue(make_report, economy_specialist) -> None:
    report = make_report(when=at("02/02/2026"))
    report = services.accept(report, actor=economy_specialist, at=at("02/02/2026", "10:00"))
    report = services.request_info(
        report, actor=economy_specialist, question="Ở đâu?", at=at("03/02/2026")
    )
    assert not deadlines.is_overdue(report, now=at("30/06/2026"))
    assert deadlines.remaining_working_time(report, now=at("30/06/2026")) is None


def test_answered_reports_are_never_overdue(make_report, economy_specialist) -> None:
    report = make_report(when=at("02/02/2026"))
    report = services.accept(report, actor=economy_specialist, at=at("02/02/2026", "10:00"))
    report = services.resolve(report, actor=economy_specialist, answer="Xong.", at=at("03/02/2026"))
    assert not deadlines.is_overdue(report, now=at("30/06/2026"))


def test_overdue_is_not_a_stored_field() -> None:
    names = {field.name for field in Report._meta.get_fields()}
    assert not {"overdue", "is_overdue", "late"} & names
