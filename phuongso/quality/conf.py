"""Settings of the service-quality figures, each read with a default (settings.py need not know).

QUALITY_GROUP_POINTS        points of each group of the index (Decision 766: 18/20/12/10/18/22)
QUALITY_INDICATOR_WEIGHTS   share of its group's points each indicator carries (0: not scored)
QUALITY_THRESHOLDS          rate (%) at which an indicator earns its full points
QUALITY_CATCH_UP_LIMIT      at most this many new events are folded into the rollups by a page
                            view; beyond it the page shows the figures of the last refresh
QUALITY_HOLE_SECONDS        how long an event id missing from the log is awaited (a transaction
                            still running) before it is taken as rolled back
QUALITY_HOLE_SPAN           only gaps among the newest this-many ids are awaited (older ones
                            were rolled back)
QUALITY_VIEW_ROLES          roles that see the staff dashboard of their commune
QUALITY_RANKING_ROLES       roles that see the province ranking
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

DEFAULT_GROUP_POINTS: dict[str, int] = {
    "transparency": 18,
    "timeliness": 20,
    "online_service": 12,
    "online_payment": 10,
    "satisfaction": 18,
    "digitisation": 22,
}
DEFAULT_INDICATOR_WEIGHTS: dict[str, int] = {
    "2.1": 1,
    "2.2": 0,
    "3.1": 1,
    "3.2": 1,
    "3.3": 2,
    "3.5": 1,
    "3.6": 1,
    "4.1": 1,
    "4.2": 1,
    "4.3": 1,
    "5.4": 1,
}
# Full score at these rates (one-stop-rules.md); the others need 100%.
DEFAULT_THRESHOLDS: dict[str, int] = {
    "3.1": 80,
    "3.3": 50,
    "3.5": 80,
    "4.2": 80,
    "4.3": 80,
    "5.4": 90,
}
DEFAULT_VIEW_ROLES = (
    "leader",
    "leadership",
    "administrator",
    "province_administrator",
    "counter_officer",
    "specialist",
)
DEFAULT_RANKING_ROLES = ("province_administrator", "leadership", "leader")


def group_points() -> dict[str, int]:
    return {**DEFAULT_GROUP_POINTS, **getattr(settings, "QUALITY_GROUP_POINTS", {})}


def indicator_weights() -> dict[str, int]:
    return {**DEFAULT_INDICATOR_WEIGHTS, **getattr(settings, "QUALITY_INDICATOR_WEIGHTS", {})}


def threshold(indicator_id: str) -> Decimal:
    values = {**DEFAULT_THRESHOLDS, **getattr(settings, "QUALITY_THRESHOLDS", {})}
    return Decimal(str(values.get(indicator_id, 100)))


def catch_up_limit() -> int:
    return int(getattr(settings, "QUALITY_CATCH_UP_LIMIT", 50_000))


def hole_seconds() -> int:
    return int(getattr(settings, "QUALITY_HOLE_SECONDS", 3600))


def hole_span() -> int:
    return int(getattr(settings, "QUALITY_HOLE_SPAN", 10_000))


def view_roles() -> tuple[str, ...]:
    return tuple(getattr(settings, "QUALITY_VIEW_ROLES", DEFAULT_VIEW_ROLES))


def ranking_roles() -> tuple[str, ...]:
    return tuple(getattr(settings, "QUALITY_RANKING_ROLES", DEFAULT_RANKING_ROLES))
