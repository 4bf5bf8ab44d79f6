"""Typed readers of the service-quality settings (their defaults live in settings.py only).

QUALITY_GROUP_POINTS          points of each group of the index (18/20/12/10/18/22 = 100)
QUALITY_INDICATOR_POINTS      points the national method fixes for some indicators
QUALITY_INDICATOR_WEIGHTS     how the others share what is left of their group (0: not scored)
QUALITY_THRESHOLDS            rate (%) at which an indicator earns its full points
QUALITY_FEEDBACK_GROUPS_5_1   feedback category groups counted by indicator 5.1
QUALITY_FOLD_LAG_SECONDS      the scheduled fold's lag (see rollups.py)
QUALITY_VIEW_ROLES            roles that see the staff dashboard of their commune
QUALITY_RANKING_ROLES         roles that see the province ranking
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings


def group_points() -> dict[str, int]:
    return dict(settings.QUALITY_GROUP_POINTS)


def indicator_points() -> dict[str, Decimal]:
    return {key: Decimal(str(value)) for key, value in settings.QUALITY_INDICATOR_POINTS.items()}


def indicator_weights() -> dict[str, int]:
    return dict(settings.QUALITY_INDICATOR_WEIGHTS)


def threshold(indicator_id: str) -> Decimal:
    return Decimal(str(settings.QUALITY_THRESHOLDS.get(indicator_id, 100)))


def feedback_groups_5_1() -> tuple[str, ...]:
    return tuple(settings.QUALITY_FEEDBACK_GROUPS_5_1)


def fold_lag_seconds() -> int:
    return int(settings.QUALITY_FOLD_LAG_SECONDS)


def view_roles() -> tuple[str, ...]:
    return tuple(settings.QUALITY_VIEW_ROLES)


def ranking_roles() -> tuple[str, ...]:
    return tuple(settings.QUALITY_RANKING_ROLES)
