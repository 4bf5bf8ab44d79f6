from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phuongso.ops import backup
from phuongso.ops.archive import ArchiveError
from phuongso.ops.keys import MissingKey, backup_key


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống: kiểm tra mã hóa và mọi tổng "
        "SHA-256 trước, từ chối tệp không khớp; chạy lại lần nữa vẫn an toàn."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Tệp sao lưu (.psb).")
        parser.add_argument("--key-file", help="Đọc khóa từ tệp thay vì BACKUP_KEY.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Chỉ giải mã và kiểm tra tổng SHA-256, không khôi phục gì.",
        )

    def handle(self, *args, path, key_file, check, **options) -> None:
        try:
            key, _source = backup_key(key_file)
            result = backup.restore(path=Path(path), key=key, check_only=check)
        except FileNotFoundError:
            raise CommandError(f"Không có tệp {path}.") from None
        except (MissingKey, ArchiveError, backup.RestoreRefused) as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        rows = sum(manifest["tables"].values())
        made = manifest["created_at"]
        if check:
            self.stdout.write(
                f"Tệp sao lưu lúc {made} nguyên vẹn: {len(manifest['files'])} tệp khớp SHA-256, "
                f"{rows:,} dòng trong {len(manifest['tables'])} bảng."
            )
            return
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {made}: "
            f"{'đã nạp' if result.database_restored else 'giữ nguyên'} cơ sở dữ liệu "
            f"({rows:,} dòng), {result.files_written} tệp được ghi, "
            f"{result.files_already_there} tệp đã có sẵn."
        )
