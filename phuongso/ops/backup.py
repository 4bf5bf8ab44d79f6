"""Back up and restore a whole deployment: the database, the uploaded files and the signing
material, in one encrypted file with a manifest (what, when, versions, rows per table, the
SHA-256 of every file).

The database is dumped by its own tool: `pg_dump` (custom format) on PostgreSQL, SQLite's
online backup API on SQLite; both give a consistent copy while the site keeps serving.
Restoring goes into an empty database only, and a second run over a database that already
holds the same backup changes nothing (it completes the files a first run did not write).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import BinaryIO

import django
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, transaction

from phuongso.ops import archive
from phuongso.ops.archive import ArchiveError

MANIFEST = "manifest.json"
DUMP_NAMES = {"postgresql": "database/postgresql.dump", "sqlite": "database/sqlite3.db"}


class RestoreRefused(Exception):
    """The restore would lose or mix data; the message (Vietnamese) says why."""


# --- Reading the deployment ---------------------------------------------------------------


def row_counts(using=None) -> dict[str, int]:
    """Rows per table, through Django's connection or a plain sqlite3 connection."""
    if isinstance(using, sqlite3.Connection):
        names = using.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        return {
            name: using.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for (name,) in sorted(names)
        }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The schema's own tables: not a session's temporary tables (quality/bulk.py).
            cursor.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()"
            )
            tables = sorted(name for (name,) in cursor.fetchall())
        else:
            tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _folders() -> list[tuple[str, Path]]:
    """(prefix in the archive, folder on disk) of the files a backup carries."""
    folders = []
    if isinstance(default_storage, FileSystemStorage):
        folders.append(("media", Path(settings.MEDIA_ROOT)))
    if settings.SIGNING_DIR:
        folders.append(("signing", Path(settings.SIGNING_DIR)))
    return folders


def _files(folder: Path):
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _pg_env() -> dict[str, str]:
    conf = connection.settings_dict
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if conf.get(key):
            env[variable] = str(conf[key])
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = conf["PASSWORD"]
    return env


def _pg_tool(name: str) -> str:
    folder = settings.PG_BIN_DIR
    tool = str(Path(folder) / name) if folder else shutil.which(name)
    if not tool or not Path(tool).exists():
        raise RestoreRefused(
            f"Không tìm thấy {name} (gói Debian postgresql-client); đặt PG_BIN_DIR nếu cần."
        )
    return tool


