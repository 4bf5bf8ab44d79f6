from __future__ import annotations

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from phuongso.ops import archive, backup
from phuongso.ops.keys import MissingKey, backup_key


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ: cơ sở dữ liệu (pg_dump hoặc SQLite backup API), tệp tải lên "
        "(MEDIA_ROOT) và tài liệu ký số (SIGNING_DIR), mã hóa bằng BACKUP_KEY, kèm bản kê "
        "(số dòng mỗi bảng, SHA-256 mỗi tệp) và tệp .sha256."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", help="Thư mục ghi bản sao lưu (mặc định BACKUP_DIR).")
        parser.add_argument("--key-file", help="Đọc khóa từ tệp thay vì BACKUP_KEY.")
        parser.add_argument(
            "--keep", type=int, default=0, help="Giữ N bản mới nhất trong thư mục, xóa bản cũ hơn."
        )
        parser.add_argument(
            "--new-key", action="store_true", help="In một khóa mới rồi thoát (không sao lưu)."
        )

    def handle(self, *args, output, key_file, keep, new_key, **options) -> None:
        if new_key:
            self.stdout.write(archive.new_key())
            return
        try:
            key, source = backup_key(key_file)
            archive.fernet(key)
        except (MissingKey, archive.ArchiveError) as error:
            raise CommandError(str(error)) from None
        folder = Path(output or settings.BACKUP_DIR)
        try:
            result = backup.backup(folder=folder, key=key)
        except backup.RestoreRefused as error:
            raise CommandError(str(error)) from None
        except subprocess.CalledProcessError as error:
            detail = (error.stderr or b"").decode(errors="replace").strip()[-500:]
            raise CommandError(f"pg_dump thất bại, không có bản sao lưu mới: {detail}") from None
        manifest = result.manifest
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu vào {result.path} ({result.size:,} byte; khóa: {source}): "
            f"{len(manifest['tables'])} bảng, {rows:,} dòng, "
            f"{len(manifest['files']) - 1} tệp."
        )
        for removed in backup.prune(folder, keep):
            self.stdout.write(f"Đã xóa bản cũ {removed.name}.")
