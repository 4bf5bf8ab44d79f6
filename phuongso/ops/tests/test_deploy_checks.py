"""check --deploy warns when backups could not run (no BACKUP_KEY) or the key is malformed."""

from __future__ import annotations

from phuongso.ops import archive
from phuongso.ops.checks import backup_key_is_set


def test_a_missing_backup_key_is_reported(settings) -> None:
    settings.BACKUP_KEY = ""
    assert [m.id for m in backup_key_is_set(None)] == ["ops.W001"]


def test_a_malformed_backup_key_is_reported(settings) -> None:
    settings.BACKUP_KEY = "not-a-fernet-key"
    assert [m.id for m in backup_key_is_set(None)] == ["ops.E001"]


def test_a_good_key_passes(settings) -> None:
    settings.BACKUP_KEY = archive.new_key()
    assert backup_key_is_set(None) == []
