"""Nightly: remove personal data past its retention period (core/retention.py).

Idempotent and safe to run twice; prints how many records of each kind went.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from phuongso.core.retention import purge


class Command(BaseCommand):
    help = "Xóa dữ liệu cá nhân đã hết thời hạn lưu giữ (RETENTION_DAYS)."

    def handle(self, *args: object, **options: object) -> None:
        for kind, count in purge().items():
            self.stdout.write(f"{kind}: {count}")
