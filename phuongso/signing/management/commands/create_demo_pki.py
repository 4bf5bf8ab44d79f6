from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from phuongso.signing.demo import create_demo_pki


class Command(BaseCommand):
    help = (
        "Tạo tổ chức cấp chứng thư DEMO (không có giá trị pháp lý): chứng thư gốc, dấu thời "
        "gian, chứng thư của UBND phường (con dấu) và của lãnh đạo, cán bộ một cửa mẫu. "
        "Chạy lại nhiều lần vẫn an toàn."
    )

    def handle(self, *args, **options) -> None:
        if not settings.SIGNING_DEMO_PKI:
            raise CommandError("SIGNING_DEMO_PKI đang tắt: máy chủ này dùng chứng thư thật.")
        seals, persons = create_demo_pki()
        self.stdout.write(
            f"Chứng thư DEMO: {seals} con dấu của phường, {persons} chứng thư cá nhân "
            f"(thư mục {settings.SIGNING_DIR})."
        )
