from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phuongso.resolution.seeding import SeedError, seed_resolution


class Command(BaseCommand):
    help = (
        "Nạp nghị quyết đại hội của xã, phường từ tệp dữ liệu (chỉ tiêu, lộ trình, chương trình, "
        "kế hoạch, nhiệm vụ, báo cáo tiến độ minh họa). Chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commune", type=int, default=7909, help="Mã xã, phường.")

    def handle(self, *args: object, commune: int, **options: object) -> None:
        try:
            result = seed_resolution(commune_code=commune)
        except SeedError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.resolution}: {result.indicators} chỉ tiêu, {result.programmes} chương trình, "
            f"{result.tasks} nhiệm vụ; thêm {result.actuals_added} số liệu, "
            f"{result.reports_added} báo cáo tiến độ."
        )
