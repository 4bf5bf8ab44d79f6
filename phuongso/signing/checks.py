"""The demo certificate authority must not sign a production deployment's documents."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_demo_pki_in_production(app_configs: object, **kwargs: object) -> list:
    if settings.SIGNING_DEMO_PKI and not settings.DEBUG:
        return [
            Warning(
                "Văn bản đang được ký bằng chứng thư DEMO (không có giá trị pháp lý).",
                hint=(
                    "Đặt SIGNING_DEMO_PKI=0, nạp chứng thư thật của cơ quan và cán bộ, "
                    "SIGNING_TRUST_ROOTS và SIGNING_TSA_URL."
                ),
                id="phuongso.W101",
            )
        ]
    return []
