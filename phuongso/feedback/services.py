"""Every write to a report goes through this module; `_change` alone changes its status.

Each change is a compare-and-set on (status, version), writes a ReportEvent in the same
transaction and queues the reply to the citizen in the same transaction, sent after commit. A refused step raises
FeedbackError with a message for the person who tried, and changes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from phuongso.accounts.models import Role, User
from phuongso.core.errors import ServiceError
from phuongso.core.models import Commune, GovernmentUnit, ResidentialGroup
from phuongso.core.text import clean_text, name_problem
from phuongso.dossiers.models import Dossier
from phuongso.feedback import deadlines, notifications, workflow
from phuongso.feedback.areas import OutsideArea, check_point
from phuongso.feedback.models import (
    ApiKey,
    Category,
    Channel,
    Follower,
    Rating,
    RatingLevel,
    Report,
    ReportEvent,
    ReportPhoto,
)
from phuongso.feedback.photos import check_photos
from phuongso.feedback.workflow import ANYONE, LEADER, REPORTER, SPECIALIST, SYSTEM, Action, Status
from phuongso.quality.rollups import fold_after_commit

MAX_DESCRIPTION = 4000
TEXT_REQUIRED = {
    Action.REFUSE: "Vui lòng nêu rõ lý do không tiếp nhận.",
    Action.TRANSFER: "Vui lòng nêu lý do chuyển đơn vị.",
    Action.REQUEST_INFO: "Vui lòng ghi rõ thông tin cần bổ sung.",
    Action.PROVIDE_INFO: "Vui lòng nhập thông tin bổ sung.",
    Action.REPLY: "Vui lòng nhập nội dung trả lời.",
    Action.RESOLVE: "Vui lòng nhập kết quả giải quyết để trả lời người phản ánh.",
    Action.REOPEN: "Vui lòng cho biết vì sao cần mở lại (vấn đề vẫn còn hoặc tái diễn).",
}


class FeedbackError(ServiceError):
    """A refused step of a report."""


class StaleReport(FeedbackError):
    def __init__(self) -> None:
        super().__init__(
            "Phản ánh vừa được người khác cập nhật nên thao tác của bạn chưa được thực hiện. "
            "Vui lòng tải lại trang để xem trạng thái mới nhất."
        )


@dataclass(frozen=True)
class Reporter:
    """Who reports: a signed-in citizen, or someone anonymous with an optional contact."""

    name: str = ""
    phone: str = ""
    email: str = ""
    user: User | None = None

    @classmethod
    def from_user(cls, user: User) -> Reporter:
        return cls(name=user.full_name, phone=user.phone or "", email=user.email or "", user=user)


# --- who is acting ---------------------------------------------------------------------


def roles_on(report: Report, actor: User | None) -> frozenset[str]:
    """The workflow roles `actor` holds on this report.

    The reporter acts as REPORTER on their own report; any signed-in person may follow.
    Specialists act on reports routed to their unit, leaders on any report of their commune.
    """
    if actor is None:
        return frozenset({SYSTEM})
    roles = {ANYONE} if actor.is_authenticated else set()
    if report.reporter_id is not None and report.reporter_id == actor.pk:
        roles.add(REPORTER)
    if actor.commune_id is not None and actor.commune_id == report.commune_id:
        if actor.has_role(Role.LEADER):
            roles.add(LEADER)
        if actor.has_role(Role.SPECIALIST) and actor.unit_id == report.current_unit_id:
            roles.add(SPECIALIST)
    return frozenset(roles)


def _acting_role(rule: workflow.Transition, roles: frozenset[str]) -> str:
    return next(role for role in sorted(rule.roles) if role in roles)


def _check_allowed(report: Report, action: str, roles: frozenset[str]) -> workflow.Transition:
    rule = workflow.transition(action)
    if report.status not in rule.sources:
        raise FeedbackError(
            f"Không thể «{rule.action.label.lower()}» khi phản ánh đang ở trạng thái "
            f"«{Status(report.status).label}»."
        )
    if not rule.roles & roles:
        raise FeedbackError(
            f"Bạn không có quyền «{rule.action.label.lower()}» đối với phản ánh này."
        )
    return rule


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


# --- the one place that changes a report ---------------------------------------------------


def _change(
    report: Report,
    action: str,
    *,
    actor: User | None,
    at: datetime,
    note: str = "",
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    also: Callable[[], None] | None = None,
) -> Report:
    """Apply one workflow action: check, compare-and-set, log, reply after commit."""
    roles = roles_on(report, actor)
    rule = _check_allowed(report, action, roles)
    note = note.strip()
    if rule.needs_text and not note:
        raise FeedbackError(TEXT_REQUIRED.get(action, "Vui lòng nhập nội dung."))
    target = workflow.target_status(action, report.status)
    with transaction.atomic():
        updated = Report.objects.filter(
            pk=report.pk, status=report.status, version=report.version
        ).update(status=target, version=F("version") + 1, updated_at=at, **(fields or {}))
        if updated != 1:
            raise StaleReport()
        role = _acting_role(rule, roles)
        event = _log(
            report,
            rule=rule,
            role=role,
            actor=actor,
            at=at,
            states=(report.status, target),
            note=note,
            data=data,
        )
        if also is not None:
            also()
        _notify(event)
    report.refresh_from_db()
    return report


def _log(
    report: Report,
    *,
    rule: workflow.Transition,
    role: str,
    actor: User | None,
    at: datetime,
    states: tuple[str, str],
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ReportEvent:
    due = report.due_at.isoformat() if report.due_at else None
    return ReportEvent.objects.create(
        report=report,
        action=rule.action,
        from_status=states[0],
        to_status=states[1],
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_role=role,
        at=at,
        note=note,
        is_public=rule.public,
        # The deadline in force when the step happened: the input of the on-time figures.
        data={"due_at": due, **(data or {})},
    )


def _notify(event: ReportEvent) -> None:
    """Queue the reply with the change (same transaction); it leaves after commit."""
    if notifications.enabled():
        notifications.report_changed(event)


# --- a new report --------------------------------------------------------------------------


def _check_where(
    commune: Commune,
    residential_group: ResidentialGroup | None,
    address: str,
    latitude: float | None,
    longitude: float | None,
) -> None:
    if residential_group is not None and residential_group.commune_id != commune.pk:
        raise FeedbackError(f"Tổ dân phố đã chọn không thuộc {commune.name}.")
    if len(address) > 255:
        raise FeedbackError("Địa chỉ dài quá 255 ký tự.")
    if residential_group is None and not address and latitude is None:
        raise FeedbackError(
            "Vui lòng cho biết nơi xảy ra sự việc: tổ dân phố, địa chỉ hoặc vị trí trên bản đồ."
        )
    try:
        check_point(commune, latitude, longitude)
    except OutsideArea as exc:
        raise FeedbackError(exc.message) from None


def _check_new(commune: Commune, category: Category | None, description: str) -> None:
    if category is None:
        raise FeedbackError("Vui lòng chọn lĩnh vực phản ánh.")
    if category.commune_id != commune.pk or not category.is_active:
        raise FeedbackError(f"Lĩnh vực «{category.name}» không nhận phản ánh của {commune.name}.")
    if not description:
        raise FeedbackError("Vui lòng mô tả vấn đề bạn phản ánh.")
    if len(description) > MAX_DESCRIPTION:
        raise FeedbackError("Nội dung phản ánh dài quá 4.000 ký tự.")


def _check_lengths(**values: str) -> None:
    """Each text within its column (Open311 clients send whatever they like)."""
    for field_name, value in values.items():
        field = Report._meta.get_field(field_name)
        if field.max_length and len(value) > field.max_length:
            raise FeedbackError(
                f"«{field.verbose_name.capitalize()}» dài quá {field.max_length} ký tự."
            )


def _checked_photos(photos: Sequence[UploadedFile]) -> list[UploadedFile]:
    try:
        return check_photos(photos)
    except ValidationError as exc:
        raise FeedbackError(" ".join(exc.messages)) from None


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


def named_dossier(commune: Commune, code: str) -> Dossier | None:
    """The dossier of this commune a report names by its code ("" names none)."""
    code = code.strip()
    if not code:
        return None
    dossier = (
        Dossier.objects.filter(code__iexact=code)
        .filter(Q(commune=commune) | Q(receiving_commune=commune))
        .first()
    )
    if dossier is None:
        raise FeedbackError(
            f"Không tìm thấy hồ sơ có mã «{code}» của {commune.name}. Vui lòng kiểm tra mã "
            "hồ sơ trên giấy tiếp nhận hồ sơ và hẹn trả kết quả, hoặc để trống."
        )
    return dossier


def submit_report(
    *,
    commune: Commune,
    category: Category | None,
    description: str,
    reporter: Reporter,
    residential_group: ResidentialGroup | None = None,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    photos: Sequence[UploadedFile] = (),
    may_publish: bool = True,
    channel: str = Channel.WEB,
    media_url: str = "",
    api_key: ApiKey | None = None,
    at: datetime | None = None,
    is_demo: bool = False,
    dossier_code: str = "",
) -> Report:
    """Record a new report, route it to its category's unit and start the decision clock.

    A report may name the code of a dossier (hồ sơ thủ tục) it complains about: it then counts
    in service-quality indicator 5.4 (index-766-formulas.md 5.4)."""
    description, address = clean_text(description).strip(), clean_text(address).strip()
    reporter_name = clean_text(reporter.name).strip()
    _check_new(commune, category, description)
    _check_lengths(
        address=address,
        media_url=media_url,
        reporter_name=reporter_name,
        reporter_phone=reporter.phone,
        reporter_email=reporter.email,
    )
    if reporter.user is None and (problem := name_problem(reporter_name)):
        raise FeedbackError(problem)
    dossier = named_dossier(commune, dossier_code)
    _check_where(commune, residential_group, address, latitude, longitude)
    photos = _checked_photos(photos)
    at = _now(at)
    with transaction.atomic():
        report = Report.objects.create(
            commune=commune,
            category=category,
            status=Status.NEW,
            channel=channel,
            description=description,
            residential_group=residential_group,
            address=address,
            latitude=_coordinate(latitude),
            longitude=_coordinate(longitude),
            media_url=media_url,
            reporter=reporter.user,
            reporter_name=reporter_name,
            reporter_phone=reporter.phone,
            reporter_email=reporter.email,
            may_publish=may_publish,
            api_key=api_key,
            token=secrets.token_urlsafe(18),
            current_unit=category.responsible_unit,
            received_at=at,
            due_at=deadlines.decision_due(at),
            is_demo=is_demo,
            updated_at=at,
            dossier=dossier,
        )
        if dossier is not None:
            fold_after_commit(dossier.pk)  # the dossier's figures (5.4) follow at once
        for photo in photos:
            ReportPhoto.objects.create(
                report=report, file=photo, original_name=photo.name, uploaded_at=at
            )
        rule = workflow.transition(Action.SUBMIT)
        event = _log(
            report, rule=rule, role=REPORTER, actor=reporter.user, at=at, states=("", Status.NEW)
        )
        _notify(event)
    return report


# --- the ward's steps -------------------------------------------------------------------------


def accept(report: Report, *, actor: User, note: str = "", at: datetime | None = None) -> Report:
    """Accept the report: the unit will handle it; the resolve deadline starts from receipt."""
    at = _now(at)
    fields = {"accepted_at": at, "due_at": deadlines.resolve_due(report.received_at)}
    return _change(report, Action.ACCEPT, actor=actor, at=at, note=note, fields=fields)


def refuse(report: Report, *, actor: User, reason: str, at: datetime | None = None) -> Report:
    at = _now(at)
    fields = {"closed_at": at, "due_at": None, "info_requested_at": None}
    return _change(report, Action.REFUSE, actor=actor, at=at, note=reason, fields=fields)


def transfer(
    report: Report, *, actor: User, unit: GovernmentUnit, reason: str, at: datetime | None = None
) -> Report:
    """Send the report to the unit that must act; the reason stays in the history."""
    if unit.commune_id != report.commune_id:
        raise FeedbackError("Chỉ chuyển được cho đơn vị cùng xã, phường.")
    if unit.pk == report.current_unit_id:
        raise FeedbackError("Phản ánh đang ở chính đơn vị này.")
    data = {
        "from_unit": report.current_unit_id,
        "from_unit_name": report.current_unit.name,
        "to_unit": unit.pk,
        "to_unit_name": unit.name,
    }
    return _change(
        report,
        Action.TRANSFER,
        actor=actor,
        at=_now(at),
        note=reason,
        fields={"current_unit": unit},
        data=data,
    )


def request_info(
    report: Report, *, actor: User, question: str, at: datetime | None = None
) -> Report:
    """Ask the reporter for more information; the resolve deadline waits for the answer."""
    at = _now(at)
    return _change(
        report,
        Action.REQUEST_INFO,
        actor=actor,
        at=at,
        note=question,
        fields={"info_requested_at": at},
    )


def provide_info(report: Report, *, actor: User, info: str, at: datetime | None = None) -> Report:
    """The reporter's answer (or the official noting it); the deadline moves by the wait."""
    at = _now(at)
    paused_from = report.info_requested_at or at
    due = (
        deadlines.resumed_due(report.due_at, paused_from, at)
        if report.due_at
        else deadlines.resolve_due(at)
    )
    fields = {"due_at": due, "info_requested_at": None}
    return _change(report, Action.PROVIDE_INFO, actor=actor, at=at, note=info, fields=fields)


