"""Hand-overs of a dossier and their verdicts: the rows of the processing control sheet.

The control sheet (form 05 of Circular 01/2018) has one row per hand-over: who gave the
dossier, who took it, when, and whether the giver finished early, on time or late. The rows
come from the event log; nothing here is stored or written.

The rule, kept simple on purpose:

* The dossier's legal working time is the working time from receipt to the appointment,
  less the supplement pauses the appointment was already moved by (each `supplement_received`
  event records the pause it added), so it is the procedure's own time limit.
* The workflow has four stages, each closed by hand-overs: intake at the counter (closed by
  the first `assign`), processing by the specialists (`transfer`, `propose_result`, a later
  re-`assign`), approval by the leader (`return_for_rework`, `approve`) and return of the
  result at the counter (`return_result`). A stage's share of the legal time is the sum of
  `share_percent` of the procedure's ProcessingSteps in it: counter steps before the first
  other step are intake, counter steps after it are return, leader steps are approval, the
  rest processing. When the procedure has no steps, or a stage has no share, the four
  stages share the time evenly.
* A hand-over's allotted time is what its stage has left: the stage's share less the time
  used by earlier hand-overs of the same stage (a transfer, a return for rework).
* Its used time is the working time since the previous hand-over, less the supplement
  pauses in between.
* Verdict: late when the used time exceeds the allotted time; early when not late and the
  hand-over happened on an earlier day than the one on which the allotted time (counted
  from the previous hand-over, pauses added) runs out; on time otherwise.
* The receipt opens the sheet and has no verdict; nor has any row of a dossier without an
  appointment (a procedure without a fixed time limit).

All time arithmetic goes through core/calendar.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from phuongso.accounts.models import Role, User
from phuongso.core import calendar
from phuongso.core.models import GovernmentUnit, UnitKind
from phuongso.dossiers.deadlines import Verdict, finished_early
from phuongso.dossiers.models import Dossier, DossierEvent, SupplementCycle
from phuongso.dossiers.workflow import Action, Status
from phuongso.procedures.models import ProcessingStep

INTAKE = "intake"
PROCESSING = "processing"
APPROVAL = "approval"
RETURN = "return"
STAGES = (INTAKE, PROCESSING, APPROVAL, RETURN)
DEFAULT_STAGE_NAMES = {
    INTAKE: "Tiếp nhận hồ sơ",
    PROCESSING: "Giải quyết hồ sơ",
    APPROVAL: "Phê duyệt kết quả",
    RETURN: "Trả kết quả",
}
RECEIPT_STAGE_NAME = "Nộp hồ sơ"
APPLICANT_UNIT = "Tổ chức, cá nhân"

RECEIPTS = frozenset({Action.RECEIVE, Action.RECEIVE_AT_COUNTER})
# The stage each hand-over closes (an `assign` after intake is a re-assignment: processing).
STAGE_OF = {
    Action.ASSIGN: INTAKE,
    Action.TRANSFER: PROCESSING,
    Action.PROPOSE_RESULT: PROCESSING,
    Action.RETURN_FOR_REWORK: APPROVAL,
    Action.APPROVE: APPROVAL,
    Action.RETURN_RESULT: RETURN,
}
HANDOVER_ACTIONS = frozenset(RECEIPTS | STAGE_OF.keys())


@dataclass(frozen=True)
class Handover:
    """One row of the control sheet."""

    step: int  # position on the sheet, from 1 (the receipt)
    action: str
    stage: str  # the step of the procedure this hand-over closes
    from_actor: str
    from_unit: str
    to_actor: str
    to_unit: str
    at: datetime
    allotted: timedelta | None  # None: the receipt, or no fixed time limit
    used: timedelta  # working time since the previous hand-over, pauses excluded
    paused: timedelta  # supplement pauses in that interval (not counted)
    verdict: Verdict | None
    note: str = ""


@dataclass(frozen=True)
class _Party:
    actor: str = ""
    unit: str = ""


def handovers(dossier: Dossier) -> list[Handover]:
    """The control sheet's rows of a received dossier, in order; empty before receipt."""
    events = _handover_events(dossier)
    if dossier.received_at is None or not events:
        return []
    sheet = _Sheet(
        budgets=_stage_budgets(dossier),
        names=stage_names(list(dossier.procedure.steps.all())),
        pauses=list(dossier.supplement_cycles.filter(at_intake=False)),
        one_stop=_one_stop_name(dossier),
        leadership=_leadership_name(dossier),
    )
    receivers = _receivers(dossier, events)
    rows = [_receipt_row(dossier, events[0], receivers[0], sheet)]
    for index, event in enumerate(events[1:], start=1):
        rows.append(_row(index + 1, event, rows[-1], receivers[index], sheet))
    return rows


