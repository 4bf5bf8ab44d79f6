"""System checks that catch a production deployment configured unsafely."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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
