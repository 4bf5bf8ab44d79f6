"""Each step's deadline comes from the working-day calendar: Tết and National Day 2026."""

from __future__ import annotations

import pytest

from phuongso.feedback import deadlines, services
from phuongso.feedback.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_deciding_on_a_report_sent_before_tet_skips_the_holiday(make_report) -> None:
    report = make_report(when=at("12/02/2026", "09:00"))  # Thursday before Tết
    # Fri 13/2 is the first working day, Tết runs Sat 14 – Sun 22/2, Mon 23/2 the second.
    assert report.due_at == at("23/02/2026", "17:00")


def test_the_resolve_deadline_is_fifteen_working_days_after_receipt(
    make_report, economy_specialist
) -> None:
    report = make_report(when=at("12/02/2026", "09:00"))
    report = services.accept(report, actor=economy_specialist, at=at("13/02/2026", "10:00"))
    assert report.due_at == at("12/03/2026", "17:00")


def test_asking_for_information_is_due_within_five_working_days() -> None:
    assert deadlines.info_due(at("12/02/2026", "09:00")) == at("26/02/2026", "17:00")


def test_publishing_the_answer_is_due_within_two_working_days() -> None:
    assert deadlines.publish_due(at("28/08/2026", "10:00")) == at("04/09/2026", "17:00")


def test_a_report_sent_after_hours_counts_from_the_next_working_day(make_report) -> None:
    report = make_report(when=at("13/02/2026", "18:30"))  # Friday evening before Tết
    # Counted as received on Mon 23/2 at 07:30: the second working day after is Wed 25/2.
    assert report.due_at == at("25/02/2026", "17:00")


def test_national_day_2026_and_its_make_up_saturday(make_report) -> None:
    # Thu 20/8: Fri 21/8, then Saturday 22/8, a make-up working day.
    assert make_report(when=at("20/08/2026", "09:00")).due_at == at("22/08/2026", "17:00")
    # Fri 28/8: Mon 31/8 – Wed 2/9 are days off; Thu 3/9 and Fri 4/9 count.
    assert make_report(when=at("28/08/2026", "09:00")).due_at == at("04/09/2026", "17:00")


def test_waiting_for_the_citizen_does_not_count(make_report, citizen, economy_specialist) -> None:
    report = make_report(reporter=citizen, when=at("02/02/2026", "09:00"))
    report = services.accept(report, actor=economy_specialist, at=at("02/02/2026", "10:00"))
    assert report.due_at == at("02/03/2026", "17:00")  # 15 working days, Tết excluded
    report = services.request_info(
        report, actor=economy_specialist, question="Cột đèn số mấy?", at=at("09/02/2026", "07:30")
    )
    # The citizen answers on Mon 23/2 at opening time: five working days waited (9–13/2;
    # Tết does not count), so the deadline moves by five working days.
    report = services.provide_info(
        report, actor=citizen, info="Cột số 14.", at=at("23/02/2026", "07:30")
    )
    assert report.due_at == at("09/03/2026", "17:00")
    assert report.info_requested_at is None


def test_a_reopened_report_gets_a_new_resolve_deadline(
    make_report, citizen, economy_specialist
) -> None:
    report = make_report(reporter=citizen, when=at("02/03/2026"))
    report = services.accept(report, actor=economy_specialist, at=at("02/03/2026", "10:00"))
    report = services.resolve(
        report, actor=economy_specialist, answer="Đã thay bóng.", at=at("05/03/2026")
    )
    assert report.due_at is None
    report = services.reopen(
        report, actor=citizen, reason="Đèn lại tắt.", at=at("10/03/2026", "08:00")
    )
    assert report.due_at == at("31/03/2026", "17:00")
    assert report.reopen_count == 1
