"""An independent recomputation of the index by the formula text, for tests only.

It reads the dossiers, their event log, supplement cycles, papers, ratings and the feedback
reports that name them, and applies index-766-formulas.md line by line. It never calls the
indicator code (quality/facts.py, slices.py, indicators.py) or the rollups: when both agree,
the rollups, the facts and the indicators compute what the text says.

Only the law's arithmetic is shared: the appointment given at receipt comes from the
working-day calendar and the procedure's deadline rule, as the receipt computed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from phuongso.core import calendar
from phuongso.core.models import Commune
from phuongso.dossiers.deadlines import rule_for
from phuongso.dossiers.models import Dossier, Rating
from phuongso.procedures.models import Channel, OnlineLevel, ResultKind

# 2.1: "Từ chối, Dừng xử lý, Đã xử lý xong, Đã trả kết quả" by priority ("Đã xử lý xong" >
# "Đã trả kết quả" > "Dừng xử lý/Từ chối"); then "Công dân yêu cầu rút hồ sơ" after receipt.
PRIORITY = (("result_ready",), ("returned",), ("stopped", "refused"), ("withdrawn",))


def rate(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


@dataclass
class Judged:
    dossier: Dossier
    in_time: bool
    open_at_end: bool


def _end(dossier: Dossier, events: list) -> datetime | None:
    """ "Thời gian kết thúc xử lý" by the text, or the supplement request while waiting."""
    for statuses in PRIORITY:
        moment = next((e.at for e in events if e.to_status in statuses), None)
        if moment is not None:
            return moment
    if dossier.status == "supplement_requested":
        waiting = [c for c in dossier.cycles if not c.at_intake and c.completed_at is None]
        return waiting[-1].requested_at if waiting else None
    return None


def _appointment_at_receipt(dossier: Dossier) -> datetime | None:
    rule = rule_for(dossier.procedure, dossier.channel)
    return calendar.appointment(dossier.received_at, rule) if rule else None


def judge(dossier: Dossier, start: date, end: date) -> Judged | None:
    """2.1 for one dossier in the period [start, end]; None when it is not in 2.1."""
    if dossier.received_at is None or local_day(dossier.received_at) > end:
        return None
    events = sorted(dossier.events.all(), key=lambda e: (e.at, e.pk))
    requests = [c for c in dossier.cycles if not c.at_intake]
    finish = _end(dossier, events)
    due = _appointment_at_receipt(dossier)
    if len(requests) > 1:
        # "'Yêu cầu bổ sung hồ sơ' hơn 01 lần thì tính quá hạn".
        moment = finish or requests[1].requested_at
        day = local_day(moment)
        if day > end:
            return Judged(dossier, _open_in_time(dossier, due, end), True)
        return Judged(dossier, False, False) if day >= start else None
    if due is None:
        return None
    if finish is None or local_day(finish) > end:
        waiting = _waiting_at(dossier, end)
        if waiting is None:
            return Judged(dossier, _open_in_time(dossier, due, end), True)
        # Waiting for the citizen at the period's end: "the request moment is the end".
        finish = waiting.requested_at
    if local_day(finish) < start:
        return None
    # "Thời gian bổ sung hồ sơ = Thời điểm hoàn thành bổ sung − Thời điểm yêu cầu bổ sung".
    supplement = sum(
        (c.completed_at - c.requested_at for c in requests if c.completed_at),
        timedelta(0),
    )
    supplement = sum(
        (c.completed_at - c.requested_at for c in requests
         if c.completed_at and c.completed_at <= finish),
        timedelta(0),
    )  # fmt: skip
    return Judged(dossier, finish - supplement <= due, False)


def _waiting_at(dossier: Dossier, end: date):  # noqa: ANN202
    """The supplement request the dossier was waiting on at the end of the day `end`."""
    for cycle in dossier.cycles:
        if cycle.at_intake or local_day(cycle.requested_at) > end:
            continue
        if cycle.completed_at is None or local_day(cycle.completed_at) > end:
            return cycle
    return None


def _open_in_time(dossier: Dossier, due: datetime | None, end: date) -> bool:
    """ "Chưa có trạng thái hoàn thành → lấy ngày cuối kỳ báo cáo là ngày kết thúc xử lý"."""
    if due is None:
        return False
    supplement = sum(
        (
            c.completed_at - c.requested_at
            for c in dossier.cycles
            if not c.at_intake and c.completed_at and local_day(c.completed_at) <= end
        ),
        timedelta(0),
    )
    return end <= local_day(due + supplement)


@dataclass
class Figures:
    on_time: tuple[int, int]
    online_local: tuple[int, int]
    electronic_results: tuple[int, int]
    digitised: tuple[int, int]
    satisfaction: tuple[int, int]
    fully_online: tuple[int, int]
    fully_online_eligible: tuple[int, int]


def dossiers_of(commune: Commune) -> list[Dossier]:
    rows = (
        Dossier.objects.filter(commune=commune)
        .exclude(procedure__handled_elsewhere__gt="")
        .select_related("procedure")
        .prefetch_related("events", "documents", "procedure__channels", "complaints")
    )
    result = []
    for dossier in rows:
        dossier.cycles = sorted(dossier.supplement_cycles.all(), key=lambda c: c.requested_at)
        result.append(dossier)
    return result


def recompute(commune: Commune, start: date, end: date) -> Figures:
    dossiers = dossiers_of(commune)
    judged = [j for j in (judge(d, start, end) for d in dossiers) if j is not None]
    received = [d for d in dossiers if d.received_at and start <= local_day(d.received_at) <= end]

    def paper(d: Dossier) -> bool:
        return d.procedure.result_kind == ResultKind.DOCUMENT

    # 3.3 (before × 1.4): channel 2 and, for a paper result, an electronic result file.
    online = [
        d for d in received if d.channel == Channel.ONLINE and (not paper(d) or d.result_file)
    ]
    # 4.1: paper-result procedures, every dossier of the period.
    papers_only = [d for d in received if paper(d)]
    electronic = [d for d in papers_only if d.result_file]
    # 4.2: "Có file đính kèm trong thành phần hồ sơ" and, for a paper result, a result file.
    digitised = [
        d
        for d in received
        if any(doc.file for doc in d.documents.all()) and (not paper(d) or d.result_file)
    ]
    # 5.4: 100% − (late % + % with a complaint or a "not satisfied" rating), over 2.1's.
    late = sum(not j.in_time for j in judged)
    unhappy = sum(_unhappy(j.dossier) for j in judged)
    # Decree 42/2022 fully online: online, fee paid online if any, result returned
    # electronically (no postal return is recorded).
    full = [d for d in received if _fully_online(d)]
    eligible = [d for d in received if d.procedure.online_level == OnlineLevel.FULL]
    return Figures(
        on_time=(len(judged) - late, len(judged)),
        online_local=(len(online), len(received)),
        electronic_results=(len(electronic), len(papers_only)),
        digitised=(len(digitised), len(received)),
        satisfaction=(max(0, len(judged) - late - unhappy), len(judged)),
        fully_online=(len(full), len(received)),
        fully_online_eligible=(sum(_fully_online(d) for d in eligible), len(eligible)),
    )


def _unhappy(dossier: Dossier) -> bool:
    try:
        rating = dossier.rating
    except Rating.DoesNotExist:
        rating = None
    return bool(dossier.complaints.all()) or (rating is not None and not rating.satisfied)


def _fully_online(dossier: Dossier) -> bool:
    if dossier.channel != Channel.ONLINE:
        return False
    if dossier.fee_amount and not dossier.paid_online:
        return False
    if dossier.procedure.result_kind != ResultKind.DOCUMENT:
        return dossier.status in ("result_ready", "returned")
    return dossier.status == "returned" and dossier.result_is_electronic
