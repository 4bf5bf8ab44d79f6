"""The reporter may reopen a resolved report within FEEDBACK_REOPEN_DAYS, not after."""

from __future__ import annotations

import pytest

from phuongso.feedback import services
from phuongso.feedback.models import Report
from phuongso.feedback.services import FeedbackError
from phuongso.feedback.tests.conftest import at
from phuongso.feedback.workflow import Action, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(make_report, citizen, economy_specialist) -> Report:
    report = make_report(reporter=citizen, when=at("02/03/2026"))
    report = services.accept(report, actor=economy_specialist, at=at("02/03/2026", "10:00"))
    return services.resolve(
        report, actor=economy_specialist, answer="Đã thay bóng đèn.", at=at("04/03/2026", "10:00")
    )


def test_the_reporter_reopens_within_the_window(resolved, citizen) -> None:
    report = services.reopen(
        resolved, actor=citizen, reason="Đèn lại tắt.", at=at("03/04/2026", "10:00")
    )
    assert report.status == Status.IN_PROGRESS
    assert report.resolved_at is None
    assert report.events.filter(action=Action.REOPEN, note="Đèn lại tắt.").exists()


def test_a_reopen_after_the_window_is_refused_and_changes_nothing(resolved, citizen) -> None:
    with pytest.raises(FeedbackError, match="quá 30 ngày"):
        services.reopen(
            resolved, actor=citizen, reason="Đèn lại tắt.", at=at("04/04/2026", "10:01")
        )
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED
    assert resolved.reopen_count == 0
    assert not resolved.events.filter(action=Action.REOPEN).exists()


def test_the_window_is_a_setting(resolved, citizen, settings) -> None:
    settings.FEEDBACK_REOPEN_DAYS = 7
    with pytest.raises(FeedbackError, match="quá 7 ngày"):
        services.reopen(resolved, actor=citizen, reason="Vẫn hỏng.", at=at("12/03/2026"))


def test_only_the_reporter_reopens(resolved, other_citizen, economy_specialist) -> None:
    for person in (other_citizen, economy_specialist):
        with pytest.raises(FeedbackError, match="không có quyền"):
            services.reopen(resolved, actor=person, reason="Vẫn hỏng.", at=at("05/03/2026"))


def test_a_reopen_needs_a_reason(resolved, citizen) -> None:
    with pytest.raises(FeedbackError, match="vì sao cần mở lại"):
        services.reopen(resolved, actor=citizen, reason="", at=at("05/03/2026"))


def test_the_page_refuses_a_late_reopen_with_a_clear_message(client, resolved, citizen) -> None:
    client.force_login(citizen)
    resolved.resolved_at = at("01/01/2026")
    resolved.save(update_fields=["resolved_at"])
    response = client.post(
        f"/phan-anh/cua-toi/{resolved.pk}/thao-tac/reopen/",
        {"reason": "Đèn lại tắt.", "version": resolved.version},
        follow=True,
    )
    assert "không thể mở lại" in response.content.decode()
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED


def test_answered_reports_are_closed_by_the_daily_job_after_the_window(resolved) -> None:
    from io import StringIO

    from django.core.management import call_command

    call_command("close_answered_feedback", stdout=StringIO())
    resolved.refresh_from_db()
    assert resolved.status == Status.CLOSED
    assert resolved.events.get(action=Action.CLOSE).actor_role == "system"
