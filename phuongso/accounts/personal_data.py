"""Everything phuongso holds about one person, for their download (JSON and PDF), and their
requests to correct it (Law 91/2025/QH15: the rights to access and to correct).

What belongs to a person is what their proven identity reaches: their account; the dossiers
they see (dossiers/access.own_dossiers: a typed number proves nothing); their feedback
reports; the household registry's records of the personal number they proved; messages sent
to their proven phone or e-mail; who read their data; their correction requests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from phuongso.accounts.models import (
    CorrectionRecord,
    CorrectionRequest,
    CorrectionStatus,
    User,
)
from phuongso.core.models import Commune


def _at(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _account(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "phone": user.phone or "",
        "phone_verified_at": _at(user.phone_verified_at),
        "email": user.email or "",
        "personal_id": user.personal_id or "",
        "personal_id_verified_at": _at(user.identity_verified_at),
        "personal_id_proof": user.get_identity_proof_display(),
        "sex": user.get_sex_display(),
        "birth_date": _at(user.birth_date),
        "address": user.address,
        "date_joined": _at(user.date_joined),
        "last_login": _at(user.last_login),
    }


def _dossiers(user: User) -> list[dict[str, Any]]:
    from phuongso.dossiers.access import own_dossiers

    dossiers = (
        own_dossiers(user)
        .select_related("procedure", "commune")
        .prefetch_related("documents", "events", "payments")
        .order_by("created_at")
    )
    rows = []
    for dossier in dossiers:
        rating = getattr(dossier, "rating", None)  # none yet: the reverse accessor raises
        rows.append(
            {
                "code": dossier.code or "",
                "procedure": dossier.procedure.name,
                "commune": dossier.commune.name,
                "channel": dossier.get_channel_display(),
                "status": dossier.get_status_display(),
                "applicant": {
                    "name": dossier.applicant_name,
                    "phone": dossier.applicant_phone,
                    "email": dossier.applicant_email,
                    "personal_id": dossier.applicant_personal_id,
                    "address": dossier.applicant_address,
                },
                "request": dossier.request_text,
                "submitted_at": _at(dossier.submitted_at),
                "received_at": _at(dossier.received_at),
                "appointment_at": _at(dossier.appointment_at),
                "returned_at": _at(dossier.returned_at),
                "fee_amount": dossier.fee_amount,
                "fee_paid": dossier.fee_paid,
                "result_code": dossier.result_code,
                "papers": [
                    {"name": paper.name, "file": paper.original_name or ""}
                    for paper in dossier.documents.all()
                ],
                "history": [
                    {
                        "at": _at(event.at),
                        "action": event.get_action_display(),
                        "to": event.get_to_status_display(),
                        "note": event.note,
                    }
                    for event in dossier.events.all()
                ],
                "payments": [
                    {
                        "reference": payment.reference,
                        "amount": payment.amount,
                        "status": payment.get_status_display(),
                        "at": _at(payment.created_at),
                    }
                    for payment in dossier.payments.all()
                ],
                "rating": (
                    {"satisfied": rating.satisfied, "comment": rating.comment}
                    if rating is not None
                    else None
                ),
            }
        )
    return rows


def _feedback(user: User) -> list[dict[str, Any]]:
    from phuongso.feedback.models import Report

    reports = Report.objects.filter(reporter=user).select_related("category").order_by("pk")
    return [
        {
            "id": report.pk,
            "category": report.category.name,
            "status": report.get_status_display(),
            "description": report.description,
            "address": report.address,
            "reporter_name": report.reporter_name,
            "reporter_phone": report.reporter_phone,
            "reporter_email": report.reporter_email,
            "received_at": _at(report.received_at),
        }
        for report in reports
    ]


def _households(user: User) -> list[dict[str, Any]]:
    """The registry's records of the person's proven number (a typed one reaches nothing)."""
    from phuongso.households.models import Member
    from phuongso.households.privacy import person_data

    if not user.identity_verified:
        return []
    members = Member.objects.filter(personal_id=user.personal_id).select_related(
        "household__commune", "household__residential_group__former_unit"
    )
    return [person_data(member) for member in members]


def _messages(user: User) -> list[dict[str, Any]]:
    from phuongso.notifications.models import Notification

    targets = []
    if user.phone_verified:
        targets.append(user.phone)
    if user.email:
        targets.append(user.email)
    if not targets:
        return []
    return [
        {
            "at": _at(message.created_at),
            "medium": message.get_medium_display(),
            "to": message.recipient,
            "subject": message.subject,
            "text": message.body,
            "status": message.get_status_display(),
        }
        for message in Notification.objects.filter(recipient__in=targets).order_by("pk")
    ]


def _reads(user: User) -> list[dict[str, Any]]:
    from phuongso.households.models import AccessLog

    reads = AccessLog.objects.filter(subject=user).select_related("user")
    return [
        {
            "at": _at(log.at),
            "who": log.user.full_name or log.user.username,
            "action": log.get_action_display(),
            "purpose": log.purpose,
        }
        for log in reads
    ]


def _corrections(user: User) -> list[dict[str, Any]]:
    return [
        {
            "at": _at(item.created_at),
            "record": item.get_record_display(),
            "reference": item.reference,
            "wrong": item.wrong,
            "correct": item.correct,
            "status": item.get_status_display(),
            "answer": item.answer,
            "answered_at": _at(item.answered_at),
        }
        for item in user.correction_requests.all()
    ]


def everything_about(user: User) -> dict[str, Any]:
    from phuongso.core.privacy import PROCESSINGS

    return {
        "generated_at": timezone.now().isoformat(),
        "about": "Dữ liệu cá nhân phần mềm phuongso đang lưu về bạn (Luật 91/2025/QH15).",
        "processing": [
            {
                "name": item.name,
                "purpose": item.purpose,
                "legal_basis": item.legal_basis,
                "retention": item.retention,
            }
            for item in PROCESSINGS
        ],
        "account": _account(user),
        "dossiers": _dossiers(user),
        "feedback_reports": _feedback(user),
        "household_records": _households(user),
        "messages_sent_to_you": _messages(user),
        "who_read_your_data": _reads(user),
        "correction_requests": _corrections(user),
    }


ACCOUNT_LABELS = {
    "username": "Tên đăng nhập",
    "full_name": "Họ và tên",
    "phone": "Số điện thoại",
    "phone_verified_at": "Xác minh số điện thoại lúc",
    "email": "Thư điện tử",
    "personal_id": "Số định danh cá nhân",
    "personal_id_verified_at": "Xác minh số định danh lúc",
    "personal_id_proof": "Cách xác minh số định danh",
    "sex": "Giới tính",
    "birth_date": "Ngày sinh",
    "address": "Địa chỉ",
    "date_joined": "Mở tài khoản lúc",
    "last_login": "Đăng nhập gần nhất",
}


def render_pdf(user: User, data: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    from phuongso.dossiers.documents import FONT_DIR

    account = [(ACCOUNT_LABELS[key], value) for key, value in data["account"].items()]
    html = render_to_string(
        "accounts/personal_data_document.html",
        {"user": user, "data": data, "account": account, "font_dir": FONT_DIR.as_uri()},
    )
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()


def log_download(user: User, *, kind: str) -> None:
    """The person's own download is logged too (who, when): it is a read of their data."""
    from phuongso.households.models import AccessAction
    from phuongso.households.services import log_access

    log_access(user=user, action=AccessAction.EXPORT_OWN_DATA, subject=user, detail=kind)


