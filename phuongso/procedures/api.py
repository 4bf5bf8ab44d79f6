"""Public API of the catalogue: list and search procedures, read one with channels and fees."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from phuongso.core.communes import commune_for
from phuongso.procedures import queries
from phuongso.procedures.models import ChannelOption, Procedure, RequiredDocument

router = Router(tags=["Thủ tục hành chính"])


class FieldOut(Schema):
    code: str
    name: str


class ProcedureOut(Schema):
    national_code: str
    code_is_local: bool
    name: str
    field: FieldOut
    commune_code: int
    implementing_unit_kind: str
    online_level: str
    online_level_label: str
    deadline_working_days: int | None
    deadline_same_day: bool
    deadline_text: str
    handled_elsewhere: str


class DeadlineRuleOut(Schema):
    working_days: int
    same_day: bool


class ChannelOut(Schema):
    channel: str
    label: str
    available: bool
    deadline_working_days: int | None
    deadline_same_day: bool
    deadline_text: str
    fee_amount: int | None
    fee_text: str


class DocumentOut(Schema):
    order: int
    name: str
    copy_kind: str
    copy_kind_label: str
    count: int
    mandatory: bool
    submission: str
    note: str


class StepOut(Schema):
    order: int
    name: str
    unit_kind: str
    role: str
    share_percent: int


class ProcedureDetailOut(ProcedureOut):
    legal_basis: str
    result_kind: str
    note: str
    source: str
    confidence: str
    deadline_rule: DeadlineRuleOut | None
    channels: list[ChannelOut]
    documents: list[DocumentOut]
    steps: list[StepOut]


@router.get("/procedures", response=list[ProcedureOut], auth=None)
def list_procedures(
    request: HttpRequest, q: str = "", commune: int | None = None, field: str = ""
) -> list[dict]:
    """Active procedures of a commune (default: the portal's); `q` ignores diacritics and case."""
    chosen = commune_for(request.user, commune)  # the pages' rule, for this parameter
    found = queries.search_procedures(commune=chosen, query=q[:200], field_code=field)
    return [_summary(procedure) for procedure in found]


@router.get("/procedures/{national_code}", response=ProcedureDetailOut, auth=None)
def get_procedure(request: HttpRequest, national_code: str, commune: int | None = None) -> dict:
    """One procedure with its deadline rule, channels and fees, documents and steps."""
    chosen = commune_for(request.user, commune)
    procedure = queries.get_procedure(commune=chosen, national_code=national_code)
    return {
        **_summary(procedure),
        "legal_basis": procedure.legal_basis,
        "result_kind": procedure.result_kind,
        "note": procedure.note,
        "source": procedure.source,
        "confidence": procedure.confidence,
        "deadline_rule": _deadline_rule(procedure),
        "channels": [_channel(option) for option in procedure.channels.all()],
        "documents": [_document(document) for document in procedure.documents.all()],
        "steps": list(procedure.steps.all()),
    }


def _summary(procedure: Procedure) -> dict:
    return {
        "national_code": procedure.national_code,
        "code_is_local": procedure.code_is_local,
        "name": procedure.name,
        "field": {"code": procedure.field.code, "name": procedure.field.name},
        "commune_code": procedure.commune.code,
        "implementing_unit_kind": procedure.implementing_unit_kind,
        "online_level": procedure.online_level,
        "online_level_label": procedure.get_online_level_display(),
        "deadline_working_days": procedure.deadline_working_days,
        "deadline_same_day": procedure.deadline_same_day,
        "deadline_text": procedure.deadline_display,
        "handled_elsewhere": procedure.handled_elsewhere,
    }


def _deadline_rule(procedure: Procedure) -> dict | None:
    """The same rule as Procedure.deadline_rule, without needing the calendar module."""
    if procedure.deadline_working_days is None and not procedure.deadline_same_day:
        return None
    return {
        "working_days": procedure.deadline_working_days or 0,
        "same_day": procedure.deadline_same_day,
    }


def _channel(option: ChannelOption) -> dict:
    return {
        "channel": option.channel,
        "label": option.get_channel_display(),
        "available": option.available,
        "deadline_working_days": option.working_days,
        "deadline_same_day": option.same_day,
        "deadline_text": option.deadline_display,
        "fee_amount": option.fee_amount,
        "fee_text": option.fee_text,
    }


def _document(document: RequiredDocument) -> dict:
    return {
        "order": document.order,
        "name": document.name,
        "copy_kind": document.copy_kind,
        "copy_kind_label": document.get_copy_kind_display(),
        "count": document.count,
        "mandatory": document.mandatory,
        "submission": document.submission,
        "note": document.note,
    }
