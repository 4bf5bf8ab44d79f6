"""Every write to a dossier goes through this module; `_change` alone changes its status.

Each change is a compare-and-set on (status, version), writes a DossierEvent in the same
transaction and schedules notifications after commit. Illegal actions raise DossierError with
a message for the person who tried, and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from phuongso.accounts.models import Role, User
from phuongso.core import calendar
from phuongso.core.errors import ServiceError
from phuongso.core.models import GovernmentUnit
from phuongso.core.text import format_number
from phuongso.core.uploads import remove_stored
from phuongso.dossiers import documents, notifications, workflow
from phuongso.dossiers.codes import generate_code
from phuongso.dossiers.deadlines import is_paused, open_supplement_request, rule_for
from phuongso.dossiers.models import (
    Dossier,
    DossierDocument,
    DossierEvent,
    Rating,
    SupplementCycle,
)
from phuongso.dossiers.workflow import CITIZEN, SYSTEM, Action, Status
from phuongso.procedures.models import Channel, Procedure
from phuongso.procedures.queries import has_own_system
from phuongso.quality.rollups import fold_after_commit
from phuongso.signing import services as signing
from phuongso.signing.models import IssuedDocument


class DossierError(ServiceError):
    """A refused step of a dossier."""


class StaleDossier(DossierError):
    def __init__(self) -> None:
        super().__init__(
            "Hồ sơ vừa được người khác cập nhật nên thao tác của bạn chưa được thực hiện. "
            "Vui lòng tải lại trang để xem trạng thái mới nhất."
        )


@dataclass(frozen=True)
class Applicant:
    name: str
    phone: str = ""
    email: str = ""
    personal_id: str = ""
    address: str = ""
    user: User | None = None

    @classmethod
    def from_user(cls, user: User) -> Applicant:
        return cls(
            name=user.full_name,
            phone=user.phone or "",
            email=user.email or "",
            personal_id=user.personal_id or "",
            address=user.address,
            user=user,
        )


@dataclass(frozen=True)
class Paper:
    """A paper handed in: its name, its file if any, and the national index's flags."""

    name: str
    file: UploadedFile | None = None
    required_document_id: int | None = None
    digitised: bool = False
    reused_from_data_store: bool = False

    @classmethod
    def supplements(cls, upload: UploadedFile | None) -> list[Paper]:
        """The paper a citizen or an officer adds in answer to a supplement request."""
        return [cls(name=f"Giấy tờ bổ sung: {upload.name}", file=upload)] if upload else []


def _moment_text(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M}, ngày {local:%d/%m/%Y}"


# --- who is acting ------------------------------------------------------------------


def roles_on(dossier: Dossier, actor: User | None) -> frozenset[str]:
    """The workflow roles `actor` holds on this dossier.

    The applicant acts as CITIZEN on their own dossier. Officials act in their own commune;
    a counter officer of the commune that received it (Decree 118/2025) as RECEIVING_COUNTER,
    whose steps the workflow table names.
    """
    if actor is None:
        return frozenset({SYSTEM})
    roles: set[str] = set()
    if dossier.applicant_id is not None and dossier.applicant_id == actor.pk:
        roles.add(CITIZEN)
    if actor.commune_id == dossier.commune_id:
        roles |= actor.role_set
    elif actor.commune_id is not None and actor.commune_id == dossier.receiving_commune_id:
        if Role.COUNTER_OFFICER in actor.role_set:
            roles.add(workflow.RECEIVING_COUNTER)
    return frozenset(roles)


def _acting_role(rule: workflow.Transition, roles: frozenset[str]) -> str:
    return next(role for role in sorted(rule.roles) if role in roles)


def _check_allowed(dossier: Dossier, action: str, roles: frozenset[str]) -> workflow.Transition:
    rule = workflow.transition(action)
    if dossier.status not in rule.sources:
        raise DossierError(
            f"Không thể «{rule.action.label.lower()}» khi hồ sơ đang ở trạng thái "
            f"«{Status(dossier.status).label}»."
        )
    if not rule.roles & roles:
        raise DossierError(f"Bạn không có quyền «{rule.action.label.lower()}» đối với hồ sơ này.")
    return rule


def _precheck(dossier: Dossier, action: str, actor: User | None) -> None:
    """Refuse a step the workflow forbids before looking at its details."""
    _check_allowed(dossier, action, roles_on(dossier, actor))


# --- the one place that changes a dossier -----------------------------------------------


