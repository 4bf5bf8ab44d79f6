"""Open reports like the one a citizen is about to send: same category, same residential
group or close by, so they can follow one instead of sending a duplicate."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from phuongso.core.models import Commune, ResidentialGroup
from phuongso.feedback.areas import distance_m
from phuongso.feedback.models import Category, Report
from phuongso.feedback.workflow import OPEN

# How many open reports of one category are looked at (newest first) before measuring.
SCAN_LIMIT = 300


@dataclass
class Similar:
    public: list[Report] = field(default_factory=list)
    unpublished: int = 0  # similar reports the public may not read (counted only)

    def __bool__(self) -> bool:
        return bool(self.public or self.unpublished)


def _close(report: Report, latitude: float, longitude: float, radius: float) -> bool:
    if report.latitude is None or report.longitude is None:
        return False
    return (
        distance_m(latitude, longitude, float(report.latitude), float(report.longitude)) <= radius
    )


def similar_reports(
    *,
    commune: Commune,
    category: Category,
    residential_group: ResidentialGroup | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    limit: int = 5,
) -> Similar:
    candidates = (
        Report.objects.filter(commune=commune, category=category, status__in=OPEN)
        .select_related("residential_group", "category")
        .order_by("-received_at")[:SCAN_LIMIT]
    )
    radius = settings.FEEDBACK_SIMILAR_RADIUS_METRES
    found = Similar()
    for report in candidates:
        same_group = residential_group is not None and (
            report.residential_group_id == residential_group.pk
        )
        near = (
            latitude is not None
            and longitude is not None
            and _close(report, latitude, longitude, radius)
        )
        if not (same_group or near):
            continue
        if report.may_publish and len(found.public) < limit:
            found.public.append(report)
        elif not report.may_publish:
            found.unpublished += 1
    return found
