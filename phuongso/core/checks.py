"""System checks that catch a production deployment configured unsafely (`check --deploy`)."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.checks import Error, Info, Tags, Warning, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def check_production_configuration(app_configs: object, **kwargs: object) -> list:
    problems: list = []
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "Đang dùng SQLite: phù hợp cho một máy; môi trường thật nên dùng PostgreSQL.",
                hint="Đặt DATABASE_URL hoặc DB=postgres cùng các biến DB_*.",
                id="phuongso.W001",
            )
        )
    if settings.EMAIL_BACKEND.endswith(("filebased.EmailBackend", "locmem.EmailBackend")):
        problems.append(
            Error(
                "Thư điện tử đang ghi ra tệp, công dân sẽ không nhận được thư.",
                hint="Đặt EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend và EMAIL_HOST.",
                id="phuongso.E001",
            )
        )
    if settings.ALLOW_DEMO_ACCOUNTS and not settings.DEBUG:
        problems.append(
            Error(
                "ALLOW_DEMO_ACCOUNTS đang bật khi DEBUG tắt.",
                hint="Tắt ALLOW_DEMO_ACCOUNTS trên hệ thống thật.",
                id="phuongso.E002",
            )
        )
    if settings.PAYMENT_GATEWAY_NAME == "simulator" and settings.PAYMENT_SIMULATOR:
        problems.append(
            Error(
                "Cổng thanh toán mô phỏng đang bật: phí, lệ phí sẽ được ghi nhận đã nộp mà "
                "không có tiền nào được chuyển.",
                hint="Tắt PAYMENT_SIMULATOR và cấu hình cổng thanh toán thật (PAYMENT_GATEWAY_*).",
                id="phuongso.E003",
            )
        )
    if settings.PAYMENT_HASH_SECRET == settings.SECRET_KEY:
        problems.append(
            Warning(
                "Khóa ký giao dịch thanh toán đang dùng chung SECRET_KEY.",
                hint="Đặt PAYMENT_HASH_SECRET bằng khóa do cổng thanh toán cấp.",
                id="phuongso.W002",
            )
        )
    return problems


# Where messages go nowhere a citizen sees them.
LOCAL_SMS_GATEWAYS = ("phuongso.notifications.sms.OutboxGateway",)
NOWHERE_EMAIL_BACKENDS = ("console.EmailBackend", "dummy.EmailBackend")

# Stand-ins that must never run in production, by the setting that turns each on. The demo
# certificate authority has its own check beside it (signing/checks.py, SIGNING_DEMO_PKI); the
# national-identity simulator (#19) does not exist yet: its setting is named here so the check
# covers it when it lands (a missing setting is off).
SIMULATOR_SETTINGS: dict[str, str] = {
    "IDENTITY_SIMULATOR": "Trình mô phỏng định danh điện tử đang bật: ai cũng đăng nhập được "
    "dưới danh tính bất kỳ.",
}


@register(Tags.security, deploy=True)
def check_messages_reach_people(app_configs: object, **kwargs: object) -> list:
    problems: list = []
    if settings.SMS_GATEWAY in LOCAL_SMS_GATEWAYS:
        problems.append(
            Warning(
                "Tin nhắn SMS chỉ được ghi vào hộp thư đi trên máy (OutboxGateway): công dân "
                "không nhận được mã xác minh, thông báo hồ sơ.",
                hint="Đặt SMS_GATEWAY bằng bộ kết nối tới nhà cung cấp SMS của phường.",
                id="phuongso.W003",
            )
        )
    if settings.EMAIL_BACKEND.endswith(NOWHERE_EMAIL_BACKENDS):
        problems.append(
            Warning(
                "Thư điện tử chỉ được in ra màn hình hoặc bỏ đi: công dân không nhận được thư.",
                hint="Đặt EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend và EMAIL_HOST.",
                id="phuongso.W004",
            )
        )
    for name, message in SIMULATOR_SETTINGS.items():
        if getattr(settings, name, False):
            problems.append(
                Error(message, hint=f"Tắt {name} trên hệ thống thật.", id="phuongso.E005")
            )
    return problems


@register(Tags.security, deploy=True)
def check_no_demo_accounts(
    app_configs: object, databases: list | None = None, **kwargs: object
) -> list:
    """Demo accounts have a published password and a published second-factor key."""
    if settings.DEBUG:
        return []
    from phuongso.accounts.demo import DEMO_ACCOUNTS_FILE
    from phuongso.accounts.identity import normalise_phone
    from phuongso.accounts.models import User

    data = json.loads(DEMO_ACCOUNTS_FILE.read_text(encoding="utf-8"))
    usernames = [item["username"] for item in data["officials"]]
    phones = [normalise_phone(item["phone"]) for item in data["citizens"]]
    try:
        from django.db.models import Q
        from django_otp.plugins.otp_totp.models import TOTPDevice

        found = sorted(
            User.objects.filter(Q(username__in=usernames) | Q(phone__in=phones)).values_list(
                "username", flat=True
            )
        )
        demo_key = TOTPDevice.objects.filter(key=data["totp_key_hex"]).count()
    except DatabaseError:
        return [
            Info(
                "Không đọc được cơ sở dữ liệu để tìm tài khoản mẫu.",
                hint="Chạy lại check --deploy khi cơ sở dữ liệu đã sẵn sàng.",
                id="phuongso.I001",
            )
        ]
    problems: list = []
    if found:
        problems.append(
            Error(
                f"Có {len(found)} tài khoản mẫu với mật khẩu công khai khi DEBUG tắt: "
                + ", ".join(found[:10]),
                hint="Xóa hoặc khóa các tài khoản mẫu trong trang quản trị.",
                id="phuongso.E004",
            )
        )
    if demo_key:
        problems.append(
            Error(
                f"{demo_key} thiết bị xác thực hai lớp dùng khóa TOTP mẫu công khai.",
                hint="Xóa các thiết bị đó (quản trị: Đặt lại xác thực hai lớp); cán bộ sẽ thiết "
                "lập lại khi đăng nhập.",
                id="phuongso.E006",
            )
        )
    return problems
