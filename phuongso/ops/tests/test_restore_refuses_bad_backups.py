"""A backup that was changed, cut short, or sealed with another key is refused with a
Vietnamese message before anything is restored; so is a database that is not empty, and a
production machine without a key."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from phuongso.core.models import Commune
from phuongso.ops import archive
from phuongso.ops import backup as backup_module

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def key(settings) -> str:
    settings.BACKUP_KEY = archive.new_key()
    settings.SIGNING_DIR = ""
    return settings.BACKUP_KEY


@pytest.fixture
def made(settings, tmp_path, key, commune) -> Path:
    default_storage.save("dossiers/don.pdf", ContentFile(b"%PDF-1.7 don"))
    call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO())
    [path] = (tmp_path / "backups").glob("*.psb")
    return path


def restore(path: Path, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(path), stdout=out, **options)
    return out.getvalue()


def test_an_intact_backup_passes_the_check(made) -> None:
    assert "nguyên vẹn" in restore(made, check=True)


def test_a_changed_byte_is_refused(made) -> None:
    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0x01
    made.write_bytes(bytes(data))
    Path(str(made) + ".sha256").unlink()  # the attacker would not leave it behind
    with pytest.raises(CommandError, match="đã bị thay đổi"):
        restore(made, check=True)


def test_a_file_that_disagrees_with_its_sha256_sidecar_is_refused(made) -> None:
    sidecar = Path(str(made) + ".sha256")
    sidecar.write_text("0" * 64 + "  " + made.name + "\n")
    with pytest.raises(CommandError, match="SHA-256"):
        restore(made, check=True)


def test_a_truncated_backup_is_refused(made) -> None:
    made.write_bytes(made.read_bytes()[:-100])
    Path(str(made) + ".sha256").unlink()
    with pytest.raises(CommandError, match="cắt cụt"):
        restore(made, check=True)


def test_a_wrong_key_is_named_as_such(settings, made) -> None:
    settings.BACKUP_KEY = archive.new_key()
    with pytest.raises(CommandError, match="Khóa sao lưu không đúng"):
        restore(made)


def test_a_database_that_is_not_empty_is_left_alone(made) -> None:
    default_storage.save("dossiers/moi.pdf", ContentFile(b"%PDF-1.7 moi"))
    Commune.objects.create(code=1, name="Xã mới", division_type="xa", province_code=25)
    with pytest.raises(CommandError, match="không trống"):
        restore(made)
    assert Commune.objects.filter(code=1).exists()


def test_production_refuses_to_back_up_without_a_key(settings, tmp_path) -> None:
    settings.DEBUG = False
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="BACKUP_KEY"):
        call_command("backup", output=str(tmp_path), stdout=io.StringIO())
    assert not list(tmp_path.glob("*.psb"))


def test_a_new_key_is_printed_and_works() -> None:
    out = io.StringIO()
    call_command("backup", new_key=True, stdout=out)
    archive.fernet(out.getvalue().strip())


def test_a_backup_from_a_newer_version_is_refused(settings, tmp_path, key, commune, monkeypatch):
    monkeypatch.setattr(backup_module, "_migrations", lambda: {"core": "9999_from_the_future"})
    call_command("backup", output=str(tmp_path / "newer"), stdout=io.StringIO())
    [path] = (tmp_path / "newer").glob("*.psb")
    with pytest.raises(CommandError, match="phiên bản phuongso mới hơn"):
        restore(path)
    assert Commune.objects.filter(code=7909).exists()
