"""Two send_notifications runs at once (cron overlapping a slow run), on PostgreSQL."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from phuongso.dossiers.tests.test_concurrency import race
from phuongso.notifications.models import DeliveryStatus, Notification
from phuongso.notifications.services import Recipient, queue, send_pending

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks between real concurrent connections: run on PostgreSQL (CI does)",
    ),
]
SENT: list[str] = []
LOCK = threading.Lock()


class SlowGateway:
    """A gateway that takes a while, so that the two runs overlap."""

    name = "slow"

    def send(self, *, phone: str, text: str) -> None:
        time.sleep(0.05)
        with LOCK:
            SENT.append(text)


def test_each_waiting_message_is_sent_once_by_two_runs_at_once(settings) -> None:
    settings.SMS_GATEWAY = "phuongso.notifications.tests.test_two_retry_runs.SlowGateway"
    SENT.clear()
    for number in range(6):
        queue(
            event="password_link",
            recipient=Recipient(name="A", phone=f"+8491200000{number}"),
            context={"link": f"https://dichvucong.example/dat-mat-khau/{number}/", "minutes": 30},
        )
    # Queued by requests that died before sending them (younger ones are still in flight).
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    first, second = race(send_pending, send_pending)
    assert first.sent + second.sent == 6, (first, second)
    assert sorted(SENT) == sorted(set(SENT)) and len(SENT) == 6
    rows = Notification.objects.all()
    assert all(row.status == DeliveryStatus.SENT and row.attempts == 1 for row in rows)
