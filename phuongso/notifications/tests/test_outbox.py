from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.testing import at, papers_for, walk_in
from phuongso.notifications.models import DeliveryStatus, Medium, Notification
from phuongso.notifications.services import IN_FLIGHT, Recipient, notify, queue, send_pending

pytestmark = pytest.mark.django_db


class BrokenGateway:
    name = "broken"

    def send(self, *, phone: str, text: str) -> None:
        raise ConnectionError("Cổng SMS không phản hồi")


class BrokenMail(BaseEmailBackend):
    def send_messages(self, messages: list) -> int:
        raise ConnectionRefusedError("Máy chủ thư không kết nối được")


@pytest.fixture
def dossier(three_day_procedure, counter_officer) -> Dossier:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    Notification.objects.all().delete()  # start from an empty outbox
    return dossier


def test_a_person_with_email_and_phone_gets_both(dossier) -> None:
    rows = notify(
        event="dossier_received",
        recipient=Recipient(name="Nguyễn Văn Dân", email="dan@example.vn", phone="+84912000001"),
        context={"dossier": dossier},
        about=f"dossier:{dossier.pk}",
    )
    assert {row.medium for row in rows} == {Medium.EMAIL, Medium.SMS}
    assert all(row.status == DeliveryStatus.SENT for row in rows)
    assert mail.outbox[0].subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert "Kính gửi Nguyễn Văn Dân" in mail.outbox[0].body
    assert "Hẹn trả kết quả: 17:00 ngày 05/03/2026" in mail.outbox[0].body
    sms = Notification.objects.get(medium=Medium.SMS)
    assert dossier.code in sms.body and sms.gateway == "outbox"


def test_an_sms_is_plain_gsm_7_and_the_mail_keeps_its_marks(dossier) -> None:
    """Names with marks in an SMS (the commune's) would make it UCS-2: 70 characters a part
    instead of 160, and unreadable on some phones."""
    from phuongso.notifications.sms import GSM_7

    notify(
        event="dossier_received",
        recipient=Recipient(name="Nguyễn Văn Dân", email="dan@example.vn", phone="+84912000001"),
        context={"dossier": dossier},
        about=f"dossier:{dossier.pk}",
    )
    sms = Notification.objects.get(medium=Medium.SMS)
    assert sms.body.startswith("Phuong Thanh Mieu: ho so")
    assert set(sms.body) <= GSM_7
    assert "Phường Thanh Miếu" in Notification.objects.get(medium=Medium.EMAIL).body


def test_a_failed_sms_is_kept_and_retried_by_the_command(settings, dossier) -> None:
    settings.SMS_GATEWAY = "phuongso.notifications.tests.test_outbox.BrokenGateway"
    notify(
        event="dossier_received",
        recipient=Recipient(name="A", phone="+84912000001"),
        context={"dossier": dossier},
    )
    row = Notification.objects.get()
    assert row.status == DeliveryStatus.FAILED and "không phản hồi" in row.last_error
    assert send_pending() == (0, 1, 0)
    settings.SMS_GATEWAY = "phuongso.notifications.sms.OutboxGateway"
    call_command("send_notifications", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and row.attempts == 3


def test_a_password_link_that_could_not_be_sent_in_time_is_dropped_not_sent_late(
    settings,
) -> None:
    settings.SMS_GATEWAY = "phuongso.notifications.tests.test_outbox.BrokenGateway"
    notify(
        event="password_link",
        recipient=Recipient(name="A", phone="+84912000001"),
        context={"link": "https://dichvucong.example/dat-mat-khau/MQ/abc/"},
    )
    row = Notification.objects.get()
    assert row.status == DeliveryStatus.FAILED and "dat-mat-khau" in row.body
    settings.SMS_GATEWAY = "phuongso.notifications.sms.OutboxGateway"
    # Still valid: the retry sends it.
    Notification.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT - 60)
    )
    assert send_pending() == (1, 0, 0)
    # Past the token's lifetime: given up, and the link no longer readable in the outbox.
    settings.SMS_GATEWAY = "phuongso.notifications.tests.test_outbox.BrokenGateway"
    late = notify(
        event="password_link",
        recipient=Recipient(name="A", phone="+84912000001"),
        context={"link": "https://dichvucong.example/dat-mat-khau/MQ/def/"},
    )[0]
    settings.SMS_GATEWAY = "phuongso.notifications.sms.OutboxGateway"
    Notification.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    )
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    assert "Bỏ 1 đường dẫn đặt mật khẩu đã hết hạn" in out.getvalue()
    late.refresh_from_db()
    assert late.status == DeliveryStatus.GAVE_UP and late.attempts == 1
    assert "dat-mat-khau" not in late.body and "hết hạn" in late.last_error


def test_a_broken_mail_server_does_not_undo_the_submission(
    settings, three_day_procedure, citizen, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_BACKEND = "phuongso.notifications.tests.test_outbox.BrokenMail"
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.submit_online(
            procedure=three_day_procedure,
            applicant=citizen,
            papers=papers_for(three_day_procedure, with_files=True),
        )
    assert Dossier.objects.filter(pk=dossier.pk, status="submitted").exists()
    failed = Notification.objects.get(medium=Medium.EMAIL)
    assert failed.status == DeliveryStatus.FAILED
    assert "không kết nối được" in failed.last_error
    assert Notification.objects.get(medium=Medium.SMS).status == DeliveryStatus.SENT


def test_messages_commit_with_the_change_and_leave_after_it(
    three_day_procedure, counter_officer, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    row = Notification.objects.get()  # written in the same transaction as the receipt
    # Two after-commit callbacks: the messages' send, then the service-quality fold.
    assert row.status == DeliveryStatus.PENDING and len(callbacks) == 2
    callbacks[0]()
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT


def test_a_password_link_that_never_got_through_does_not_stay_readable(settings) -> None:
    settings.SMS_GATEWAY = "phuongso.notifications.tests.test_outbox.BrokenGateway"
    notify(
        event="password_link",
        recipient=Recipient(name="A", phone="+84912000001"),
        context={"link": "https://dichvucong.example/dat-mat-khau/MQ/ghi/"},
    )
    for _ in range(4):
        send_pending()
    row = Notification.objects.get()
    assert row.status == DeliveryStatus.GAVE_UP and row.attempts == 5
    assert "dat-mat-khau" not in row.body and "không phản hồi" in row.last_error


def test_a_message_just_queued_is_left_to_the_request_sending_it(settings, dossier) -> None:
    """Sent after its commit by the request that queued it: a retry run in that moment would
    send it a second time. Past IN_FLIGHT, the request is taken to have died without it."""
    rows = queue(
        event="password_link",
        recipient=Recipient(name="A", phone="+84912000009"),
        context={"link": "https://dichvucong.example/dat-mat-khau/x/", "minutes": 30},
    )
    assert send_pending() == (0, 0, 0)
    assert Notification.objects.get(pk=rows[0].pk).status == DeliveryStatus.PENDING
    Notification.objects.update(created_at=timezone.now() - IN_FLIGHT - timedelta(seconds=1))
    assert send_pending() == (1, 0, 0)
