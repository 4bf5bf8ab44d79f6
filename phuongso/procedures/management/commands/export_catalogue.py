from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phuongso.core.models import Commune
from phuongso.procedures.workbook import export_catalogue


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục của một xã, phường ra tệp Excel (.xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Đường dẫn tệp .xlsx sẽ ghi.")
        parser.add_argument("--commune", type=int, default=7909, help="Mã xã, phường.")

    def handle(self, *args: Any, path: Path, commune: int, **options: Any) -> None:
        target = Commune.objects.filter(code=commune).first()
        if target is None:
            raise CommandError(f"Không có xã, phường mã {commune}.")
        path.write_bytes(export_catalogue(target))
        self.stdout.write(f"Đã xuất danh mục của {target.name} ra {path}.")
