"""The feedback module's settings, each read with a safe default (set them in settings.py).

Deadlines follow indicator 5.2 of the service-quality index (one-stop-rules.md): refuse or
accept within 2 working days, ask for more information within 5, handle within 15, publish
the answer within 2.
"""

from __future__ import annotations

from django.conf import settings


def decide_working_days() -> int:
    """Working days after receipt to accept or refuse a report."""
    return int(getattr(settings, "FEEDBACK_ACCEPT_WORKING_DAYS", 2))


def info_working_days() -> int:
    """Working days after receipt within which the ward may ask for more information."""
    return int(getattr(settings, "FEEDBACK_INFO_WORKING_DAYS", 5))


def resolve_working_days() -> int:
    """Working days after receipt (or after a reopening) to resolve a report."""
    return int(getattr(settings, "FEEDBACK_RESOLVE_WORKING_DAYS", 15))


def publish_working_days() -> int:
    """Working days after resolution to publish the answer."""
    return int(getattr(settings, "FEEDBACK_PUBLISH_WORKING_DAYS", 2))


def reopen_days() -> int:
    """Calendar days after resolution during which the reporter may reopen a report."""
    return int(getattr(settings, "FEEDBACK_REOPEN_DAYS", 30))


def similar_radius_metres() -> int:
    """Open reports of the same category within this distance are suggested as similar."""
    return int(getattr(settings, "FEEDBACK_SIMILAR_RADIUS_METRES", 300))


def max_photos() -> int:
    return int(getattr(settings, "FEEDBACK_MAX_PHOTOS", 4))


def max_photo_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_FILE_MB", 10)) * 1024 * 1024


def open311_max_requests() -> int:
    """GET requests answers at most this many requests (the specification's default)."""
    return int(getattr(settings, "FEEDBACK_OPEN311_MAX_REQUESTS", 1000))


def open311_max_days() -> int:
    """GET requests spans at most this many days (the specification's default)."""
    return int(getattr(settings, "FEEDBACK_OPEN311_MAX_DAYS", 90))


def due_soon_working_hours() -> int:
    return int(getattr(settings, "DUE_SOON_WORKING_HOURS", 8))
