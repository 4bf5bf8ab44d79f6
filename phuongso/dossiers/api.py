"""Dossier API: the appointment preview the counter uses before receiving a dossier."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from phuongso.core import calendar
from phuongso.core.communes import commune_for
from phuongso.dossiers.deadlines import rule_for
from phuongso.procedures.models import Channel
from phuongso.procedures.queries import get_procedure

router = Router(tags=["Hồ sơ một cửa"])

RECEIVED_AT_HINT = "ví dụ 2026-02-13T10:00:00+07:00"


class AppointmentOut(Schema):
    national_code: str
    channel: str
    received_at: datetime
    effective_received_at: datetime
    appointment_date: str
    appointment_at: datetime
    working_days: int
    same_day: bool
    rule: str


def parse_received_at(value: str | None) -> datetime:
    if not value:
        raise HttpError(
            422, f"Thiếu tham số received_at (thời điểm tiếp nhận, {RECEIVED_AT_HINT})."
        )
    try:
        moment = datetime.fromisoformat(value.strip().replace(" ", "+"))
    except ValueError:
        raise HttpError(
            422, f"received_at không đúng định dạng ISO 8601 ({RECEIVED_AT_HINT})."
        ) from None
    if moment.tzinfo is None:
        raise HttpError(422, f"received_at phải ghi rõ múi giờ ({RECEIVED_AT_HINT}).")
    # A year away from both ends, so that the appointment itself stays inside the calendar.
    if not calendar.MIN_YEAR < moment.year < calendar.MAX_YEAR:
        raise HttpError(
            422,
            f"received_at phải trong các năm {calendar.MIN_YEAR + 1}–{calendar.MAX_YEAR - 1}: "
            "lịch ngày làm việc chỉ tính trong khoảng đó.",
        )
    return moment


@router.get("/procedures/{national_code}/appointment", response=AppointmentOut, auth=None)
def appointment_preview(
    request: HttpRequest,
    national_code: str,
    received_at: str | None = None,
    channel: str = Channel.IN_PERSON,
    commune: int | None = None,
) -> dict:
    """When the result is due if the dossier is received at `received_at` through `channel`."""
    moment = parse_received_at(received_at)
    if channel not in Channel.values:
        raise HttpError(422, "channel phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính).")
    procedure = get_procedure(
        commune=commune_for(request.user, commune), national_code=national_code
    )
    rule = rule_for(procedure, channel)
    if rule is None:
        raise HttpError(
            422, "Thủ tục này không có thời hạn cố định tính bằng ngày làm việc để hẹn trả."
        )
    due = calendar.appointment(moment, rule)
    return {
        "national_code": procedure.national_code,
        "channel": channel,
        "received_at": moment,
        "effective_received_at": calendar.effective_receipt(moment),
        "appointment_date": due.date().isoformat(),
        "appointment_at": due,
        "working_days": rule.working_days,
        "same_day": rule.same_day,
        "rule": str(rule),
    }