@dataclass
class _Sheet:
    """What every row needs: each stage's time left, stage names, pauses, default units."""

    budgets: dict[str, timedelta] | None
    names: dict[str, str]
    pauses: list[SupplementCycle]
    one_stop: str
    leadership: str


# --- events and parties -------------------------------------------------------------------


def _handover_events(dossier: Dossier) -> list[DossierEvent]:
    return list(
        dossier.events.filter(action__in=HANDOVER_ACTIONS)
        .select_related("actor__unit")
        .order_by("at", "pk")
    )


def _stage_key(event: DossierEvent) -> str:
    if event.action == Action.ASSIGN and event.from_status != Status.RECEIVED:
        return PROCESSING
    return STAGE_OF[event.action]


def _person(user: User | None) -> _Party:
    if user is None:
        return _Party()
    return _Party(str(user), user.unit.name if user.unit else "")


def _receivers(dossier: Dossier, events: Sequence[DossierEvent]) -> list[_Party]:
    """Who took the dossier at each hand-over.

    The counter officer takes it at receipt; assignments and transfers name their receiver;
    the result goes back to the applicant; otherwise the receiver is whoever gives the
    dossier on at the next hand-over (unknown while that has not happened).
    """
    users = User.objects.select_related("unit").in_bulk(_ids(events, "assignee"))
    units = GovernmentUnit.objects.in_bulk(_ids(events, "unit"))
    parties = []
    for index, event in enumerate(events):
        following = events[index + 1] if index + 1 < len(events) else None
        if event.action in RECEIPTS:
            parties.append(_person(event.actor))
        elif event.action in (Action.ASSIGN, Action.TRANSFER):
            person = _person(users.get(event.data.get("assignee")))
            unit = units.get(event.data.get("unit"))
            parties.append(_Party(person.actor, unit.name if unit else person.unit))
        elif event.action == Action.RETURN_RESULT:
            parties.append(_Party(dossier.applicant_name, APPLICANT_UNIT))
        else:
            parties.append(_person(following.actor if following else None))
    return parties


def _ids(events: Iterable[DossierEvent], key: str) -> list[int]:
    return [event.data[key] for event in events if event.data.get(key) is not None]


# --- time --------------------------------------------------------------------------------


def legal_working_time(dossier: Dossier) -> timedelta | None:
    """The procedure's time limit as working time; None without an appointment."""
    if dossier.received_at is None or dossier.appointment_at is None:
        return None
    span = calendar.working_time_between(dossier.received_at, dossier.appointment_at)
    resumed = dossier.events.filter(action=Action.SUPPLEMENT_RECEIVED)
    moved = sum(event.data.get("paused_working_seconds", 0) for event in resumed)
    return max(span - timedelta(seconds=moved), timedelta(0))


def _staged(steps: Sequence[ProcessingStep]) -> list[tuple[str, ProcessingStep]]:
    """Each step with its stage: counter steps before any other step are intake, after it
    return; leader steps approval; the rest processing."""
    staged = []
    after_intake = False
    for step in steps:
        if step.role == Role.COUNTER_OFFICER:
            staged.append((RETURN if after_intake else INTAKE, step))
            continue
        after_intake = True
        staged.append((APPROVAL if step.role == Role.LEADER else PROCESSING, step))
    return staged


