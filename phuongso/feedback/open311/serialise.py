"""Services and service requests as the GeoReport v2 specification names their fields."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from phuongso.feedback import deadlines
from phuongso.feedback.access import shows_content
from phuongso.feedback.models import Category, Report
from phuongso.feedback.workflow import OPEN, Status, open311_status

# The fields of the specification, in its order.
SERVICE_FIELDS = (
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
)
REQUEST_FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)


def w3c(moment: datetime | None) -> str | None:
    """W3C date-time with the ward's offset: 2026-02-12T09:30:00+07:00."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or category.name,
        "metadata": False,
        "type": category.open311_type,
        "keywords": category.keywords,
        "group": category.group,
    }


def service_notice(category: Category) -> str:
    return (
        f"{category.responsible_unit.name} tiếp nhận hoặc trả lời trong "
        f"{settings.FEEDBACK_ACCEPT_WORKING_DAYS} ngày làm việc và giải quyết trong "
        f"{settings.FEEDBACK_RESOLVE_WORKING_DAYS} ngày làm việc kể từ khi nhận phản ánh."
    )


def status_notes(report: Report) -> str:
    """The state in Vietnamese, with the ward's latest public answer."""
    label = Status(report.status).label
    notes = getattr(report, "public_notes", None)
    if notes is None:
        notes = list(report.events.filter(is_public=True).exclude(note="").order_by("at", "pk"))
    return f"{label}: {notes[-1].note}" if notes else label


def _expected(report: Report) -> str | None:
    if report.status not in OPEN:
        return None
    if report.status == Status.NEW:
        return w3c(deadlines.resolve_due(report.received_at))
    return w3c(report.due_at)


def _address(report: Report) -> str:
    """From the most specific to the most general unit, as the specification asks."""
    parts = [report.address, str(report.residential_group or ""), report.commune.name]
    return ", ".join(part for part in parts if part)


def _media_url(report: Report, request: HttpRequest) -> str | None:
    photos = list(report.photos.all())
    if photos:
        path = reverse("feedback:photo", args=[report.pk, photos[0].pk])
        return request.build_absolute_uri(path)
    return report.media_url or None


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def service_request(report: Report, request: HttpRequest) -> dict:
    content = shows_content(report)
    return {
        "service_request_id": str(report.pk),
        "status": open311_status(report.status),
        "status_notes": status_notes(report),
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description if content else None,
        "agency_responsible": report.current_unit.name,
        "service_notice": service_notice(report.category),
        "requested_datetime": w3c(report.received_at),
        "updated_datetime": w3c(report.updated_at),
        "expected_datetime": _expected(report),
        "address": _address(report),
        "address_id": str(report.residential_group_id) if report.residential_group_id else None,
        "zipcode": None,
        "lat": _number(report.latitude),
        "long": _number(report.longitude),
        "media_url": _media_url(report, request) if content else None,
    }