def _change(
    dossier: Dossier,
    action: str,
    *,
    actor: User | None,
    at: datetime | None = None,
    note: str = "",
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    also: Callable[[datetime], None] | None = None,
) -> Dossier:
    """Apply one workflow action: check, compare-and-set, log, notify after commit."""
    roles = roles_on(dossier, actor)
    rule = _check_allowed(dossier, action, roles)
    note = note.strip()
    if rule.needs_reason and not note:
        raise DossierError("Vui lòng nêu rõ lý do.")
    at = at or timezone.now()
    target = workflow.target_status(action, dossier.status)
    source = dossier.status
    written = {"status": target, "version": dossier.version + 1, "updated_at": at, **(fields or {})}
    with transaction.atomic():
        updated = Dossier.objects.filter(
            pk=dossier.pk, status=source, version=dossier.version
        ).update(**written)
        if updated != 1:
            raise StaleDossier()
        # The compare-and-set proved the row equals this instance plus what was just written.
        for name, value in written.items():
            setattr(dossier, name, value)
        _event(
            dossier,
            action=action,
            rule=rule,
            roles=roles,
            actor=actor,
            at=at,
            note=note,
            source=source,
            target=target,
            data=data,
        ).save()
        if also is not None:
            also(at)
        notifications.queue(dossier, action, note=note)
        fold_after_commit(dossier.pk)  # the service-quality figures follow at once
    return dossier


