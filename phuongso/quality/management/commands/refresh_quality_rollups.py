"""manage.py refresh_quality_rollups: fold new events and feedback reports into the rollups.

Run it every few minutes and after imports (cron or a systemd timer): each dossier change is
folded right after its commit, and this run folds what a hook missed, with the lag described
in quality/rollups.py. Pages never fold. Idempotent: running it twice, or after an
interruption, is safe. A change of the calendar, the working hours or the formulas recomputes
every dossier.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phuongso.core.text import format_number
from phuongso.quality import rollups
from phuongso.quality.models import RollupState


class Command(BaseCommand):
    help = (
        "Tổng hợp chỉ số chất lượng phục vụ từ nhật ký hồ sơ (phần mới từ lần trước). "
        "Chạy hằng đêm và sau khi nhập dữ liệu; chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Tính lại mọi hồ sơ (sau khi sửa lịch làm việc, giờ làm việc).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Số tiến trình khi tính lại mọi hồ sơ (PostgreSQL).",
        )
        parser.add_argument(
            "--lag",
            type=int,
            default=rollups.default_lag(),
            help="Chỉ tổng hợp nhật ký đã thấy từ chừng này giây trước (mặc định theo cài đặt).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Tính lại từ đầu và so với bảng tổng hợp; báo lỗi nếu khác.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.perf_counter()
        state = RollupState.objects.filter(pk=1).first()
        calendar_changed = state is not None and state.calendar_signature not in (
            "",
            rollups.calendar_signature(),
        )
        if options["all"] or calendar_changed:
            if calendar_changed:
                self.stdout.write(
                    "Lịch làm việc, giờ làm việc hoặc công thức đã thay đổi: tính lại mọi hồ sơ."
                )
            result = rollups.recompute_all(workers=options["workers"])
        else:
            result = rollups.refresh(lag=options["lag"])
            if state is None or not state.calendar_signature:
                rollups.save_calendar_signature()
        self.stdout.write(
            f"Đã đọc {format_number(result.events)} dòng nhật ký, tính lại "
            f"{format_number(result.dossiers)} hồ sơ ({format_number(result.changed)} thay đổi) "
            f"trong {time.perf_counter() - began:.1f} giây."
        )
        if options["check"]:
            problems = rollups.check()
            if problems:
                raise CommandError("Bảng tổng hợp khác tính lại:\n" + "\n".join(problems[:20]))
            self.stdout.write("Bảng tổng hợp khớp với tính lại từ nhật ký.")
