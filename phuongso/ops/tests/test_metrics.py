"""/metrics speaks Prometheus' text format to the bearer of METRICS_TOKEN only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_metrics_are_hidden_when_no_token_is_set(client, settings) -> None:
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


def test_a_wrong_token_is_refused(client, settings) -> None:
    settings.METRICS_TOKEN = "dung-ma-nay"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer sai").status_code == 403


def test_the_bearer_reads_the_figures(client, settings, tmp_path) -> None:
    settings.METRICS_TOKEN = "dung-ma-nay"
    settings.BACKUP_DIR = tmp_path
    (tmp_path / "phuongso-20260101-000000.psb").write_bytes(b"x")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer dung-ma-nay")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode()
    assert 'phuongso_probe_ok{probe="database"} 1' in text
    assert "phuongso_outbox_oldest_waiting_seconds 0" in text
    assert "phuongso_backup_last_timestamp_seconds " in text
