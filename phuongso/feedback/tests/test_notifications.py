"""Each public step is sent to the reporter by e-mail and SMS; followers hear the answers."""

from __future__ import annotations

import pytest

from phuongso.feedback import services
from phuongso.feedback.models import Follower
from phuongso.notifications.models import Medium, Notification

pytestmark = pytest.mark.django_db


def test_the_reporter_is_told_of_each_public_step(
    make_report, citizen, economy_specialist, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(reporter=citizen)
        report = services.accept(report, actor=economy_specialist)
        report = services.reply(report, actor=economy_specialist, message="Tuần này thay bóng.")
        report = services.resolve(report, actor=economy_specialist, answer="Đã thay ba bóng đèn.")
    events = list(
        Notification.objects.filter(medium=Medium.EMAIL)
        .order_by("pk")
        .values_list("event", flat=True)
    )
    assert events == [
        "feedback_received",
        "feedback_accepted",
        "feedback_replied",
        "feedback_resolved",
    ]
    resolved = mailoutbox[-1]
    assert resolved.subject == f"Phản ánh số {report.pk} đã được giải quyết"
    assert "Đã thay ba bóng đèn." in resolved.body
    assert f"/phan-anh/cua-toi/{report.pk}/" in resolved.body
    sms = Notification.objects.filter(medium=Medium.SMS, event="feedback_resolved").get()
    assert sms.recipient == "+84912000001"
    assert sms.body.isascii() and sms.body.startswith("Phuong Thanh Mieu: phan anh so")


def test_internal_steps_are_not_sent(make_report, citizen, commune, economy_specialist) -> None:
    report = make_report(reporter=citizen)
    Notification.objects.all().delete()
    services.transfer(
        report, actor=economy_specialist, unit=commune.units.get(kind="police"), reason="Trật tự."
    )
    assert not Notification.objects.exists()


def test_messages_are_written_with_the_change_and_sent_after_commit(
    make_report, citizen, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_report(reporter=citizen)
    rows = Notification.objects.filter(event="feedback_received")
    assert rows.count() == 2 and {row.status for row in rows} == {"pending"}
    assert callbacks


def test_followers_hear_the_wards_answers(
    make_report, other_citizen, economy_specialist, django_capture_on_commit_callbacks
) -> None:
    report = services.accept(make_report(), actor=economy_specialist)
    services.follow(report, actor=other_citizen)
    assert Follower.objects.filter(report=report).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.resolve(report, actor=economy_specialist, answer="Đã sửa.")
    told = Notification.objects.filter(event="feedback_followed_update")
    assert list(told.values_list("recipient", flat=True)) == ["+84912000002"]


def test_an_anonymous_reporter_without_contact_is_not_messaged(commune, street_lights) -> None:
    services.submit_report(
        commune=commune,
        category=street_lights,
        description="Đèn hỏng.",
        reporter=services.Reporter(name=""),
        address="Phố Hàm Nghi",
    )
    assert not Notification.objects.exists()
