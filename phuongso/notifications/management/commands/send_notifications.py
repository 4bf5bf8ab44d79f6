from __future__ import annotations

from django.core.management.base import BaseCommand

from phuongso.notifications.services import send_pending


class Command(BaseCommand):
    help = "Gửi lại các thông báo chưa gửi được (chạy định kỳ bằng cron; chạy hai lần vẫn an toàn)."

    def handle(self, *args, **options) -> None:
        sent, failed = send_pending()
        self.stdout.write(f"Đã gửi {sent} thông báo; {failed} thông báo vẫn lỗi.")
