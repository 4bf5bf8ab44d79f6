from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phuongso.core.models import Commune
from phuongso.procedures.services import CATALOGUE_FILE, seed_catalogue


class Command(BaseCommand):
    help = (
        "Nạp danh mục thủ tục khởi tạo (procedures/data/catalogue.json) cho một xã, phường. "
        "Chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commune", type=int, default=7909, help="Mã xã, phường.")
        parser.add_argument("--file", type=Path, default=CATALOGUE_FILE, help="Tệp JSON danh mục.")

    def handle(self, *args: Any, commune: int, file: Path, **options: Any) -> None:
        target = Commune.objects.filter(code=commune).first()
        if target is None:
            raise CommandError(f"Không có xã, phường mã {commune}; chạy load_communes trước.")
        result = seed_catalogue(commune=target, path=file)
        if not result.ok:
            raise CommandError("\n".join([result.summary(), *result.errors]))
        self.stdout.write(f"{target.name}: {result.summary()}")
