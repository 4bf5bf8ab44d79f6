from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from phuongso.core.services import load_province_communes


class Command(BaseCommand):
    help = "Nạp danh sách xã, phường của tỉnh từ danh mục đơn vị hành chính quốc gia."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--province", type=int, default=settings.PROVINCE_CODE)

    def handle(self, *args, province: int, **options) -> None:
        count = load_province_communes(province_code=province)
        self.stdout.write(f"Đã nạp {count} xã, phường của tỉnh mã {province}.")
