"""Tell the applicant what happened to their dossier: e-mail through Django's mail framework.

Called after commit by dossiers/services.py. A failed send is logged and never undoes the
dossier change. (The notification module of the portal issue adds SMS and retries.)
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from phuongso.dossiers.models import Dossier
from phuongso.dossiers.workflow import Action

logger = logging.getLogger(__name__)

SUBJECTS: dict[str, str] = {
    Action.SUBMIT_ONLINE: "Đã nhận hồ sơ trực tuyến của bạn, đang chờ tiếp nhận",
    Action.RECEIVE: "Hồ sơ {code} đã được tiếp nhận",
    Action.RECEIVE_AT_COUNTER: "Hồ sơ {code} đã được tiếp nhận",
    Action.REQUEST_INTAKE_SUPPLEMENT: "Hồ sơ của bạn cần bổ sung trước khi tiếp nhận",
    Action.REQUEST_SUPPLEMENT: "Hồ sơ {code} cần bổ sung giấy tờ",
    Action.REFUSE: "Hồ sơ của bạn không được tiếp nhận",
    Action.APOLOGISE: "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}",
    Action.APPROVE: "Hồ sơ {code} đã có kết quả",
    Action.REQUEST_FEES: "Hồ sơ {code}: đề nghị nộp phí, lệ phí",
    Action.STOP: "Hồ sơ {code} đã dừng xử lý",
    Action.RETURN_RESULT: "Hồ sơ {code} đã được trả kết quả",
}


def _body(dossier: Dossier, action: str) -> str:
    lines = [
        f"Kính gửi {dossier.applicant_name},",
        "",
        f"Thủ tục: {dossier.procedure.name}",
        f"Mã hồ sơ: {dossier.code or '(chưa cấp, chờ tiếp nhận)'}",
        f"Trạng thái: {dossier.get_status_display()}",
    ]
    if dossier.due_at:
        lines.append(f"Hẹn trả kết quả: {timezone.localtime(dossier.due_at):%H:%M ngày %d/%m/%Y}")
    last = dossier.events.order_by("-at", "-pk").first()
    if last and last.note:
        lines += ["", "Nội dung:", last.note]
    lines += ["", f"Tra cứu hồ sơ tại {settings.SITE_URL}", "", f"UBND {dossier.commune.name}"]
    return "\n".join(lines)


def dossier_changed(dossier_id: int, action: str) -> None:
    subject = SUBJECTS.get(action)
    dossier = Dossier.objects.select_related("procedure", "commune").get(pk=dossier_id)
    if subject is None or not dossier.applicant_email:
        return
    try:
        send_mail(
            subject.format(code=dossier.code or ""),
            _body(dossier, action),
            settings.DEFAULT_FROM_EMAIL,
            [dossier.applicant_email],
        )
    except Exception:  # a mail server down must never undo the dossier change
        logger.exception("Không gửi được thư cho hồ sơ %s (%s)", dossier_id, action)
