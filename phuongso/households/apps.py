from __future__ import annotations

from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "phuongso.households"
    label = "households"
    verbose_name = "Hộ gia đình, rà soát hộ nghèo"
