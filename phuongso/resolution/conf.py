"""The resolution module's settings, each with a safe default (set them in settings.py)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings


def at_risk_gap() -> Decimal:
    """Shortfall against the planned path, as a fraction of the planned value, still only
    "at risk" (0.10: up to 10% short); beyond it the indicator is off track."""
    return Decimal(str(getattr(settings, "RESOLUTION_AT_RISK_GAP", "0.10")))


def basically_none_at_most() -> Decimal:
    """'Basically none' (cơ bản không còn) means at most this value, in the indicator's unit,
    unless the indicator sets its own tolerance."""
    return Decimal(str(getattr(settings, "RESOLUTION_BASICALLY_NONE_AT_MOST", "0.1")))


def stalled_after_days() -> int:
    """A running task with no progress report for this many days is flagged as stalled."""
    return int(getattr(settings, "RESOLUTION_STALLED_AFTER_DAYS", 30))


def evidence_max_bytes() -> int:
    """Largest evidence file accepted (PDF, JPEG, PNG)."""
    return int(getattr(settings, "RESOLUTION_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