def _dump_database(target: Path) -> dict[str, int]:
    """Dump the database to `target`; return the rows per table of exactly that dump."""
    if connection.vendor == "postgresql":
        # The counts and pg_dump read one snapshot: what the manifest says is what was dumped,
        # however busy the site is.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            counts = row_counts()
            subprocess.run(
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={target}", connection.settings_dict["NAME"]],
                env=_pg_env(), check=True, capture_output=True,
            )  # fmt: skip
        return counts
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            return row_counts(copy)
        finally:
            copy.close()
    raise RestoreRefused(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")


def _migrations() -> dict[str, str]:
    """The last migration applied per app: what schema the dump holds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        last: dict[str, str] = {}
        for app, name in cursor.fetchall():
            last[app] = name
    return last


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


class _HashingReader:
    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.digest.update(data)
        return data


# --- Backup --------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    size: int


def backup(*, folder: Path, key: str, now: datetime | None = None) -> BackupResult:
    now = now or datetime.now(UTC)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"phuongso-{now:%Y%m%d-%H%M%S}.psb"
    path = folder / name
    partial = folder / (name + ".part")
    manifest: dict = {
        "format": 1,
        "created_at": now.isoformat(),
        "versions": {
            "phuongso": _version("phuongso"),
            "django": django.get_version(),
            "python": platform.python_version(),
            "database": f"{connection.vendor} {connection.Database.sqlite_version}"
            if connection.vendor == "sqlite"
            else f"{connection.vendor} {connection.pg_version}",
        },
        "database": {"vendor": connection.vendor},
        "migrations": _migrations(),
        "files": {},
    }
    try:
        _write(partial, key, manifest, now)
    except BaseException:
        partial.unlink(missing_ok=True)  # never leave half a backup that looks like one
        raise
    os.replace(partial, path)
    digest = archive.sha256_file(path)
    Path(str(path) + ".sha256").write_text(f"{digest}  {name}\n")
    return BackupResult(path=path, manifest=manifest, size=path.stat().st_size)


def _write(partial: Path, key: str, manifest: dict, now: datetime) -> None:
    """The dump first, then the files (a file uploaded meanwhile is carried without its row,
    which is harmless), then the manifest, all through one sealed stream."""
    with tempfile.TemporaryDirectory(prefix="phuongso-backup-") as scratch:
        dump = Path(scratch) / "database"
        manifest["tables"] = _dump_database(dump)
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as raw:
            sealed = archive.EncryptingWriter(raw, key)
            with gzip.GzipFile(fileobj=sealed, mode="wb", compresslevel=3, mtime=0) as zipped:
                with tarfile.open(fileobj=zipped, mode="w|") as tar:
                    member = DUMP_NAMES[connection.vendor]
                    manifest["database"]["file"] = member
                    manifest["files"][member] = _add(tar, dump, member)
                    for prefix, root in _folders():
                        manifest[f"{prefix}_root"] = True
                        for file in _files(root):
                            member = f"{prefix}/{file.relative_to(root).as_posix()}"
                            manifest["files"][member] = _add(tar, file, member)
                    body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size = len(body)
                    info.mtime = int(now.timestamp())
                    tar.addfile(info, _BytesReader(body))
            sealed.close()
            raw.flush()
            os.fsync(raw.fileno())


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self._at = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk = bytes(self._data[self._at : end])
        self._at += len(chunk)
        return chunk


def _add(tar: tarfile.TarFile, path: Path, member: str) -> dict:
    info = tar.gettarinfo(str(path), arcname=member)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the `keep` newest backups of `folder`; return what was removed."""
    backups = sorted(folder.glob("phuongso-*.psb"))
    removed = backups[:-keep] if keep > 0 else []
    for old in removed:
        old.unlink()
        Path(str(old) + ".sha256").unlink(missing_ok=True)
    return removed


# --- Restore -------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict
    database_restored: bool
    files_written: int = 0
    files_already_there: int = 0
    notes: list[str] = field(default_factory=list)


def open_backup(path: Path, key: str, scratch: Path) -> dict:
    """Decrypt and unpack `path` into `scratch` and check every SHA-256 of its manifest;
    return the manifest. Raises ArchiveError (Vietnamese message) on any mismatch."""
    sidecar = Path(str(path) + ".sha256")
    if sidecar.exists():
        expected = sidecar.read_text().split()[0] if sidecar.read_text().split() else ""
        if expected != archive.sha256_file(path):
            raise ArchiveError(
                "Tổng kiểm tra SHA-256 của tệp sao lưu không khớp với tệp .sha256 đi kèm: "
                "tệp đã bị thay đổi hoặc hỏng, không khôi phục từ tệp này."
            )
    plain = scratch / "backup.tar.gz"
    with open(path, "rb") as source, open(plain, "wb") as out:
        archive.decrypt(source, key, out)
    unpacked = scratch / "files"
    unpacked.mkdir()
    try:
        with tarfile.open(plain, mode="r:gz") as tar:
            tar.extractall(unpacked, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ArchiveError(f"Không giải nén được tệp sao lưu ({error}).") from None
    plain.unlink()
    try:
        manifest = json.loads((unpacked / MANIFEST).read_text())
    except (OSError, ValueError):
        raise ArchiveError("Tệp sao lưu không có bản kê (manifest.json) đọc được.") from None
    listed = set(manifest.get("files", {}))
    found = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    found.discard(MANIFEST)
    if found != listed:
        raise ArchiveError(
            "Nội dung tệp sao lưu không khớp bản kê: "
            f"{len(listed - found)} tệp thiếu, {len(found - listed)} tệp lạ."
        )
    for member, facts in manifest["files"].items():
        if archive.sha256_file(unpacked / member) != facts["sha256"]:
            raise ArchiveError(
                f"Tổng kiểm tra SHA-256 không khớp cho {member}: không khôi phục từ tệp này."
            )
    return manifest


def _targets(manifest: dict) -> dict[str, Path]:
    roots = dict(_folders())
    targets = {}
    for member in manifest["files"]:
        prefix, _, rest = member.partition("/")
        if prefix == "database":
            continue
        if prefix not in roots:
            raise RestoreRefused(
                f"Bản sao lưu có tệp {prefix!r} nhưng máy này không có thư mục tương ứng "
                "(MEDIA_ROOT với lưu trữ trên đĩa, hoặc SIGNING_DIR)."
            )
        targets[member] = roots[prefix] / rest
    return targets


def restore(*, path: Path, key: str, check_only: bool = False) -> RestoreResult:
    with tempfile.TemporaryDirectory(prefix="phuongso-restore-") as scratch_name:
        scratch = Path(scratch_name)
        manifest = open_backup(path, key, scratch)
        result = RestoreResult(manifest=manifest, database_restored=False)
        if check_only:
            return result
        unpacked = scratch / "files"
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise RestoreRefused(
                f"Bản sao lưu là của {vendor}, cơ sở dữ liệu đích là {connection.vendor}: "
                "hãy khôi phục vào cùng loại cơ sở dữ liệu."
            )
        behind = _schema_notes(manifest)
        targets = _targets(manifest)
        conflicts = [
            member
            for member, target in targets.items()
            if target.exists()
            and archive.sha256_file(target) != manifest["files"][member]["sha256"]
        ]
        if conflicts:
            raise RestoreRefused(
                f"{len(conflicts)} tệp đã có ở nơi khôi phục với nội dung khác "
                f"(ví dụ {conflicts[0]}): không ghi đè; hãy khôi phục vào thư mục trống."
            )
        now = row_counts()
        if any(now.values()):
            if now != manifest["tables"]:
                raise RestoreRefused(
                    "Cơ sở dữ liệu đích không trống và không phải bản đã khôi phục từ tệp này: "
                    "chỉ khôi phục vào cơ sở dữ liệu trống (tạo cơ sở dữ liệu mới, không chạy "
                    "load_demo)."
                )
            result.notes.append("Cơ sở dữ liệu đã chứa đúng bản sao lưu này: không nạp lại.")
        else:
            _load_database(unpacked / manifest["database"]["file"])
            result.database_restored = True
            _check_counts(manifest)
        for member, target in targets.items():
            if target.exists():
                result.files_already_there += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".restoring")
            shutil.copyfile(unpacked / member, partial)
            os.replace(partial, target)
            result.files_written += 1
        # Cached sessions, users and kept pages belong to the database that was replaced.
        cache.clear()
        if behind:
            result.notes.append(
                "Bản sao lưu được tạo bởi phiên bản cũ hơn (thiếu migration của "
                + ", ".join(behind)
                + "): chạy `manage.py migrate` trước khi mở trang."
            )
        return result


def _schema_notes(manifest: dict) -> list[str]:
    """Apps whose schema in the backup is older than the code's; refuses a backup made by a
    newer version of phuongso (its data would not fit the tables this code expects)."""
    from django.db.migrations.loader import MigrationLoader

    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    names: dict[str, set[str]] = {}
    for app, name in on_disk:
        names.setdefault(app, set()).add(name)
    newer = [
        f"{app}.{name}"
        for app, name in manifest.get("migrations", {}).items()
        if app in names and name not in names[app]
    ]
    if newer:
        raise RestoreRefused(
            "Bản sao lưu được tạo bởi phiên bản phuongso mới hơn mã nguồn này (migration "
            + ", ".join(newer[:5])
            + " không có ở đây): hãy cài đúng phiên bản rồi khôi phục."
        )
    return [
        app
        for app, name in manifest.get("migrations", {}).items()
        if app in names and name != max(names[app])
    ]


def _load_database(dump: Path) -> None:
    if connection.vendor == "postgresql":
        connection.close()
        completed = subprocess.run(
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error",
             f"--dbname={connection.settings_dict['NAME']}", str(dump)],
            env=_pg_env(), capture_output=True, text=True,
        )  # fmt: skip
        if completed.returncode:
            raise RestoreRefused(
                "pg_restore thất bại, cơ sở dữ liệu không thay đổi (một giao dịch): "
                + completed.stderr.strip()[-500:]
            )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def _check_counts(manifest: dict) -> None:
    restored = row_counts()
    if restored != manifest["tables"]:
        differing = sorted(
            table
            for table in set(restored) | set(manifest["tables"])
            if restored.get(table) != manifest["tables"].get(table)
        )
        raise RestoreRefused(
            "Số dòng sau khi khôi phục khác bản kê ở các bảng: " + ", ".join(differing[:10])
        )
