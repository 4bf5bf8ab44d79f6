"""One dossier's facts for the index, computed from its row and its log.

The dossier row holds what the services wrote with each event (received, appointment moved
by supplements, end of processing, returned, fees, result file); the log adds what the row
does not keep (when it was withdrawn, when the apology was issued), the supplement cycles the
paused time, the papers their digitisation flags and the rating the citizen's satisfaction.

Two verdicts are kept (index-766-formulas.md, 2.1):

- the national verdict (`verdict`, the index's): the end of processing is the moment of the
  ending status — result ready, returned, stopped or refused, or a withdrawal after receipt
  ("Công dân yêu cầu rút hồ sơ — chỉ tính các hồ sơ đã được tiếp nhận"); a dossier waiting for
  the citizen's supplement ends at the request; more than one supplement request is late; the
  supplement time subtracted is elapsed clock time ("Thời điểm hoàn thành bổ sung − Thời điểm
  yêu cầu bổ sung") from the appointment given at receipt. A dossier without an ending status
  is judged at the period's last day, when the figures are read (`national_due`).
- the legal verdict (`legal_verdict`, the law's clock): the citizen's appointment moved by the
  working time the dossier waited (dossiers/deadlines.py). The drill-down shows both where they
  differ.

Working time comes from the calendar (core/calendar.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q

from phuongso.core import calendar
from phuongso.dossiers import deadlines
from phuongso.dossiers.models import Dossier, DossierDocument, DossierEvent, Rating, SupplementCycle
from phuongso.dossiers.workflow import ACTIVE_AFTER_RECEIPT, Action, Status
from phuongso.procedures.models import Channel, Procedure, ResultKind
from phuongso.quality.models import COUNTERS

WITH_RESULT = frozenset({Status.RESULT_READY, Status.RETURNED})
OPEN = frozenset(ACTIVE_AFTER_RECEIPT)
DOSSIER_COLUMNS = (
    "id",
    "commune_id",
    "procedure_id",
    "channel",
    "status",
    "received_at",
    "appointment_at",
    "new_appointment_at",
    "processing_ended_at",
    "returned_at",
    "supplement_requests",
    "fee_amount",
    "paid_online",
    "result_file",
    "result_is_electronic",
    "current_unit_id",
    "assignee_id",
    "former_unit_id",
)


@dataclass(frozen=True, slots=True)
class Cycle:
    requested_at: datetime
    completed_at: datetime | None
    at_intake: bool = False


class _Cycles:
    """Enough of a related manager for deadlines.end_of_processing (filter → last)."""

    def __init__(self, cycles: list[Cycle]) -> None:
        self._cycles = cycles

    def filter(self, *, completed_at__isnull: bool, at_intake: bool) -> _Cycles:
        return _Cycles(
            [
                c
                for c in self._cycles
                if (c.completed_at is None) == completed_at__isnull and c.at_intake == at_intake
            ]
        )

    def last(self) -> Cycle | None:
        return self._cycles[-1] if self._cycles else None

    def all(self) -> list[Cycle]:
        return list(self._cycles)


@dataclass
class Timeline:
    """A dossier's row and what its log adds: the input of `facts_of`."""

    id: int
    commune_id: int
    procedure_id: int
    channel: str
    status: str
    received_at: datetime | None
    appointment_at: datetime | None
    new_appointment_at: datetime | None
    processing_ended_at: datetime | None
    returned_at: datetime | None
    supplement_requests: int
    fee_amount: int
    paid_online: bool
    result_file: str
    result_is_electronic: bool
    current_unit_id: int | None
    assignee_id: int | None
    former_unit_id: int | None
    cycles: list[Cycle] = field(default_factory=list)
    withdrawn_at: datetime | None = None
    apology_at: datetime | None = None
    documents: int = 0
    digitised_documents: int = 0
    reused_documents: int = 0
    documents_with_file: int = 0
    satisfied: bool | None = None
    complained: bool = False
    document_result: bool = True
    receipt_appointment: datetime | None = None

    @property
    def supplement_cycles(self) -> _Cycles:
        return _Cycles(self.cycles)


@dataclass(frozen=True, slots=True)
class Fact:
    dossier_id: int
    commune_id: int
    procedure_id: int
    channel: str
    unit_id: int
    official_id: int
    former_unit_id: int
    received_day: date | None
    ended_day: date | None
    judged_day: date | None
    returned_day: date | None
    withdrawn_day: date | None
    refused_day: date | None
    verdict: str
    legal_verdict: str
    national_due: datetime | None
    processing_seconds: int
    online: bool
    has_result_file: bool
    with_result: bool
    docs_digitised: bool
    docs_with_file: bool
    fully_online: bool
    complained: bool
    reused: bool
    fee: bool
    paid_online: bool
    rated: bool
    satisfied: bool
    is_open: bool
    running: bool
    due_at: datetime | None
    apology_at: datetime | None
    new_appointment_at: datetime | None


FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Fact))


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _day(moment: datetime | None, zone: ZoneInfo) -> date | None:
    return moment.astimezone(zone).date() if moment is not None else None


def national_end(timeline: Timeline) -> datetime | None:
    """The end of processing for the index (index-766-formulas.md 2.1): the ending status
    (result ready, returned, stopped, refused), a withdrawal after receipt, or for a dossier
    waiting for the citizen's supplement, the request; None while it is still open."""
    if timeline.received_at is None:
        return None
    if timeline.processing_ended_at is not None:
        return timeline.processing_ended_at
    if timeline.status == Status.WITHDRAWN and timeline.withdrawn_at is not None:
        return timeline.withdrawn_at
    if timeline.status == Status.SUPPLEMENT_REQUESTED:
        waiting = [c for c in timeline.cycles if not c.at_intake and c.completed_at is None]
        return waiting[-1].requested_at if waiting else None
    return None


def elapsed_supplement_time(timeline: Timeline, end: datetime | None = None) -> timedelta:
    """Clock time between each supplement request and its completion, before `end` (2.1:
    "Thời gian bổ sung hồ sơ = Thời điểm hoàn thành bổ sung − Thời điểm yêu cầu bổ sung")."""
    total = timedelta(0)
    for cycle in timeline.cycles:
        if cycle.at_intake or cycle.completed_at is None:
            continue
        if end is not None and cycle.completed_at > end:
            continue
        total += cycle.completed_at - cycle.requested_at
    return total


def national_due(timeline: Timeline) -> datetime | None:
    """The appointment given at receipt plus the elapsed supplement time: ending at or before
    it is on time for the index (end − supplement time ≤ appointment, moved to the other
    side). None without an appointment (no fixed time limit: not judged)."""
    if timeline.receipt_appointment is None:
        return None
    return timeline.receipt_appointment + elapsed_supplement_time(timeline)


def _requests(timeline: Timeline) -> list[datetime]:
    return [c.requested_at for c in timeline.cycles if not c.at_intake]


def national_verdict(timeline: Timeline) -> tuple[deadlines.Verdict | None, datetime | None]:
    """The index's verdict and the moment it was reached (None, None while open)."""
    end = national_end(timeline)
    requests = _requests(timeline)
    if timeline.received_at is not None and len(requests) > 1:
        # "'Yêu cầu bổ sung hồ sơ' hơn 01 lần thì tính quá hạn": late from the second request.
        return deadlines.Verdict.LATE, end or requests[1]
    if end is None:
        return None, None
    due = national_due(timeline)
    if due is None:
        return None, None
    return deadlines.compare(end, due), end


def judged_at(timeline: Timeline) -> datetime | None:
    """When the national verdict was reached (see national_verdict)."""
    return national_verdict(timeline)[1]


def processing_time(timeline: Timeline) -> timedelta:
    """Working time from receipt to the end of processing, less the time paused for supplements."""
    start, end = timeline.received_at, timeline.processing_ended_at
    if start is None or end is None:
        return timedelta(0)
    total = calendar.working_time_between(start, end)
    for cycle in timeline.cycles:
        if not cycle.at_intake and cycle.requested_at < end:
            resumed = min(cycle.completed_at or end, end)
            total -= calendar.working_time_between(cycle.requested_at, resumed)
    return max(total, timedelta(0))


def facts_of(timeline: Timeline, zone: ZoneInfo | None = None) -> Fact:
    zone = zone or _zone()
    status = timeline.status
    verdict, judged = national_verdict(timeline)
    legal = deadlines.verdict(timeline)  # type: ignore[arg-type]
    received = timeline.received_at is not None
    with_result = received and status in WITH_RESULT and timeline.processing_ended_at is not None
    fee = timeline.fee_amount > 0
    return Fact(
        dossier_id=timeline.id,
        commune_id=timeline.commune_id,
        procedure_id=timeline.procedure_id,
        channel=timeline.channel,
        unit_id=timeline.current_unit_id or 0,
        official_id=timeline.assignee_id or 0,
        former_unit_id=timeline.former_unit_id or 0,
        received_day=_day(timeline.received_at, zone),
        ended_day=_day(timeline.processing_ended_at, zone) if received else None,
        judged_day=_day(judged, zone) if verdict is not None else None,
        returned_day=_day(timeline.returned_at, zone) if status == Status.RETURNED else None,
        withdrawn_day=_day(timeline.withdrawn_at, zone) if status == Status.WITHDRAWN else None,
        refused_day=_day(timeline.processing_ended_at, zone) if status == Status.REFUSED else None,
        verdict=verdict.value if verdict is not None else "",
        legal_verdict=legal.value if legal is not None else "",
        national_due=national_due(timeline) if received else None,
        processing_seconds=int(processing_time(timeline).total_seconds()) if with_result else 0,
        online=timeline.channel == Channel.ONLINE,
        has_result_file=bool(timeline.result_file),
        with_result=with_result,
        docs_digitised=0 < timeline.documents == timeline.digitised_documents,
        docs_with_file=timeline.documents_with_file > 0,
        fully_online=received and is_fully_online(timeline),
        complained=timeline.complained,
        reused=timeline.reused_documents > 0,
        fee=fee,
        paid_online=fee and timeline.paid_online,
        rated=timeline.satisfied is not None,
        satisfied=bool(timeline.satisfied),
        is_open=status in OPEN,
        running=deadlines.is_running(timeline),  # type: ignore[arg-type]
        due_at=timeline.new_appointment_at or timeline.appointment_at,
        apology_at=timeline.apology_at,
        new_appointment_at=timeline.new_appointment_at,
    )


