"""Indicators 5.1–5.3 of the index, from the feedback app (phản ánh, kiến nghị).

Read from the reports and their log at each page (a commune receives a few hundred reports a
month, not millions of dossiers: no rollup is needed). The steps' deadlines (2/5/15/2 working
days) and whether each was met are the feedback app's (feedback/deadlines.py).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from phuongso.core.figures import Figure
from phuongso.feedback import deadlines
from phuongso.feedback.models import RatingLevel, Report, ReportEvent
from phuongso.quality import conf
from phuongso.quality.slices import Slice

SOURCE = "Hệ thống tiếp nhận phản ánh, kiến nghị (nhật ký xử lý, đánh giá)"


def _bounds(s: Slice) -> tuple[datetime, datetime]:
    zone = ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.combine(s.start, time.min, tzinfo=zone),
        datetime.combine(s.end + timedelta(days=1), time.min, tzinfo=zone),
    )


def reports_of(s: Slice) -> QuerySet[Report]:
    """Feedback first received in the period, each counted once (merged duplicates out)."""
    low, high = _bounds(s)
    return Report.objects.filter(
        commune=s.commune, received_at__gte=low, received_at__lt=high, duplicate_of__isnull=True
    )


def _judged_at(s: Slice) -> datetime:
    """Open reports are judged at the period's end, or now for the current period (5.2)."""
    return min(timezone.now(), _bounds(s)[1])


def on_time_ids(s: Slice) -> tuple[list[int], list[int]]:
    """(all report ids of the period, those handled on time at every step) — 5.2."""
    reports = reports_of(s).prefetch_related(
        Prefetch("events", queryset=ReportEvent.objects.order_by("at", "pk"), to_attr="log")
    )
    when = _judged_at(s)
    ids, on_time = [], []
    for report in reports:
        ids.append(report.pk)
        # None: still within every limit at the period's end, so in time.
        if deadlines.handled_on_time(report, report.log, now=when) is not False:
            on_time.append(report.pk)
    return ids, on_time


def classified(s: Slice) -> Figure:
    """5.1 (index-766-formulas.md 5.1): feedback classified as about "Quy định, chính sách,
    thủ tục" or "Hành vi của cán bộ công chức" ÷ all feedback of the period. The category
    groups that count are QUALITY_FEEDBACK_GROUPS_5_1."""
    reports = reports_of(s)
    counted = reports.filter(category__group__in=conf.feedback_groups_5_1())
    return Figure(
        numerator=counted.count(),
        denominator=reports.count(),
        source=SOURCE,
        formula=(
            "Phản ánh, kiến nghị về quy định, chính sách, thủ tục hoặc hành vi của cán bộ, công "
            "chức ÷ mọi phản ánh, kiến nghị tiếp nhận trong kỳ (QĐ 766, chỉ số 5.1)"
        ),
    )


def drill_classified(s: Slice) -> tuple[QuerySet[Report], Q]:
    return reports_of(s), Q(category__group__in=conf.feedback_groups_5_1())


def handled_on_time(s: Slice) -> Figure:
    """5.2 (index-766-formulas.md 5.2): refused ≤ 2 working days after it was sent, first
    request for more information ≤ 5, answer ≤ 15, published ≤ 2 after the answer; open
    reports judged at the period's end ÷ feedback received in the period."""
    ids, on_time = on_time_ids(s)
    return Figure(
        numerator=len(on_time),
        denominator=len(ids),
        source=SOURCE,
        formula=(
            "Phản ánh, kiến nghị xử lý đúng hạn mọi bước (từ chối ≤ 2 ngày làm việc, đề nghị bổ "
            "sung ≤ 5, giải quyết ≤ 15, công khai ≤ 2; chưa xong thì tính đến cuối kỳ) ÷ phản "
            "ánh, kiến nghị tiếp nhận trong kỳ (QĐ 766, chỉ số 5.2)"
        ),
        record_ids=tuple(on_time),
    )


def drill_handled_on_time(s: Slice) -> tuple[QuerySet[Report], Q]:
    return reports_of(s), Q(pk__in=on_time_ids(s)[1])


def unsatisfied_ids(s: Slice) -> tuple[list[int], set[int]]:
    """(all report ids of the period, those the citizen is not satisfied with) — 5.3: a "not
    satisfied" rating, a reopening (a new complaint about the answer), or late handling."""
    ids, on_time = on_time_ids(s)
    late = set(ids) - set(on_time)
    unhappy = set(
        reports_of(s)
        .filter(Q(rating__level=RatingLevel.NOT_SATISFIED) | Q(reopen_count__gt=0))
        .values_list("pk", flat=True)
    )
    return ids, late | unhappy


def satisfaction(s: Slice) -> Figure:
    """5.3 (index-766-formulas.md 5.3): (feedback − feedback rated "not satisfied", reopened
    about its answer, or handled late) ÷ feedback first received in the period, each once.
    phuongso's rating has one level per report (no likes and dislikes to compare): "Chưa hài
    lòng" stands for "more dislikes than likes"."""
    ids, unhappy = unsatisfied_ids(s)
    return Figure(
        numerator=len(ids) - len(unhappy),
        denominator=len(ids),
        source=SOURCE,
        formula=(
            "(Phản ánh, kiến nghị − số bị đánh giá chưa hài lòng, bị mở lại vì kết quả giải quyết "
            "hoặc xử lý quá hạn) ÷ phản ánh, kiến nghị tiếp nhận trong kỳ (QĐ 766, chỉ số 5.3)"
        ),
    )


def drill_satisfaction(s: Slice) -> tuple[QuerySet[Report], Q]:
    return reports_of(s), ~Q(pk__in=list(unsatisfied_ids(s)[1]))
