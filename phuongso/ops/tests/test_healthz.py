"""/healthz tells the load balancer whether this server can serve: database, cache, storage
and outbox, as JSON figures with nothing personal in them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phuongso.notifications.models import Notification
from phuongso.ops import health

pytestmark = pytest.mark.django_db


def test_a_healthy_server_answers_200_with_each_probe(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "outbox"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-store" in response["Cache-Control"]


def test_a_stuck_outbox_answers_503_without_saying_to_whom(client, settings) -> None:
    settings.HEALTH_OUTBOX_MAX_AGE_MINUTES = 30
    message = Notification.objects.create(
        medium="sms", event="received", recipient="0912345678", body="Hồ sơ của ông Nguyễn Văn Minh"
    )
    Notification.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    outbox = response.json()["checks"]["outbox"]
    assert outbox["ok"] is False and outbox["waiting"] == 1
    assert outbox["oldest_waiting_seconds"] >= 7200
    assert "0912345678" not in response.content.decode()
    assert "Minh" not in response.content.decode()


def test_an_unwritable_upload_folder_answers_503(client, monkeypatch) -> None:
    monkeypatch.setattr(health.os, "access", lambda path, mode: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


def test_a_failing_cache_answers_503_naming_only_the_error_kind(client, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise ConnectionError("redis://secret-host:6379 refused")

    monkeypatch.setattr(health.cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {
        "ok": False,
        "ms": response.json()["checks"]["cache"]["ms"],
        "error": "ConnectionError",
    }
    assert "secret-host" not in response.content.decode()


def test_writes_are_refused(client) -> None:
    assert client.post("/healthz").status_code == 405
