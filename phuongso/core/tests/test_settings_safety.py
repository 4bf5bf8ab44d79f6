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
        DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


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
