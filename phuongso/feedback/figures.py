"""Figures of feedback handling for one commune and period, one function per figure.

They read the reports and their event log (the audit trail), never stored flags, and feed
the public figures page and the service-quality dashboard (indicator 5.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from phuongso.core import calendar
from phuongso.core.figures import Figure
from phuongso.core.models import Commune
from phuongso.feedback import deadlines
from phuongso.feedback.models import SATISFIED_LEVELS, Rating, Report, ReportEvent
from phuongso.feedback.workflow import Action

SOURCE = "Hệ thống tiếp nhận phản ánh, kiến nghị (nhật ký xử lý)"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00) in the local time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def received_in(commune: Commune, start: date, end: date) -> QuerySet[Report]:
    low, high = _bounds(start, end)
    return Report.objects.filter(commune=commune, received_at__gte=low, received_at__lt=high)


def received(*, commune: Commune, start: date, end: date) -> int:
    """Reports received in the period."""
    return received_in(commune, start, end).count()


def first_resolutions(commune: Commune, start: date, end: date) -> list[ReportEvent]:
    """Each report's first resolution, when it falls in the period."""
    low, high = _bounds(start, end)
    events = (
        ReportEvent.objects.filter(report__commune=commune, action=Action.RESOLVE)
        .select_related("report")
        .order_by("report_id", "at", "pk")
    )
    first: dict[int, ReportEvent] = {}
    for event in events.filter(report__received_at__lt=high):
        first.setdefault(event.report_id, event)
    return [event for event in first.values() if low <= event.at < high]


def resolved_on_time(*, commune: Commune, start: date, end: date) -> Figure:
    """Reports first resolved in the period before their deadline ÷ reports resolved."""
    resolutions = first_resolutions(commune, start, end)
    on_time = [event for event in resolutions if deadlines.resolved_on_time(event)]
    return Figure(
        numerator=len(on_time),
        denominator=len(resolutions),
        source=SOURCE,
        formula="Phản ánh giải quyết đúng hạn ÷ phản ánh đã giải quyết trong kỳ",
        record_ids=tuple(event.report_id for event in on_time),
    )


def average_time_to_resolve(*, commune: Commune, start: date, end: date) -> timedelta | None:
    """Average working time from receipt to the first answer, for reports resolved in the
    period; None when none was resolved."""
    resolutions = first_resolutions(commune, start, end)
    if not resolutions:
        return None
    total = sum(
        (calendar.working_time_between(e.report.received_at, e.at) for e in resolutions),
        timedelta(0),
    )
    return total / len(resolutions)


def satisfaction(*, commune: Commune, start: date, end: date) -> Figure:
    """Ratings "very satisfied" or "satisfied" ÷ ratings given in the period."""
    low, high = _bounds(start, end)
    ratings = Rating.objects.filter(report__commune=commune, rated_at__gte=low, rated_at__lt=high)
    satisfied = ratings.filter(level__in=SATISFIED_LEVELS)
    return Figure(
        numerator=satisfied.count(),
        denominator=ratings.count(),
        source=SOURCE,
        formula="Đánh giá hài lòng, rất hài lòng ÷ số đánh giá trong kỳ",
        record_ids=tuple(satisfied.values_list("report_id", flat=True)[:1000]),
    )


def handled_on_time(*, commune: Commune, start: date, end: date) -> Figure:
    """Indicator 5.2: reports received in the period handled within every step's limit
    (refuse or accept ≤ 2 working days, ask for information ≤ 5, resolve ≤ 15, publish ≤ 2)
    ÷ those whose handling ended or whose limit has passed. Merged duplicates are left out."""
    reports = (
        received_in(commune, start, end)
        .filter(duplicate_of__isnull=True)
        .prefetch_related(
            Prefetch("events", queryset=ReportEvent.objects.order_by("at", "pk"), to_attr="log")
        )
    )
    now = timezone.now()
    judged = [
        (report.pk, deadlines.handled_on_time(report, report.log, now=now)) for report in reports
    ]
    decided = [(pk, verdict) for pk, verdict in judged if verdict is not None]
    on_time = tuple(pk for pk, verdict in decided if verdict)
    return Figure(
        numerator=len(on_time),
        denominator=len(decided),
        source=SOURCE,
        formula=(
            "Phản ánh xử lý đúng hạn mọi bước (từ chối hoặc tiếp nhận ≤ 2 ngày làm việc, đề nghị "
            "bổ sung ≤ 5, giải quyết ≤ 15, công khai ≤ 2) ÷ phản ánh đã xử lý xong hoặc đã quá hạn"
        ),
        record_ids=on_time,
    )


@dataclass(frozen=True)
class Summary:
    received: int
    resolved_on_time: Figure
    average_time_to_resolve: timedelta | None
    satisfaction: Figure
    handled_on_time: Figure


def summary(*, commune: Commune, start: date, end: date) -> Summary:
    period = {"commune": commune, "start": start, "end": end}
    return Summary(
        received=received(**period),
        resolved_on_time=resolved_on_time(**period),
        average_time_to_resolve=average_time_to_resolve(**period),
        satisfaction=satisfaction(**period),
        handled_on_time=handled_on_time(**period),
    )
