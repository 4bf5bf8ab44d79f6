"""What the report pages share: the commune a page is about, the current year's period."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from django.utils import timezone

from phuongso.core.models import Commune


def configured_commune(request: HttpRequest) -> Commune:
    """The commune the page is about (request.commune, core/communes.py), which must be one
    this deployment runs (configured): 404 otherwise."""
    commune = request.commune  # type: ignore[attr-defined]
    if commune is None or not commune.is_configured:
        raise Http404("Chưa có xã, phường nào nhận phản ánh.")
    return commune


def taking_communes() -> list[Commune]:
    return list(
        Commune.objects.filter(is_configured=True, feedback_categories__is_active=True)
        .distinct()
        .order_by("name")
    )


def this_year() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year, 1, 1), today
