"""Every write to courses, enrolments and completions, each with its history row.

Certificates are checked by content (PDF, JPEG or PNG, whatever the file is called) and size,
and stored under a random name outside the web root; only the certificate view serves them.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from phuongso.accounts.models import User
from phuongso.core.errors import ServiceError
from phuongso.core.uploads import check_content, detect_kind
from phuongso.training import access
from phuongso.training.models import (
    Course,
    Enrolment,
    EnrolmentEvent,
    EnrolmentEventKind,
    EnrolmentStatus,
    RequiredFor,
)

COURSES_FILE = Path(__file__).resolve().parent / "data" / "courses.json"
MAX_CERTIFICATE_BYTES = 5 * 1024 * 1024


class TrainingError(ServiceError):
    """A refused change of courses or enrolments."""


def _event(enrolment: Enrolment, *, kind: str, actor: User | None, note: str = "") -> None:
    EnrolmentEvent.objects.create(enrolment=enrolment, kind=kind, actor=actor, note=note[:255])


# --- courses ---------------------------------------------------------------------------------


def seed_courses(*, path: Path = COURSES_FILE) -> int:
    """Create or update the courses listed in the data file. Idempotent."""
    data = json.loads(path.read_text(encoding="utf-8"))
    with transaction.atomic():
        for item in data["courses"]:
            values = {key: value for key, value in item.items() if key != "code"}
            if values.get("required_for", RequiredFor.ALL) not in RequiredFor.values:
                raise TrainingError(f"Khóa {item['code']}: 'required_for' không hợp lệ.")
            Course.objects.update_or_create(code=item["code"], defaults=values)
    return len(data["courses"])


# --- certificates ----------------------------------------------------------------------------


def certificate_kind(file: UploadedFile) -> tuple[str, str]:
    """(extension, content type) read from the file's content, or TrainingError."""
    if file.size > MAX_CERTIFICATE_BYTES:
        raise TrainingError("Tệp chứng nhận lớn hơn 5 MB.")
    kind = detect_kind(file)
    if kind is None:
        raise TrainingError(
            "Chứng nhận phải là tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp)."
        )
    try:
        check_content(file, kind[0])
    except ValidationError as exc:
        raise TrainingError(*exc.messages) from None
    return kind


def _store(enrolment: Enrolment, file: UploadedFile) -> None:
    extension, content_type = certificate_kind(file)
    if enrolment.certificate:
        enrolment.certificate.delete(save=False)
    enrolment.certificate.save(f"{uuid.uuid4().hex}.{extension}", file, save=False)
    enrolment.certificate_name = (file.name or "")[:255]
    enrolment.certificate_type = content_type


# --- enrolments --------------------------------------------------------------------------------


def _check_official(official: User) -> list[str]:
    if not official.is_active or not official.is_official or official.commune_id is None:
        return [f"{official} không phải cán bộ, công chức đang công tác của xã, phường."]
    return []


def _check_actor(actor: User | None, official: User) -> None:
    if actor is not None and not access.can_record_for(actor, official):
        raise TrainingError("Bạn chỉ ghi được việc học của chính mình.")


def enrol(
    *, official: User, course: Course, actor: User | None, enrolled_on: dt.date | None = None
) -> Enrolment:
    _check_actor(actor, official)
    errors = _check_official(official)
    if not course.is_active:
        errors.append(f"Khóa «{course.name}» không còn tổ chức.")
    if Enrolment.objects.filter(official=official, course=course).exists():
        errors.append(f"{official} đã ghi danh khóa «{course.name}».")
    if errors:
        raise TrainingError(*errors)
    with transaction.atomic():
        enrolment = Enrolment.objects.create(
            official=official, course=course, enrolled_on=enrolled_on or timezone.localdate()
        )
        _event(enrolment, kind=EnrolmentEventKind.ENROLLED, actor=actor)
    return enrolment


def _check_completion(
    official: User, completed_on: dt.date, certificate: UploadedFile | None, actor: User | None
) -> list[str]:
    errors = _check_official(official)
    if completed_on > timezone.localdate():
        errors.append("Ngày hoàn thành không được sau ngày hôm nay.")
    self_declared = actor is not None and actor.pk == official.pk
    if self_declared and certificate is None:
        errors.append("Tự khai hoàn thành thì cần tải lên chứng nhận.")
    if certificate is not None:
        try:
            certificate_kind(certificate)
        except TrainingError as error:
            errors.append(error.message)
    return errors


def record_completion(
    *,
    official: User,
    course: Course,
    completed_on: dt.date,
    certificate: UploadedFile | None = None,
    actor: User | None,
    note: str = "",
) -> Enrolment:
    """The official finished the course (enrolled now if they were not)."""
    _check_actor(actor, official)
    errors = _check_completion(official, completed_on, certificate, actor)
    if errors:
        raise TrainingError(*errors)
    with transaction.atomic():
        enrolment, created = Enrolment.objects.get_or_create(
            official=official, course=course, defaults={"enrolled_on": completed_on}
        )
        if created:
            _event(enrolment, kind=EnrolmentEventKind.ENROLLED, actor=actor)
        enrolment.status, enrolment.completed_on = EnrolmentStatus.COMPLETED, completed_on
        enrolment.enrolled_on = min(enrolment.enrolled_on, completed_on)
        if certificate is not None:
            _store(enrolment, certificate)
        enrolment.save()
        _event(enrolment, kind=EnrolmentEventKind.COMPLETED, actor=actor, note=note)
    return enrolment
