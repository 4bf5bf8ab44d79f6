from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from phuongso.core.models import Commune
from phuongso.feedback.demo import seed
from phuongso.feedback.models import Report


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu phản ánh, kiến nghị: lĩnh vực và đơn vị chịu trách nhiệm, phạm vi địa bàn, "
        "khoảng 30 phản ánh minh họa ở mọi trạng thái. Chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--commune", type=int, default=7909, help="Mã xã, phường.")

    def handle(self, *args: object, commune: int, **options: object) -> None:
        target = Commune.objects.filter(code=commune, is_configured=True).first()
        if target is None:
            raise CommandError(
                f"Xã, phường {commune} chưa được cấu hình; chạy load_demo hoặc configure_commune trước."
            )
        categories, reports = seed(target)
        if reports:
            outcome = f"đã tạo {reports} phản ánh minh họa."
        elif Report.objects.filter(commune=target, is_demo=True).exists():
            outcome = "phản ánh minh họa đã có sẵn."
        else:
            outcome = (
                "chưa tạo phản ánh minh họa vì chưa có tài khoản lãnh đạo (chạy sau load_demo)."
            )
        self.stdout.write(f"{target.name}: {categories} lĩnh vực phản ánh; {outcome}")