def start(report: Report, *, actor: User, note: str = "", at: datetime | None = None) -> Report:
    return _change(report, Action.START, actor=actor, at=_now(at), note=note)


def reply(report: Report, *, actor: User, message: str, at: datetime | None = None) -> Report:
    """A public answer or progress note to the reporter, without changing the state."""
    return _change(report, Action.REPLY, actor=actor, at=_now(at), note=message)


def resolve(report: Report, *, actor: User, answer: str, at: datetime | None = None) -> Report:
    """Answer with the result; a publishable report's answer is published at once."""
    at = _now(at)
    published = report.published_at or (at if report.may_publish else None)
    fields = {"resolved_at": at, "due_at": None, "published_at": published}
    return _change(report, Action.RESOLVE, actor=actor, at=at, note=answer, fields=fields)


def close(
    report: Report, *, actor: User | None, note: str = "", at: datetime | None = None
) -> Report:
    at = _now(at)
    fields = {"closed_at": at, "due_at": None}
    return _change(report, Action.CLOSE, actor=actor, at=at, note=note, fields=fields)


def merge(report: Report, *, actor: User, into: Report, at: datetime | None = None) -> Report:
    """Close a duplicate with a link to the kept report; its reporter follows the kept one."""
    if into.pk == report.pk:
        raise FeedbackError("Không thể gộp một phản ánh vào chính nó.")
    if into.commune_id != report.commune_id:
        raise FeedbackError("Chỉ gộp được với phản ánh của cùng xã, phường.")
    if into.status in workflow.FINAL or into.duplicate_of_id:
        raise FeedbackError(
            f"Phản ánh số {into.pk} đã đóng hoặc đã bị gộp; hãy gộp vào phản ánh còn mở."
        )
    at = _now(at)
    note = f"Phản ánh trùng với phản ánh số {into.pk}; việc giải quyết được theo dõi tại đó."
    return _change(
        report,
        Action.MERGE,
        actor=actor,
        at=at,
        note=note,
        fields={"duplicate_of": into, "closed_at": at, "due_at": None, "info_requested_at": None},
        data={"into": into.pk},
        also=lambda: _move_followers(report, into, at),
    )