# --- correction requests ---------------------------------------------------------------------


def handling_commune(user: User) -> Commune | None:
    """The commune that answers: the person's own, else the one of their latest dossier,
    else the deployment's first configured commune."""
    if user.commune_id:
        return user.commune
    from phuongso.dossiers.access import own_dossiers

    latest = own_dossiers(user).order_by("-created_at").values_list("commune_id", flat=True)
    commune_id = latest.first()
    if commune_id:
        return Commune.objects.get(pk=commune_id)
    return Commune.objects.filter(is_configured=True).order_by("code").first()


def request_correction(
    *, user: User, record: str, reference: str, wrong: str, correct: str
) -> CorrectionRequest:
    if record not in CorrectionRecord.values:
        raise ValueError("Loại dữ liệu không hợp lệ.")
    commune = handling_commune(user)
    if commune is None:
        raise ValueError("Chưa có xã, phường nào được cấu hình để nhận đề nghị.")
    return CorrectionRequest.objects.create(
        user=user,
        commune=commune,
        record=record,
        reference=reference.strip()[:60],
        wrong=wrong.strip(),
        correct=correct.strip(),
    )


def answer_correction(
    *, correction: CorrectionRequest, actor: User, status: str, answer: str
) -> bool:
    """Record the ward's answer once (compare-and-set on the open status)."""
    if status not in (CorrectionStatus.CORRECTED, CorrectionStatus.REFUSED):
        raise ValueError("Trạng thái trả lời không hợp lệ.")
    with transaction.atomic():
        changed = CorrectionRequest.objects.filter(
            pk=correction.pk, status=CorrectionStatus.OPEN
        ).update(status=status, answer=answer, answered_by=actor, answered_at=timezone.now())
    return bool(changed)


def open_requests_for(user: User) -> Any:
    from phuongso.core.access import communes_for

    return CorrectionRequest.objects.filter(
        Q(commune__in=communes_for(user)), status=CorrectionStatus.OPEN
    )
