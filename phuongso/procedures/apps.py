from __future__ import annotations

from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "phuongso.procedures"
    label = "procedures"
    verbose_name = "Danh mục thủ tục hành chính"