def _event(
    dossier: Dossier,
    *,
    action: str,
    rule: workflow.Transition,
    roles: frozenset[str],
    actor: User | None,
    at: datetime,
    target: str,
    source: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> DossierEvent:
    """The audit trail's entry for this step, not yet written (saved with the change, or
    written with a new dossier's rows by `_create`)."""
    return DossierEvent(
        dossier=dossier,
        action=action,
        from_status=source or "",
        to_status=target,
        actor=actor,
        actor_role=_acting_role(rule, roles),
        at=at,
        note=note,
        data=data or {},
    )


# --- creating a dossier ------------------------------------------------------------------


def _load_channels(procedure: Procedure) -> None:
    """Read the procedure's channel options once for the checks, the fee and the deadline."""
    prefetch_related_objects([procedure], "channels")


def _fee_for(procedure: Procedure, channel: str) -> int:
    option = procedure.channel_option(channel)
    return (option.fee_amount or 0) if option else 0


def _check_procedure(procedure: Procedure, channel: str) -> None:
    if not procedure.is_active:
        raise DossierError("Thủ tục này hiện không còn áp dụng.")
    option = procedure.channel_option(channel)
    if option is None or not option.available:
        raise DossierError(
            f"Thủ tục này không thực hiện qua kênh «{Channel(channel).label.lower()}»."
        )


def _check_papers(procedure: Procedure, papers: Iterable[Paper], *, need_files: bool) -> None:
    given = {paper.required_document_id for paper in papers if paper.file or not need_files}
    missing = [
        document.name
        for document in procedure.documents.all()
        if document.mandatory and document.pk not in given
    ]
    if missing:
        raise DossierError("Hồ sơ còn thiếu giấy tờ bắt buộc: " + "; ".join(missing) + ".")


def _add_papers(dossier: Dossier, papers: Iterable[Paper], *, in_supplement: bool = False) -> None:
    """All the papers in one INSERT (their files are stored as each row is prepared)."""
    DossierDocument.objects.bulk_create(_documents(dossier, papers, in_supplement=in_supplement))


def _documents(
    dossier: Dossier, papers: Iterable[Paper], *, in_supplement: bool = False
) -> list[DossierDocument]:
    return [
        DossierDocument(
            dossier=dossier,
            required_document_id=paper.required_document_id,
            name=paper.name,
            file=paper.file or "",
            original_name=getattr(paper.file, "name", "") or "",
            digitised=paper.digitised or bool(paper.file),
            reused_from_data_store=paper.reused_from_data_store,
            added_in_supplement=in_supplement,
        )
        for paper in papers
    ]


def _create(dossier: Dossier, papers: list[Paper], first_step: DossierEvent) -> None:
    """Write a new dossier, its papers, its first step in the audit trail and the applicant's
    messages through the ORM, in the caller's transaction; the messages leave after commit.
    The dossier goes first: a second dossier with a spent one-time key is refused there,
    before any paper is stored."""
    dossier.save(force_insert=True)
    _add_papers(dossier, papers)
    first_step.save(force_insert=True)
    notifications.queue(dossier, first_step.action)
    fold_after_commit(dossier.pk)


def _new_dossier(procedure: Procedure, channel: str, applicant: Applicant, status: str) -> Dossier:
    return Dossier(
        commune=procedure.commune,
        procedure=procedure,
        channel=channel,
        status=status,
        applicant=applicant.user,
        applicant_name=applicant.name,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_personal_id=applicant.personal_id,
        applicant_address=applicant.address,
        fee_amount=_fee_for(procedure, channel),
    )


def _receipt_fields(dossier: Dossier, *, actor: User, at: datetime) -> dict[str, Any]:
    """Code, receipt moment and appointment, fixed at receipt from the procedure's rule."""
    rule = rule_for(dossier.procedure, dossier.channel)
    return {
        "code": generate_code(commune=dossier.commune, received_at=at),
        "received_at": at,
        "received_by": actor,
        "receiving_commune": actor.commune,
        "appointment_at": calendar.appointment(at, rule) if rule else None,
    }


def submit_online(
    *,
    procedure: Procedure,
    applicant: User,
    papers: list[Paper],
    request_text: str = "",
    address: str = "",
    key: str | None = None,
    at: datetime | None = None,
) -> Dossier:
    """A citizen submits a dossier online (channel 2); it waits for the counter's receipt.
    `key` is the form's one-time key: a second dossier with it is refused by the database."""
    _load_channels(procedure)
    _check_procedure(procedure, Channel.ONLINE)
    _check_papers(procedure, papers, need_files=True)
    at = at or timezone.now()
    with transaction.atomic(savepoint=False):  # a failure rolls back the caller's writes too
        dossier = _new_dossier(
            procedure, Channel.ONLINE, Applicant.from_user(applicant), Status.SUBMITTED
        )
        dossier.applicant_address = address or dossier.applicant_address
        dossier.request_text = request_text
        dossier.submission_key = key or None
        dossier.submitted_at = at
        rule = workflow.transition(Action.SUBMIT_ONLINE)
        first_step = _event(
            dossier,
            action=Action.SUBMIT_ONLINE,
            rule=rule,
            roles=frozenset({CITIZEN}),
            actor=applicant,
            at=at,
            target=Status.SUBMITTED,
        )
        _create(dossier, papers, first_step)
    return dossier


def receive_at_counter(
    *,
    procedure: Procedure,
    actor: User,
    applicant: Applicant,
    papers: list[Paper],
    channel: str = Channel.IN_PERSON,
    fee_paid: bool = False,
    request_text: str = "",
    at: datetime | None = None,
) -> Dossier:
    """A counter officer receives a complete dossier handed in on paper (or by post)."""
    check_counter_may_receive(procedure, actor)
    _load_channels(procedure)
    _check_procedure(procedure, channel)
    _check_papers(procedure, papers, need_files=False)
    if not applicant.name.strip():
        raise DossierError("Vui lòng nhập họ tên người nộp hồ sơ.")
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _new_dossier(procedure, channel, applicant, Status.RECEIVED)
        dossier.request_text = request_text
        dossier.submitted_at = at
        dossier.fee_paid = fee_paid and dossier.fee_amount > 0
        for name, value in _receipt_fields(dossier, actor=actor, at=at).items():
            setattr(dossier, name, value)
        rule = workflow.transition(Action.RECEIVE_AT_COUNTER)
        first_step = _event(
            dossier,
            action=Action.RECEIVE_AT_COUNTER,
            rule=rule,
            roles=frozenset({Role.COUNTER_OFFICER}),
            actor=actor,
            at=at,
            target=Status.RECEIVED,
            data={"fee_paid": dossier.fee_paid},
        )
        _create(dossier, papers, first_step)
        issue_forms(dossier, Action.RECEIVE_AT_COUNTER)
    return dossier


def issue_forms(dossier: Dossier, action: str) -> None:
    """Keep the form the step issues as it reads now (documents.issue): reprints say that."""
    documents.issue(dossier, action)


def check_counter_may_receive(procedure: Procedure, actor: User) -> None:
    """Whether this counter may take this procedure's dossier by hand or by post.

    A procedure whose unit works on its own system (the police, on the Ministry of Public
    Security's) is not received by the one-stop at all: the officer is told where to send the
    citizen. Another commune's procedure is received only from a counter of the same province
    and only when the province lists it as received regardless of administrative boundaries
    (Decree 118/2025/NĐ-CP; `Procedure.boundary_free`).
    """
    if not actor.has_role(Role.COUNTER_OFFICER) or actor.commune_id is None:
        raise DossierError("Chỉ cán bộ Bộ phận Một cửa mới tiếp nhận hồ sơ.")
    commune = procedure.commune
    if has_own_system(commune=commune, unit_kind=procedure.implementing_unit_kind):
        where = procedure.handled_elsewhere or (
            f"{procedure.get_implementing_unit_kind_display()} {commune.name} giải quyết "
            "trên hệ thống riêng"
        )
        raise DossierError(
            f"Thủ tục «{procedure.name}» không tiếp nhận tại Bộ phận Một cửa. {where.rstrip('.')}. "
            "Vui lòng hướng dẫn công dân nộp hồ sơ tại đó."
        )
    if commune.pk == actor.commune_id:
        return
    if commune.province_code != actor.commune.province_code:
        raise DossierError("Chỉ tiếp nhận hồ sơ của các xã, phường trong cùng tỉnh.")
    if not procedure.boundary_free:
        raise DossierError(
            f"Thủ tục «{procedure.name}» không thuộc danh mục tiếp nhận không phụ thuộc địa giới "
            f"hành chính của tỉnh: chỉ Bộ phận Một cửa của {commune.name} tiếp nhận hồ sơ này. "
            f"Vui lòng hướng dẫn công dân nộp hồ sơ tại {commune.name}."
        )


def _not_received_at_counter(
    *,
    procedure: Procedure,
    actor: User,
    applicant: Applicant,
    papers: list[Paper],
    channel: str,
    action: str,
    note: str,
    at: datetime | None,
) -> Dossier:
    """A dossier handed in at the counter or by post that is not received: refused (form 03)
    or guided once in writing to be completed (form 02). It is written with that first step,
    so it is printable and in the audit trail like an online dossier's refusal or guidance."""
    check_counter_may_receive(procedure, actor)
    _load_channels(procedure)
    _check_procedure(procedure, channel)
    rule = workflow.transition(action)
    note = note.strip()
    if not note:
        raise DossierError(
            "Vui lòng ghi đầy đủ giấy tờ cần bổ sung, hoàn thiện."
            if action == Action.REQUEST_INTAKE_SUPPLEMENT
            else "Vui lòng nêu rõ lý do từ chối tiếp nhận."
        )
    if not applicant.name.strip():
        raise DossierError("Vui lòng nhập họ tên người nộp hồ sơ.")
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _new_dossier(procedure, channel, applicant, rule.target)
        dossier.submitted_at = at
        dossier.receiving_commune = actor.commune
        if rule.target == Status.REFUSED:
            dossier.processing_ended_at = at
        first_step = _event(
            dossier=dossier,
            action=action,
            rule=rule,
            roles=frozenset({Role.COUNTER_OFFICER}),
            actor=actor,
            at=at,
            note=note,
            source=None,
            target=rule.target,
            data={"channel": channel},
        )
        _create(dossier, papers, first_step)
        if action == Action.REQUEST_INTAKE_SUPPLEMENT:
            SupplementCycle.objects.create(
                dossier=dossier, at_intake=True, requested_at=at, requested_by=actor, items=note
            )
        issue_forms(dossier, action)
    return dossier


def refuse_at_counter(
    *,
    procedure: Procedure,
    actor: User,
    applicant: Applicant,
    reason: str,
    papers: list[Paper] | None = None,
    channel: str = Channel.IN_PERSON,
    at: datetime | None = None,
) -> Dossier:
    """Refuse at intake a dossier handed in at the counter or by post, with the reason: the
    refusal form (03) is issued."""
    return _not_received_at_counter(
        procedure=procedure,
        actor=actor,
        applicant=applicant,
        papers=papers or [],
        channel=channel,
        action=Action.REFUSE,
        note=reason,
        at=at,
    )


def guide_at_counter(
    *,
    procedure: Procedure,
    actor: User,
    applicant: Applicant,
    items: str,
    papers: list[Paper] | None = None,
    channel: str = Channel.IN_PERSON,
    at: datetime | None = None,
) -> Dossier:
    """Guide the applicant of a paper dossier, once, fully and in writing, to complete it
    before it is received: the supplement request (02) is issued and the dossier waits for
    the papers (then intake_supplemented and receive, as for an online dossier)."""
    return _not_received_at_counter(
        procedure=procedure,
        actor=actor,
        applicant=applicant,
        papers=papers or [],
        channel=channel,
        action=Action.REQUEST_INTAKE_SUPPLEMENT,
        note=items,
        at=at,
    )


# --- intake --------------------------------------------------------------------------


def receive(dossier: Dossier, *, actor: User, at: datetime | None = None) -> Dossier:
    """The counter accepts an online dossier as complete: code, appointment, clock starts."""
    at = at or timezone.now()
    _precheck(dossier, Action.RECEIVE, actor)
    with transaction.atomic():
        fields = _receipt_fields(dossier, actor=actor, at=at)
        _change(
            dossier,
            Action.RECEIVE,
            actor=actor,
            at=at,
            fields=fields,
            data={"code": fields["code"]},
        )
        issue_forms(dossier, Action.RECEIVE)
    return dossier


def request_intake_supplement(
    dossier: Dossier, *, actor: User, items: str, at: datetime | None = None
) -> Dossier:
    """Guide the applicant, once and fully in writing, to complete the dossier before receipt."""

    def open_cycle(moment: datetime) -> None:
        SupplementCycle.objects.create(
            dossier=dossier, at_intake=True, requested_at=moment, requested_by=actor, items=items
        )
        issue_forms(dossier, Action.REQUEST_INTAKE_SUPPLEMENT)

    return _change(
        dossier, Action.REQUEST_INTAKE_SUPPLEMENT, actor=actor, at=at, note=items, also=open_cycle
    )


def intake_supplemented(
    dossier: Dossier, *, actor: User, papers: list[Paper], at: datetime | None = None
) -> Dossier:
    def close_cycle(moment: datetime) -> None:
        _add_papers(dossier, papers)  # before the receipt: papers of the dossier as received
        dossier.supplement_cycles.filter(completed_at__isnull=True).update(completed_at=moment)

    return _change(dossier, Action.INTAKE_SUPPLEMENTED, actor=actor, at=at, also=close_cycle)


def refuse(dossier: Dossier, *, actor: User, reason: str, at: datetime | None = None) -> Dossier:
    """Refuse at receipt (not eligible, not this body's competence), with the reason."""
    at = at or timezone.now()
    with transaction.atomic():
        _change(
            dossier,
            Action.REFUSE,
            actor=actor,
            at=at,
            note=reason,
            fields={"processing_ended_at": at},
        )
        issue_forms(dossier, Action.REFUSE)
    return dossier


# --- processing ------------------------------------------------------------------------


def _check_assignee(dossier: Dossier, assignee: User) -> None:
    if assignee.commune_id != dossier.commune_id or not assignee.has_role(Role.SPECIALIST):
        raise DossierError("Chỉ phân công cho chuyên viên của xã, phường giải quyết hồ sơ.")


def assign(dossier: Dossier, *, actor: User, assignee: User, at: datetime | None = None) -> Dossier:
    """Hand the dossier to a specialist (a specialist may claim it for themself)."""
    _precheck(dossier, Action.ASSIGN, actor)
    _check_assignee(dossier, assignee)
    roles = roles_on(dossier, actor)
    if roles == frozenset({Role.SPECIALIST}) and assignee.pk != actor.pk:
        raise DossierError("Chuyên viên chỉ có thể nhận hồ sơ về mình; hãy dùng «chuyển bước».")
    return _change(
        dossier,
        Action.ASSIGN,
        actor=actor,
        at=at,
        fields={"assignee": assignee, "current_unit": assignee.unit, "current_step": 1},
        data={"assignee": assignee.pk, "unit": assignee.unit_id},
    )


def transfer(
    dossier: Dossier,
    *,
    actor: User,
    unit: GovernmentUnit,
    reason: str,
    assignee: User | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Pass the dossier to another step, unit or official, keeping the reason."""
    _precheck(dossier, Action.TRANSFER, actor)
    if unit.commune_id != dossier.commune_id:
        raise DossierError("Chỉ chuyển hồ sơ cho đơn vị thuộc xã, phường giải quyết hồ sơ.")
    if assignee is not None:
        _check_assignee(dossier, assignee)
        if assignee.unit_id != unit.pk:
            raise DossierError("Cán bộ nhận hồ sơ không thuộc đơn vị được chọn.")
    return _change(
        dossier,
        Action.TRANSFER,
        actor=actor,
        at=at,
        note=reason,
        fields={
            "current_unit": unit,
            "assignee": assignee,
            "current_step": dossier.current_step + 1,
        },
        data={"unit": unit.pk, "assignee": assignee.pk if assignee else None},
    )


def request_supplement(
    dossier: Dossier,
    *,
    actor: User,
    items: str,
    second_request_reason: str = "",
    at: datetime | None = None,
) -> Dossier:
    """Ask the applicant, through the counter, for missing papers; the clock pauses.

    The law allows one request; a second one needs a reason and makes the dossier late.
    """
    _precheck(dossier, Action.REQUEST_SUPPLEMENT, actor)
    if dossier.supplement_requests >= 1 and not second_request_reason.strip():
        raise DossierError(
            "Hồ sơ đã được yêu cầu bổ sung một lần. Chỉ yêu cầu lần nữa khi có lý do chính đáng "
            "(hồ sơ sẽ bị tính là quá hạn)."
        )

    def open_cycle(moment: datetime) -> None:
        SupplementCycle.objects.create(
            dossier=dossier, requested_at=moment, requested_by=actor, items=items
        )
        issue_forms(dossier, Action.REQUEST_SUPPLEMENT)

    note = (
        items
        if not second_request_reason
        else f"{items}\nLý do yêu cầu lần nữa: {second_request_reason}"
    )
    return _change(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        actor=actor,
        at=at,
        note=note,
        fields={"supplement_requests": dossier.supplement_requests + 1},
        also=open_cycle,
    )


def _dates_after_pause(
    dossier: Dossier, cycle: SupplementCycle, at: datetime
) -> tuple[timedelta, dict[str, Any]]:
    """The working time the dossier waited for the citizen since `cycle`'s request, and its
    dates moved by it: the legal clock did not run meanwhile."""
    paused = calendar.working_time_between(cycle.requested_at, at)
    fields: dict[str, Any] = {}
    if dossier.appointment_at:
        fields["appointment_at"] = calendar.shift_appointment(dossier.appointment_at, paused)
    if dossier.new_appointment_at:
        fields["new_appointment_at"] = calendar.shift_appointment(
            dossier.new_appointment_at, paused
        )
    return paused, fields


def supplement_received(
    dossier: Dossier, *, actor: User, papers: list[Paper], at: datetime | None = None
) -> Dossier:
    """The applicant's papers arrived: the clock resumes and the dates move by the pause."""
    _precheck(dossier, Action.SUPPLEMENT_RECEIVED, actor)
    at = at or timezone.now()
    cycle = open_supplement_request(dossier)
    if cycle is None:
        raise DossierError("Hồ sơ không có yêu cầu bổ sung nào đang chờ.")
    paused, fields = _dates_after_pause(dossier, cycle, at)

    def close_cycle(moment: datetime) -> None:
        _add_papers(dossier, papers, in_supplement=True)
        SupplementCycle.objects.filter(pk=cycle.pk).update(completed_at=moment)

    return _change(
        dossier,
        Action.SUPPLEMENT_RECEIVED,
        actor=actor,
        at=at,
        fields=fields,
        data={"paused_working_seconds": int(paused.total_seconds())},
        also=close_cycle,
    )


def propose_result(
    dossier: Dossier,
    *,
    actor: User,
    result_code: str = "",
    result_file: UploadedFile | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Dossier:
    """The specialist submits the draft result to the leader for approval."""
    _precheck(dossier, Action.PROPOSE_RESULT, actor)  # a refused step stores no file
    fields: dict[str, Any] = {"result_code": result_code.strip(), "result_note": note.strip()}
    if result_file is None:
        return _change(dossier, Action.PROPOSE_RESULT, actor=actor, at=at, note=note, fields=fields)
    storage = dossier.result_file.storage
    wanted = Dossier.result_file.field.generate_filename(dossier, result_file.name)
    # The storage answers with the name it really used: another dossier's result (or this
    # one's earlier draft) may already have the wanted one, and must not be pointed at.
    fields["result_file"] = storage.save(wanted, result_file)
    try:
        return _change(dossier, Action.PROPOSE_RESULT, actor=actor, at=at, note=note, fields=fields)
    except DossierError:
        remove_stored(storage, [fields["result_file"]])  # the step lost: so does its file
        raise


def return_for_rework(
    dossier: Dossier, *, actor: User, reason: str, at: datetime | None = None
) -> Dossier:
    return _change(dossier, Action.RETURN_FOR_REWORK, actor=actor, at=at, note=reason)


def approve(dossier: Dossier, *, actor: User, at: datetime | None = None) -> Dossier:
    """The leader approves and signs: processing ends, the result waits to be returned."""
    at = at or timezone.now()
    _precheck(dossier, Action.APPROVE, actor)  # a refused step signs nothing
    fields: dict[str, Any] = {"processing_ended_at": at}
    signed = _sign_result(dossier, actor)
    if signed is None:
        return _change(dossier, Action.APPROVE, actor=actor, at=at, fields=fields)
    fields["result_file"] = signed.file.name
    try:
        return _change(
            dossier,
            Action.APPROVE,
            actor=actor,
            at=at,
            fields=fields,
            data={"signed_document": str(signed.token)},
            also=lambda moment: signed.save(),
        )
    except DossierError:
        signing.discard(signed)  # the step lost: so does its signed copy
        raise


def _sign_result(dossier: Dossier, actor: User) -> IssuedDocument | None:
    """The result signed by the approving leader and sealed by the ward (signing/), when the
    ward signs electronically and the result is a file; a signing failure refuses the step."""
    try:
        return signing.sign_dossier_result(dossier, official=actor)
    except signing.SigningError as error:
        raise DossierError(error.message) from error


def request_fees(
    dossier: Dossier, *, actor: User, amount: int, at: datetime | None = None
) -> Dossier:
    _precheck(dossier, Action.REQUEST_FEES, actor)
    if amount <= 0:
        raise DossierError("Số tiền phí, lệ phí phải lớn hơn 0.")
    if not step_applies(dossier, Action.REQUEST_FEES):  # paid early: it would be paid twice
        raise DossierError(
            f"Người nộp đã nộp phí, lệ phí ({format_number(dossier.fee_amount)} đồng); "
            "không yêu cầu nộp lại."
        )
    return _change(
        dossier,
        Action.REQUEST_FEES,
        actor=actor,
        at=at,
        fields={"fee_amount": amount, "fee_paid": False},
        data={"amount": amount},
    )


def payment_refusal(dossier: Dossier) -> str | None:
    """Why the dossier's fee cannot be paid now, or None when it can: paid already, nothing to
    pay, or a status that takes no payment (withdrawn, refused, waiting for papers before its
    receipt). The portal's pay button, the payment gateway and record_payment (for the counter
    too) ask here."""
    if dossier.fee_paid:
        return "Hồ sơ này đã được ghi nhận nộp phí, lệ phí."
    if dossier.fee_amount <= 0:
        return "Hồ sơ này không phải nộp phí, lệ phí."
    if dossier.status not in workflow.transition(_payment_action(dossier)).sources:
        return "Hồ sơ ở trạng thái này không nhận nộp phí, lệ phí."
    return None


def payment_step(dossier: Dossier) -> str | None:
    """The step that paying the dossier's fee takes now, or None when it takes none."""
    return None if payment_refusal(dossier) else _payment_action(dossier)


def _payment_action(dossier: Dossier) -> str:
    """A dossier waiting for its fees resumes processing; otherwise the payment is recorded
    where the dossier stands."""
    if dossier.status == Status.AWAITING_FEES:
        return Action.RECORD_PAYMENT
    return Action.FEES_PAID_EARLY


def step_applies(dossier: Dossier, action: str) -> bool:
    """Whether a step the status allows makes sense for this dossier's fee, so the desk offers
    only those: a fee step only while the fee is to be paid, no fee request once it was paid."""
    if action in (Action.RECORD_PAYMENT, Action.FEES_PAID_EARLY):
        return payment_step(dossier) == action
    if action == Action.REQUEST_FEES:
        return not dossier.fee_paid
    return True


def record_payment(
    dossier: Dossier, *, actor: User | None, online: bool, at: datetime | None = None
) -> Dossier:
    """Fees paid: at the counter (recorded by the officer) or online (confirmed by the gateway)."""
    if refusal := payment_refusal(dossier):
        raise DossierError(refusal)
    return _change(
        dossier,
        _payment_action(dossier),
        actor=actor,
        at=at,
        fields={"fee_paid": True, "paid_online": online},
        data={"online": online, "amount": dossier.fee_amount},
    )


def apologise(
    dossier: Dossier,
    *,
    actor: User,
    reason: str,
    new_appointment_at: datetime,
    at: datetime | None = None,
) -> Dossier:
    """The apology letter with one new date: once, with the reason, at the latest one working
    day before the result is due.

    Decree 61/2018/NĐ-CP, Art. 12, cl. 3, as amended by Decree 107/2021/NĐ-CP: the body that
    will be late sends the written apology, with the reason and the new date, "chậm nhất 01
    ngày trước ngày hết hạn xử lý hồ sơ"; read here as the end of the working day before the
    day the result is due (calendar.latest_apology). The amended text was not checked against
    the Official Gazette from this repository; the rule is one function to change.
    """
    _precheck(dossier, Action.APOLOGISE, actor)
    at = at or timezone.now()
    if dossier.new_appointment_at is not None:
        raise DossierError("Hồ sơ đã có thư xin lỗi và hẹn lại; chỉ được hẹn lại một lần.")
    if dossier.appointment_at is None:
        raise DossierError("Hồ sơ chưa có ngày hẹn trả nên chưa thể xin lỗi và hẹn lại.")
    latest = calendar.latest_apology(dossier.appointment_at)
    if at > latest:
        raise DossierError(
            "Phiếu xin lỗi và hẹn lại ngày trả phải được ban hành chậm nhất 01 ngày làm việc "
            f"trước hạn trả kết quả (hạn trả: {_moment_text(dossier.appointment_at)}; "
            f"hạn ban hành phiếu xin lỗi: {_moment_text(latest)}). Đã quá thời hạn này."
        )
    if new_appointment_at <= dossier.appointment_at:
        raise DossierError("Ngày hẹn mới phải sau ngày hẹn trả ban đầu.")
    if not calendar.is_working_day(timezone.localtime(new_appointment_at).date()):
        raise DossierError("Ngày hẹn mới phải là ngày làm việc.")
    with transaction.atomic():
        _change(
            dossier,
            Action.APOLOGISE,
            actor=actor,
            at=at,
            note=reason,
            fields={"new_appointment_at": new_appointment_at},
            data={"new_appointment_at": new_appointment_at.isoformat()},
        )
        issue_forms(dossier, Action.APOLOGISE)
    return dossier


def stop(dossier: Dossier, *, actor: User, reason: str, at: datetime | None = None) -> Dossier:
    """Stop processing, with the reason. Stopped while waiting for the citizen's papers (they
    never came), the wait does not count against the commune: the dates move by it, as they
    would have had the papers arrived now."""
    at = at or timezone.now()
    fields: dict[str, Any] = {"processing_ended_at": at}
    if is_paused(dossier) and (cycle := open_supplement_request(dossier)) is not None:
        fields |= _dates_after_pause(dossier, cycle, at)[1]
    with transaction.atomic():
        _change(dossier, Action.STOP, actor=actor, at=at, note=reason, fields=fields)
        issue_forms(dossier, Action.STOP)
    return dossier


def withdraw(dossier: Dossier, *, actor: User, reason: str, at: datetime | None = None) -> Dossier:
    """The applicant withdraws the dossier (online, or at the counter through the officer)."""
    with transaction.atomic():
        _change(dossier, Action.WITHDRAW, actor=actor, at=at, note=reason)
        issue_forms(dossier, Action.WITHDRAW)
    return dossier


def return_result(
    dossier: Dossier,
    *,
    actor: User | None,
    electronic: bool,
    fee_collected_now: bool = False,
    at: datetime | None = None,
) -> Dossier:
    """Hand over the result: at the counter, by post, or online as an electronic result.

    Fees not yet paid may be collected at the return itself (fee_collected_now).
    """
    _precheck(dossier, Action.RETURN_RESULT, actor)
    if electronic and not dossier.result_file:
        raise DossierError("Chưa có tệp kết quả điện tử để trả trực tuyến.")
    if dossier.fee_amount and not (dossier.fee_paid or fee_collected_now):
        raise DossierError("Công dân chưa nộp phí, lệ phí; thu phí trước khi trả kết quả.")
    at = at or timezone.now()
    fields: dict[str, Any] = {"returned_at": at, "result_is_electronic": electronic}
    if fee_collected_now and not dossier.fee_paid:
        fields["fee_paid"] = True
    with transaction.atomic():
        _change(
            dossier,
            Action.RETURN_RESULT,
            actor=actor,
            at=at,
            fields=fields,
            data={"electronic": electronic, "fee_collected": fee_collected_now},
        )
        issue_forms(dossier, Action.RETURN_RESULT)
    return dossier


def rate(
    dossier: Dossier,
    *,
    citizen: User,
    satisfied: bool,
    comment: str = "",
    at: datetime | None = None,
) -> Rating:
    """The applicant rates a returned dossier, once (indicator 5.4); the rating is a step of
    the dossier's log, so its history shows it and a second rating is refused as stale."""
    if dossier.applicant_id != citizen.pk:
        raise DossierError("Chỉ người nộp hồ sơ mới đánh giá được.")
    if dossier.status != Status.RETURNED:
        raise DossierError("Chỉ đánh giá sau khi đã nhận kết quả.")
    _refuse_a_second_rating(dossier)
    comment = comment.strip()
    if not satisfied and not comment:
        raise DossierError("Vui lòng cho biết vì sao bạn chưa hài lòng để phường cải thiện.")
    rating = Rating(dossier=dossier, satisfied=satisfied, comment=comment)

    def record(at: datetime) -> None:
        rating.rated_at = at  # the moment of its step in the log
        rating.save()

    try:
        _change(
            dossier,
            Action.RATE,
            actor=citizen,
            at=at,
            note=rating_note(satisfied, comment),
            data={"satisfied": satisfied},
            also=record,
        )
    except StaleDossier:
        # A double click: the first click's rating is in, and this one is not "someone else".
        _refuse_a_second_rating(dossier)
        raise
    return rating


def _refuse_a_second_rating(dossier: Dossier) -> None:
    if Rating.objects.filter(dossier=dossier).exists():
        raise DossierError("Bạn đã đánh giá hồ sơ này.")


def rating_note(satisfied: bool, comment: str) -> str:
    """How a rating reads in the dossier's history."""
    verdict = "Hài lòng" if satisfied else "Chưa hài lòng"
    return f"{verdict}: {comment}" if comment else f"{verdict}."