def stage_shares(steps: Sequence[ProcessingStep]) -> dict[str, int]:
    """Each stage's share of the time in percent points; even when a stage has none."""
    shares = dict.fromkeys(STAGES, 0)
    for stage, step in _staged(steps):
        shares[stage] += step.share_percent
    if not all(shares.values()):
        return dict.fromkeys(STAGES, 1)
    return shares


def _stage_budgets(dossier: Dossier) -> dict[str, timedelta] | None:
    total = legal_working_time(dossier)
    if total is None:
        return None
    shares = stage_shares(list(dossier.procedure.steps.all()))
    whole = sum(shares.values())
    return {stage: total * share / whole for stage, share in shares.items()}


def _paused_between(pauses: Iterable[SupplementCycle], start: datetime, end: datetime) -> timedelta:
    total = timedelta(0)
    for cycle in pauses:
        low = max(cycle.requested_at, start)
        high = min(cycle.completed_at or end, end)
        total += calendar.working_time_between(low, high)
    return total


def judge(
    *, start: datetime, end: datetime, used: timedelta, allotted: timedelta, paused: timedelta
) -> Verdict:
    """Late when over the allotted time; early when done on an earlier day than it runs out."""
    if used > allotted:
        return Verdict.LATE
    runs_out = calendar.add_working_time(start, allotted + paused)
    return Verdict.EARLY if finished_early(end, runs_out) else Verdict.ON_TIME


# --- rows --------------------------------------------------------------------------------


def stage_names(steps: Sequence[ProcessingStep]) -> dict[str, str]:
    """The names of the procedure's steps in each stage, or a default name."""
    names: dict[str, list[str]] = {stage: [] for stage in STAGES}
    for stage, step in _staged(steps):
        names[stage].append(step.name)
    return {stage: "; ".join(names[stage]) or DEFAULT_STAGE_NAMES[stage] for stage in STAGES}


def _receipt_row(
    dossier: Dossier, event: DossierEvent, receiver: _Party, sheet: _Sheet
) -> Handover:
    return Handover(
        step=1,
        action=event.action,
        stage=RECEIPT_STAGE_NAME,
        from_actor=dossier.applicant_name,
        from_unit=APPLICANT_UNIT,
        to_actor=receiver.actor,
        to_unit=receiver.unit or sheet.one_stop,
        at=event.at,
        allotted=None,
        used=timedelta(0),
        paused=timedelta(0),
        verdict=None,
        note=event.note,
    )


def _row(
    step: int, event: DossierEvent, previous: Handover, receiver: _Party, sheet: _Sheet
) -> Handover:
    paused = _paused_between(sheet.pauses, previous.at, event.at)
    used = max(calendar.working_time_between(previous.at, event.at) - paused, timedelta(0))
    stage = _stage_key(event)
    allotted = verdict = None
    if sheet.budgets is not None:
        allotted = max(sheet.budgets[stage], timedelta(0))
        sheet.budgets[stage] -= used
        verdict = judge(
            start=previous.at, end=event.at, used=used, allotted=allotted, paused=paused
        )
    giver = _person(event.actor)
    return Handover(
        step=step,
        action=event.action,
        stage=sheet.names[stage],
        from_actor=previous.to_actor or giver.actor,
        from_unit=previous.to_unit or giver.unit,
        to_actor=receiver.actor,
        to_unit=receiver.unit or _expected_unit(event, sheet),
        at=event.at,
        allotted=allotted,
        used=used,
        paused=paused,
        verdict=verdict,
        note=event.note,
    )


def _expected_unit(event: DossierEvent, sheet: _Sheet) -> str:
    """Who will take the dossier when the next hand-over has not happened yet."""
    if event.action == Action.PROPOSE_RESULT:
        return sheet.leadership
    if event.action == Action.APPROVE:
        return sheet.one_stop
    return ""


def _one_stop_name(dossier: Dossier) -> str:
    commune = dossier.receiving_commune or dossier.commune
    unit = commune.units.filter(is_one_stop=True).first()
    return unit.name if unit else "Bộ phận Một cửa"


def _leadership_name(dossier: Dossier) -> str:
    unit = dossier.commune.units.filter(kind=UnitKind.LEADERSHIP).first()
    return unit.name if unit else "Lãnh đạo"
