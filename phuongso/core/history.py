"""What the histories of dossiers and reports share: how a step's outcome reads."""

from __future__ import annotations


def status_reached(from_status: str, to_status: str, label: str) -> str:
    """The status label a history line shows after a step's title ("→ Đã tiếp nhận"), or
    nothing when the step left the status as it was (a rating, a reply, a transfer), so the
    line does not claim the step led somewhere."""
    return label if to_status != from_status else ""
