from __future__ import annotations

from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "phuongso.payments"
    label = "payments"
    verbose_name = "Thanh toán trực tuyến"
