from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from phuongso.core.models import Commune
from phuongso.feedback.apikeys import issue_api_key


class Command(BaseCommand):
    help = "Cấp khóa API Open311 cho một ứng dụng; khóa chỉ được in ra một lần."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("name", help="Tên ứng dụng, đơn vị sử dụng khóa.")
        parser.add_argument("--commune", type=int, help="Chỉ cho gửi phản ánh đến xã, phường này.")

    def handle(self, *args: object, name: str, commune: int | None, **options: object) -> None:
        target = None
        if commune is not None:
            target = Commune.objects.filter(code=commune).first()
            if target is None:
                raise CommandError(f"Không có xã, phường mã {commune}.")
        key, raw = issue_api_key(name=name, commune=target)
        self.stdout.write(f"Khóa API của «{key.name}»: {raw}")
