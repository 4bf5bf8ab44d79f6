"""The settings refuse unsafe production configuration; checked in fresh interpreters."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    unset = {"DEBUG", "SECRET_KEY", "DB", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_missing_secret_key_is_fatal_when_debug_is_off() -> None:
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_variables(tmp_path) -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 60 + "production-like-secret-key-with-enough-entropy",
        ALLOWED_HOSTS="thanhmieu.phutho.gov.vn",
        DATABASE_URL="postgres://phuongso@127.0.0.1:5432/phuongso",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        PAYMENT_HASH_SECRET="secret-issued-by-the-payment-gateway",
        # The ward's adapter to its SMS provider (the local outbox is flagged, phuongso.W003).
        SMS_GATEWAY="ward_sms.ProviderGateway",
        BACKUP_KEY="pWYl3Ye-dZ0Lw2bUhx2Jj6bvYAFXoPyT9tgqJoSEXdM=",
        DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_payment_simulator_is_off_in_production_and_flagged_when_turned_on(
    tmp_path,
) -> None:
    production = {
        "SECRET_KEY": "k" * 60 + "production-like-secret-key-with-enough-entropy",
        "ALLOWED_HOSTS": "thanhmieu.phutho.gov.vn",
        "DATABASE_URL": "postgres://phuongso@127.0.0.1:5432/phuongso",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DATA_DIR": str(tmp_path),
    }
    script = "from phuongso.payments import simulator; print(simulator.is_enabled())"
    assert run_manage("shell", "-c", script, **production).stdout.splitlines()[-1] == "False"
    turned_on = run_manage("check", "--deploy", **production, PAYMENT_SIMULATOR="1")
    assert turned_on.returncode != 0
    assert "phuongso.E003" in turned_on.stderr + turned_on.stdout
    shared = run_manage("check", "--deploy", "--fail-level", "WARNING", **production)
    assert "phuongso.W002" in shared.stderr + shared.stdout  # the signing key is SECRET_KEY


def test_check_deploy_flags_file_based_email_in_production(tmp_path) -> None:
    result = run_manage(
        "check",
        "--deploy",
        SECRET_KEY="k" * 60 + "production-like-secret-key-with-enough-entropy",
        ALLOWED_HOSTS="thanhmieu.phutho.gov.vn",
        DATABASE_URL="postgres://phuongso@127.0.0.1:5432/phuongso",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        DATA_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "phuongso.E001" in result.stderr + result.stdout