def is_fully_online(timeline: Timeline) -> bool:
    """Processed fully online (Decree 42/2022/NĐ-CP, Art. 11; one-stop-rules.md): submitted
    online, the fee paid online where one applies, and the result returned electronically
    (or by public post: the one-stop does not record a postal return yet, so only an
    electronic return counts). A procedure without a paper result needs no returned file."""
    if timeline.channel != Channel.ONLINE:
        return False
    if timeline.fee_amount > 0 and not timeline.paid_online:
        return False
    if not timeline.document_result:
        return timeline.status in WITH_RESULT
    return timeline.status == Status.RETURNED and timeline.result_is_electronic


# --- reading timelines ------------------------------------------------------------------


def _scope(field: str, ids: list[int]) -> dict[str, object]:
    """Filter on these ids: a range when they are dense (cheaper than a long IN list)."""
    if ids[-1] - ids[0] + 1 <= 2 * len(ids):
        return {f"{field}__gte": ids[0], f"{field}__lte": ids[-1]}
    return {f"{field}__in": ids}


def load_timelines(ids: Iterable[int]) -> list[Timeline]:
    """The timelines of these dossiers (missing ids are skipped): five queries per call."""
    ids = sorted(set(ids))
    if not ids:
        return []
    wanted = set(ids)
    rows = Dossier.objects.filter(**_scope("pk", ids)).order_by().values_list(*DOSSIER_COLUMNS)
    timelines = {row[0]: Timeline(*row) for row in rows if row[0] in wanted}
    if not timelines:
        return []
    _add_cycles(timelines, ids)
    _add_events(timelines, ids)
    _add_documents(timelines, ids)
    ratings = Rating.objects.filter(**_scope("dossier_id", ids)).values_list(
        "dossier_id", "satisfied"
    )
    for dossier_id, satisfied in ratings:
        if dossier_id in timelines:
            timelines[dossier_id].satisfied = satisfied
    _add_complaints(timelines, ids)
    _add_procedures(timelines)
    return [timelines[pk] for pk in ids if pk in timelines]


def _add_complaints(timelines: dict[int, Timeline], ids: list[int]) -> None:
    """Dossiers a citizen's feedback report names (index-766-formulas.md 5.4)."""
    from phuongso.feedback.models import Report

    named = Report.objects.filter(**_scope("dossier_id", ids)).values_list("dossier_id", flat=True)
    for dossier_id in named:
        if dossier_id in timelines:
            timelines[dossier_id].complained = True


def _add_procedures(timelines: dict[int, Timeline]) -> None:
    """The procedure's kind of result, and the appointment given at receipt: the row's
    appointment until a supplement moved it, otherwise recomputed from the receipt moment and
    the procedure's deadline rule (the same computation the receipt made)."""
    procedure_ids = {t.procedure_id for t in timelines.values()}
    procedures = Procedure.objects.filter(pk__in=procedure_ids).prefetch_related("channels")
    by_id = {p.pk: p for p in procedures}
    for timeline in timelines.values():
        procedure = by_id.get(timeline.procedure_id)
        timeline.document_result = procedure is None or procedure.result_kind == ResultKind.DOCUMENT
        timeline.receipt_appointment = timeline.appointment_at
        moved = any(not c.at_intake for c in timeline.cycles)
        if moved and procedure is not None and timeline.received_at is not None:
            rule = deadlines.rule_for(procedure, timeline.channel)
            if rule is not None:
                timeline.receipt_appointment = calendar.appointment(timeline.received_at, rule)


def _add_cycles(timelines: dict[int, Timeline], ids: list[int]) -> None:
    rows = (
        SupplementCycle.objects.filter(**_scope("dossier_id", ids))
        .order_by("dossier_id", "requested_at", "pk")
        .values_list("dossier_id", "requested_at", "completed_at", "at_intake")
    )
    for dossier_id, requested, completed, at_intake in rows:
        if dossier_id in timelines:
            timelines[dossier_id].cycles.append(Cycle(requested, completed, at_intake))