def _move_followers(duplicate: Report, kept: Report, at: datetime) -> None:
    """The duplicate's reporter and followers follow the kept report from now on."""
    people = [
        Follower(
            user=duplicate.reporter,
            name=duplicate.reporter_name,
            phone=duplicate.reporter_phone,
            email=duplicate.reporter_email,
        )
    ] + list(duplicate.followers.all())
    for person in people:
        if not (person.user_id or person.phone or person.email):
            continue
        if person.user_id and (
            person.user_id == kept.reporter_id or kept.followers.filter(user=person.user).exists()
        ):
            continue
        Follower.objects.create(
            report=kept,
            user=person.user,
            name=person.name,
            phone=person.phone,
            email=person.email,
            merged_from=duplicate,
            created_at=at,
        )


# --- the reporter's steps ---------------------------------------------------------------------


def reopen(report: Report, *, actor: User, reason: str, at: datetime | None = None) -> Report:
    """The problem is back: reopen within the allowed time; a new resolve deadline starts."""
    at = _now(at)
    _check_allowed(report, Action.REOPEN, roles_on(report, actor))
    if not deadlines.may_reopen(report, now=at):
        raise FeedbackError(
            f"Đã quá {settings.FEEDBACK_REOPEN_DAYS} ngày kể từ khi phản ánh được giải quyết nên "
            "không thể mở lại. Vui lòng gửi phản ánh mới nếu vấn đề vẫn còn."
        )
    fields = {
        "resolved_at": None,
        "due_at": deadlines.resolve_due(at),
        "reopen_count": F("reopen_count") + 1,
    }
    return _change(report, Action.REOPEN, actor=actor, at=at, note=reason, fields=fields)


