from __future__ import annotations

from django.core.management.base import BaseCommand

from phuongso.reminders.services import send_reminders


class Command(BaseCommand):
    help = (
        "Nhắc việc: báo cán bộ hồ sơ sắp đến hạn, báo lãnh đạo hồ sơ, phản ánh quá hạn hoặc "
        "chậm chuyển bước. Mỗi lời nhắc gửi một lần; chạy lại nhiều lần vẫn an toàn."
    )

    def handle(self, *args: object, **options: object) -> None:
        sent = send_reminders()
        self.stdout.write(f"Đã gửi {sent} lời nhắc.")
