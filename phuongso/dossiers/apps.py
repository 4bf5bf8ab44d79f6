from __future__ import annotations

from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "phuongso.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ một cửa"
