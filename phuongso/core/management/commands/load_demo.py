from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from phuongso.accounts.demo import load_demo_accounts
from phuongso.core.services import COMMUNE_DATA_DIR


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu trình diễn: các xã, phường của tỉnh, phường Thanh Miếu đầy đủ, "
        "danh mục thủ tục và tài khoản mẫu cho mọi vai trò. Chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-demo-accounts",
            action="store_true",
            help="Cho phép tạo tài khoản mẫu khi DEBUG tắt (chỉ dùng cho máy thử nghiệm).",
        )
        parser.add_argument("--commune", type=int, default=7909, help="Mã xã, phường trình diễn.")
        parser.add_argument(
            "--households",
            type=int,
            default=15000,
            help="Số hộ gia đình giả định của phường (mặc định 15.000, cỡ một phường thật).",
        )
        parser.add_argument(
            "--dossiers",
            type=int,
            default=3000,
            help="Số hồ sơ lịch sử giả định (3 năm, cho số liệu chất lượng phục vụ).",
        )

    def handle(
        self,
        *args,
        allow_demo_accounts: bool,
        commune: int,
        households: int,
        dossiers: int,
        **options,
    ) -> None:
        if not (settings.DEBUG or settings.ALLOW_DEMO_ACCOUNTS or allow_demo_accounts):
            raise CommandError(
                "DEBUG đang tắt: không tạo tài khoản mẫu có mật khẩu công khai. "
                "Nếu đây là máy thử nghiệm, chạy lại với --allow-demo-accounts."
            )
        call_command("load_communes", stdout=self.stdout)
        call_command("configure_commune", COMMUNE_DATA_DIR / f"{commune}.json", stdout=self.stdout)
        for step, options in DEMO_REFERENCE_STEPS:
            call_command(step, stdout=self.stdout, **options)
        users = load_demo_accounts()
        self.stdout.write(f"Đã tạo hoặc cập nhật {len(users)} tài khoản mẫu.")
        steps = demo_activity_steps(commune=commune, households=households, dossiers=dossiers)
        for step, options in steps:
            call_command(step, stdout=self.stdout, **options)
        made = create_missing_result_files()
        if made:
            self.stdout.write(f"Đã tạo {made} tệp kết quả trình diễn mà hồ sơ lịch sử trỏ tới.")


# Commands of other apps that put the demo's reference data in place, before the accounts.
DEMO_REFERENCE_STEPS: list[tuple[str, dict]] = [
    ("seed_catalogue", {}),
    ("seed_resolution", {}),
]


def demo_activity_steps(*, commune: int, households: int, dossiers: int) -> list[tuple[str, dict]]:
    """Commands that need the demo officials and citizens (registries, reports, history)."""
    return [
        ("seed_training", {"commune": commune}),
        ("seed_households", {"commune": commune, "households": households}),
        ("seed_feedback", {"commune": commune}),
        *(
            [("generate_history", {"dossiers": dossiers})]
            if dossiers and _history_tooling() and not _has_history()
            else []
        ),
    ]


def _history_tooling() -> bool:
    """generate_history lives in bench/ (a source checkout), not in the shipped package."""
    from django.apps import apps

    return apps.is_installed("bench")


def _has_history() -> bool:
    """The synthetic history is generated once: a second run would add another one."""
    from phuongso.dossiers.models import Dossier

    return Dossier.objects.exists()


DEMO_RESULT_HTML = """<!doctype html><html lang="vi"><meta charset="utf-8">
<body style="font-family: 'Noto Serif', serif; margin: 3cm">
<h1>Kết quả giải quyết thủ tục hành chính</h1>
<p>Tệp trình diễn: hồ sơ này thuộc dữ liệu lịch sử giả định của phường số.</p>
</body></html>"""


def create_missing_result_files() -> int:
    """The synthetic history names an electronic result for many dossiers; put a demo PDF at
    every such name that has no file, so that the result link serves a file."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from weasyprint import HTML

    from phuongso.dossiers.models import Dossier

    names = Dossier.objects.exclude(result_file="").values_list("result_file", flat=True)
    missing = [name for name in names.iterator() if not default_storage.exists(name)]
    if not missing:
        return 0
    content = HTML(string=DEMO_RESULT_HTML).write_pdf()
    for name in missing:
        default_storage.save(name, ContentFile(content))
    return len(missing)
