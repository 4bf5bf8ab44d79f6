"""manage.py generate_history --dossiers N --years 3 [--seed S]: a synthetic history."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench import history
from phuongso.core.text import format_number
from phuongso.quality import rollups


class Command(BaseCommand):
    help = (
        "Sinh lịch sử hồ sơ giả lập (trình diễn, đo hiệu năng): N hồ sơ trong vài năm gần đây, "
        "phần lớn của phường Thanh Miếu, còn lại chia cho một số xã, phường khác của tỉnh; kèm "
        "giấy tờ, yêu cầu bổ sung, nhật ký, thanh toán, đánh giá. Chạy sau load_demo; chạy lại "
        "thì thêm hồ sơ mới."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, required=True, help="Số hồ sơ cần thêm.")
        parser.add_argument("--years", type=int, default=3, help="Số năm lịch sử (đến hôm nay).")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên.")
        parser.add_argument("--communes", type=int, default=12, help="Số xã, phường khác.")
        parser.add_argument(
            "--home-share", type=float, default=0.65, help="Tỷ lệ hồ sơ của phường Thanh Miếu."
        )
        parser.add_argument("--batch", type=int, default=20_000, help="Số hồ sơ mỗi giao dịch.")
        parser.add_argument(
            "--workers", type=int, default=1, help="Số tiến trình ghi song song (PostgreSQL)."
        )
        parser.add_argument(
            "--keep-checks",
            action="store_true",
            help="Vẫn kiểm tra khóa ngoại từng dòng khi ghi (chậm hơn; PostgreSQL).",
        )
        parser.add_argument(
            "--no-refresh",
            action="store_true",
            help="Không tổng hợp chỉ số ngay (chạy refresh_quality_rollups sau).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dossiers"] <= 0 or options["years"] <= 0:
            raise CommandError("Số hồ sơ và số năm phải lớn hơn 0.")
        began = time.perf_counter()

        def report(done: history.Progress) -> None:
            seconds = time.perf_counter() - began
            self.stdout.write(
                f"  {format_number(done.dossiers)} hồ sơ, {format_number(done.rows)} dòng, "
                f"{seconds:.0f} giây ({format_number(int(done.rows / max(seconds, 1e-9)))} dòng/giây)"
            )

        try:
            done = history.generate(
                count=options["dossiers"],
                years=options["years"],
                communes=options["communes"],
                home_share=options["home_share"],
                seed=options["seed"],
                batch=options["batch"],
                workers=options["workers"],
                fast=not options["keep_checks"],
                progress=report if options["verbosity"] > 1 else None,
            )
        except LookupError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - began
        self.stdout.write(
            f"Đã sinh {format_number(done.dossiers)} hồ sơ ({format_number(done.rows)} dòng) "
            f"trong {seconds:.1f} giây: {format_number(int(done.rows / max(seconds, 1e-9)))} "
            "dòng/giây."
        )
        if not options["no_refresh"]:
            began = time.perf_counter()
            result = (
                rollups.recompute_all(workers=options["workers"])
                if options["dossiers"] > 100_000
                else rollups.refresh()
            )
            self.stdout.write(
                f"Đã tổng hợp chỉ số cho {format_number(result.dossiers)} hồ sơ trong "
                f"{time.perf_counter() - began:.1f} giây."
            )
