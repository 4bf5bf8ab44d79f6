"""Service-quality indicators (Decision 766/QĐ-TTg), one function per indicator.

Each function reads the dossier records of one commune for a period and returns a Figure.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from phuongso.core.figures import Figure
from phuongso.core.models import Commune
from phuongso.dossiers.models import Dossier
from phuongso.procedures.models import Channel, OnlineLevel, ResultKind


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00) in the local time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def received_in(commune: Commune, start: date, end: date) -> QuerySet[Dossier]:
    low, high = _bounds(start, end)
    return Dossier.objects.filter(commune=commune, received_at__gte=low, received_at__lt=high)


# Submitted online, and where the result is a paper document, returned with an electronic copy.
ONLINE_WITH_ELECTRONIC_RESULT = Q(channel=Channel.ONLINE) & (
    ~Q(procedure__result_kind=ResultKind.DOCUMENT) | ~Q(result_file="")
)


def online_dossiers(*, commune: Commune, start: date, end: date) -> Figure:
    """3.3: online dossiers (with an electronic result where the result is a document)
    ÷ all dossiers received in the period."""
    received = received_in(commune, start, end)
    online = received.filter(ONLINE_WITH_ELECTRONIC_RESULT)
    return Figure(
        numerator=online.count(),
        denominator=received.count(),
        source="Hệ thống một cửa điện tử (hồ sơ tiếp nhận trong kỳ)",
        formula="Hồ sơ nộp trực tuyến (có kết quả điện tử nếu kết quả là giấy tờ) ÷ hồ sơ tiếp nhận",
    )


def fully_online_dossiers(*, commune: Commune, start: date, end: date) -> Figure:
    """The resolution's 80% target: indicator 3.3 over procedures offered fully online."""
    received = received_in(commune, start, end).filter(procedure__online_level=OnlineLevel.FULL)
    online = received.filter(ONLINE_WITH_ELECTRONIC_RESULT)
    return Figure(
        numerator=online.count(),
        denominator=received.count(),
        source="Hệ thống một cửa điện tử (hồ sơ của thủ tục đủ điều kiện trực tuyến toàn trình)",
        formula=(
            "Hồ sơ xử lý trực tuyến toàn trình (nộp trực tuyến, trả kết quả điện tử) ÷ hồ sơ "
            "tiếp nhận của các thủ tục trực tuyến toàn trình"
        ),
        record_ids=tuple(online.values_list("pk", flat=True)[:1000]),
    )
