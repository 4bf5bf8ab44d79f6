from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phuongso.core.models import Commune
from phuongso.core.services import configure_commune, read_commune_file


class Command(BaseCommand):
    help = "Cấu hình một xã, phường (đơn vị cũ, tổ dân phố, cơ quan) từ tệp JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        data = read_commune_file(path)
        try:
            commune = configure_commune(data)
        except Commune.DoesNotExist as exc:
            raise CommandError(
                f"Chưa có xã, phường mã {data['code']}: chạy load_communes trước."
            ) from exc
        self.stdout.write(f"Đã cấu hình {commune.name}.")
