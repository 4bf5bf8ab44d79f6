from __future__ import annotations

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Công cụ đo hiệu năng và dữ liệu minh họa"
