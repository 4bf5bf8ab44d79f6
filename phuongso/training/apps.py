from __future__ import annotations

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "phuongso.training"
    label = "training"
    verbose_name = "Bồi dưỡng kỹ năng số"
