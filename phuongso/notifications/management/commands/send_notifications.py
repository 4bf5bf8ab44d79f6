from __future__ import annotations

from django.core.management.base import BaseCommand

from phuongso.notifications.services import send_pending


class Command(BaseCommand):
    help = "Gửi lại các thông báo chưa gửi được (chạy định kỳ bằng cron; chạy hai lần vẫn an toàn)."

    def handle(self, *args, **options) -> None:
        retried = send_pending()
        line = f"Đã gửi {retried.sent} thông báo; {retried.failing} thông báo vẫn lỗi."
        if retried.expired:
            line += f" Bỏ {retried.expired} đường dẫn đặt mật khẩu đã hết hạn, không gửi muộn."
        self.stdout.write(line)