def rate(
    report: Report, *, actor: User, level: str, comment: str = "", at: datetime | None = None
) -> Report:
    """The reporter rates the answer, once."""
    if level not in RatingLevel.values:
        raise FeedbackError("Vui lòng chọn mức độ hài lòng.")
    _check_allowed(report, Action.RATE, roles_on(report, actor))
    if Rating.objects.filter(report=report).exists():
        raise FeedbackError("Bạn đã đánh giá phản ánh này.")
    at = _now(at)

    def save_rating() -> None:
        try:
            with transaction.atomic():
                Rating.objects.create(
                    report=report, level=level, comment=comment.strip(), rated_at=at
                )
        except IntegrityError:
            raise FeedbackError("Bạn đã đánh giá phản ánh này.") from None

    label = RatingLevel(level).label
    return _change(
        report,
        Action.RATE,
        actor=actor,
        at=at,
        note=label,
        data={"level": level},
        also=save_rating,
    )


def follow(report: Report, *, actor: User, at: datetime | None = None) -> Follower:
    """Follow a public report instead of sending a duplicate. The report's state is untouched,
    so officials working on it are not interrupted."""
    roles = roles_on(report, actor)
    rule = _check_allowed(report, Action.FOLLOW, roles)
    if REPORTER in roles:
        raise FeedbackError("Đây là phản ánh của bạn; bạn đã được thông báo mọi bước xử lý.")
    at = _now(at)
    try:
        with transaction.atomic():
            follower = Follower.objects.create(
                report=report,
                user=actor,
                name=actor.full_name,
                phone=actor.phone or "",
                email=actor.email or "",
                created_at=at,
            )
            _log(
                report,
                rule=rule,
                role=ANYONE,
                actor=actor,
                at=at,
                states=(report.status, report.status),
            )
    except IntegrityError:
        raise FeedbackError("Bạn đã theo dõi phản ánh này.") from None
    return follower
