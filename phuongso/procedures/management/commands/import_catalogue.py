from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phuongso.core.models import Commune
from phuongso.procedures.workbook import import_catalogue_workbook


class Command(BaseCommand):
    help = (
        "Nhập danh mục thủ tục từ tệp Excel (.xlsx). Nếu có lỗi, liệt kê từng lỗi theo trang, "
        "dòng, cột và không ghi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Tệp .xlsx (định dạng của export_catalogue).")
        parser.add_argument("--commune", type=int, default=7909, help="Mã xã, phường.")

    def handle(self, *args: Any, path: Path, commune: int, **options: Any) -> None:
        target = Commune.objects.filter(code=commune).first()
        if target is None:
            raise CommandError(f"Không có xã, phường mã {commune}.")
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        with path.open("rb") as handle:
            result = import_catalogue_workbook(target, handle)
        if not result.ok:
            raise CommandError("\n".join([result.summary(), *result.errors]))
        self.stdout.write(f"{target.name}: {result.summary()}")