def _add_events(timelines: dict[int, Timeline], ids: list[int]) -> None:
    rows = (
        DossierEvent.objects.filter(
            **_scope("dossier_id", ids), action__in=[Action.WITHDRAW, Action.APOLOGISE]
        )
        .order_by("dossier_id", "at", "pk")
        .values_list("dossier_id", "action", "at")
    )
    for dossier_id, action, at in rows:
        timeline = timelines.get(dossier_id)
        if timeline is None:
            continue
        if action == Action.WITHDRAW:
            timeline.withdrawn_at = at
        elif timeline.apology_at is None:
            timeline.apology_at = at


def _add_documents(timelines: dict[int, Timeline], ids: list[int]) -> None:
    rows = (
        DossierDocument.objects.filter(**_scope("dossier_id", ids))
        .values("dossier_id")
        .order_by()
        .annotate(
            total=Count("id"),
            digitised=Count("id", filter=Q(digitised=True)),
            reused=Count("id", filter=Q(reused_from_data_store=True)),
            with_file=Count("id", filter=~Q(file="")),
        )
        .values_list("dossier_id", "total", "digitised", "reused", "with_file")
    )
    for dossier_id, total, digitised, reused, with_file in rows:
        timeline = timelines.get(dossier_id)
        if timeline is not None:
            timeline.documents, timeline.digitised_documents = total, digitised
            timeline.reused_documents = reused
            timeline.documents_with_file = with_file


def compute_facts(ids: Iterable[int]) -> dict[int, Fact]:
    zone = _zone()
    return {t.id: facts_of(t, zone) for t in load_timelines(ids)}


# --- what a fact adds to each day ----------------------------------------------------------

INDEX = {name: position for position, name in enumerate(COUNTERS)}
WIDTH = len(INDEX)


def contributions(fact: Fact, zone: ZoneInfo | None = None) -> dict[date, list[int]]:
    """The counters this dossier adds to each day (see models.COUNTERS)."""
    days: dict[date, list[int]] = defaultdict(lambda: [0] * WIDTH)
    for day, pairs in sparse_contributions(fact, zone or _zone()):
        row = days[day]
        for index, value in pairs:
            row[index] += value
    return dict(days)


def sparse_contributions(fact: Fact, zone: ZoneInfo) -> list[tuple[date, list[tuple[int, int]]]]:
    """The same as (counter index, value) pairs per day, without the zeros (the fast form)."""
    result = []
    if fact.received_day:
        result.append((fact.received_day, _received(fact)))
    if fact.ended_day:
        result.append((fact.ended_day, _ended(fact)))
    if fact.judged_day:
        result.append((fact.judged_day, _judged(fact)))
    for day, index in (
        (fact.returned_day, RETURNED),
        (fact.withdrawn_day, WITHDRAWN),
        (fact.refused_day, REFUSED),
        (_day(fact.apology_at, zone), APOLOGISED),
    ):
        if day:
            result.append((day, [(index, 1)]))
    return result


def _pairs(*items: tuple[str, int | bool]) -> list[tuple[int, int]]:
    return [(INDEX[name], int(value)) for name, value in items if value]


def _received(fact: Fact) -> list[tuple[int, int]]:
    return _pairs(
        ("received", 1),
        ("online", fact.online),
        ("online_file", fact.online and fact.has_result_file),
        ("fee", fact.fee),
        ("paid_online", fact.paid_online),
        ("reused", fact.reused),
        # 4.1 and 4.2 over every dossier of the period, not only finished ones (4.1, 4.2).
        ("r_result_file", fact.has_result_file),
        ("r_digitised", fact.docs_with_file),
        ("r_digitised_file", fact.docs_with_file and fact.has_result_file),
        ("fully_online", fact.fully_online),
    )


def _ended(fact: Fact) -> list[tuple[int, int]]:
    result = _pairs(
        ("ended", 1), ("rated", fact.rated), ("satisfied", fact.rated and fact.satisfied)
    )
    if fact.with_result:
        result += _pairs(
            ("with_result", 1),
            ("result_file", fact.has_result_file),
            ("digitised", fact.docs_digitised),
            ("digitised_file", fact.docs_digitised and fact.has_result_file),
            ("processing_seconds", fact.processing_seconds),
        )
    return result


def _judged(fact: Fact) -> list[tuple[int, int]]:
    return _pairs(
        ("judged", 1),
        (fact.verdict, 1),
        # 5.4: a "not satisfied" rating or a complaint naming the dossier.
        ("unsatisfied", (fact.rated and not fact.satisfied) or fact.complained),
    )


RETURNED, WITHDRAWN, REFUSED, APOLOGISED = (
    INDEX[name] for name in ("returned", "withdrawn", "refused", "apologised")
)
