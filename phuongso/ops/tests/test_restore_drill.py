"""The restore drill: back up a small demo, wipe everything, restore, and find the same rows,
the same files and the same service-quality figures (on SQLite and on PostgreSQL in CI)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from phuongso.core.models import Commune
from phuongso.ops import archive
from phuongso.ops.backup import row_counts
from phuongso.quality.periods import Period
from phuongso.quality.report import report
from phuongso.quality.slices import Slice

pytestmark = pytest.mark.django_db(transaction=True)


def wipe_database() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


def wipe_folder(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def file_hashes(*folders: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder.parent)): archive.sha256_file(path)
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
    }


def figures() -> dict:
    cache.clear()
    ward = Commune.objects.get(code=7909)
    start = date(timezone.localdate().year - 3, 1, 1)
    return report(Slice(commune=ward, period=Period.between(start, timezone.localdate())))


@pytest.fixture
def signing_dir(settings, tmp_path) -> Path:
    folder = tmp_path / "signing"
    folder.mkdir()
    (folder / "seal.p12").write_bytes(b"\x30\x82demo-pkcs12")
    settings.SIGNING_DIR = str(folder)
    return folder


@pytest.fixture
def key(settings) -> str:
    settings.BACKUP_KEY = archive.new_key()
    return settings.BACKUP_KEY


@pytest.fixture
def restored_safely():
    """Whatever a failed drill leaves, the next test finds the schema in place."""
    yield
    if "django_migrations" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)


def test_a_backup_of_the_demo_restores_the_same_rows_files_and_figures(
    settings, tmp_path, signing_dir, key, restored_safely
) -> None:
    settings.DEBUG = True
    call_command("load_demo", households=40, dossiers=60, stdout=io.StringIO())
    default_storage.save("dossiers/2025/giay-khai-sinh.pdf", ContentFile(b"%PDF-1.7 scan"))
    default_storage.save("feedback/anh-duong-hong.jpg", ContentFile(bytes(range(256)) * 40))
    settings.DEBUG = False
    rows, files, quality = (
        row_counts(),
        file_hashes(Path(settings.MEDIA_ROOT), signing_dir),
        figures(),
    )
    # The figures compared are real ones: the demo's history gives them numerators.
    assert any(quality["counts"].values()) and sum(rows.values()) > 1000
    assert any(row["numerator"] for row in quality["indicators"])

    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "backups"), stdout=out)
    [made] = (tmp_path / "backups").glob("*.psb")
    assert "Đã sao lưu" in out.getvalue()
    assert (tmp_path / "backups" / (made.name + ".sha256")).exists()

    wipe_database()
    wipe_folder(Path(settings.MEDIA_ROOT))
    wipe_folder(signing_dir)
    assert row_counts() == {}

    out = io.StringIO()
    call_command("restore", str(made), stdout=out)
    assert "Đã khôi phục" in out.getvalue()
    assert row_counts() == rows
    assert file_hashes(Path(settings.MEDIA_ROOT), signing_dir) == files
    assert json.dumps(figures(), default=str) == json.dumps(quality, default=str)

    # A second run finds its own work done and changes nothing.
    out = io.StringIO()
    call_command("restore", str(made), stdout=out)
    assert "đã chứa đúng bản sao lưu này" in out.getvalue()
    assert row_counts() == rows
