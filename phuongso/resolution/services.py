"""Every write of resolution monitoring goes through this module.

Each write checks who is acting and what is asked, refuses with a Vietnamese message
(ResolutionError) and changes nothing when something is wrong, and otherwise writes its
ChangeRecord rows (who, when, field, old, new) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from phuongso.accounts.models import User
from phuongso.core.errors import ServiceError
from phuongso.core.models import GovernmentUnit
from phuongso.core.text import format_number
from phuongso.resolution import access, evidence, sources
from phuongso.resolution.formatting import period_label, plain
from phuongso.resolution.models import (
    ActualValue,
    ChangeRecord,
    EvidenceFile,
    Indicator,
    Plan,
    PlannedValue,
    ProgressReport,
    Task,
    TaskStatus,
    ValueKind,
)

MAX_VALUE = Decimal("999999999999.9999")


class ResolutionError(ServiceError):
    """A refused change of the resolution's records."""


class NotAllowed(ResolutionError):
    """Refused because of who is acting, not of what was asked (HTTP 403 in the API)."""


class StaleTask(ResolutionError):
    def __init__(self) -> None:
        super().__init__(
            "Nhiệm vụ vừa được người khác cập nhật nên thay đổi của bạn chưa được lưu. "
            "Vui lòng tải lại trang và thử lại."
        )


# --- history -------------------------------------------------------------------------------


def shown(value: object) -> str:
    """A value as the history shows it: 410,6; 26/11/2026; names of units."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(plain(value))
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def _log(
    *,
    commune_id: int,
    subject: str,
    changes: Iterable[tuple[str, object, object]],
    actor: User | None,
    at: datetime,
    indicator: Indicator | None = None,
    task: Task | None = None,
) -> None:
    ChangeRecord.objects.bulk_create(
        ChangeRecord(
            commune_id=commune_id,
            indicator=indicator,
            task=task,
            subject=subject,
            field=field,
            old_value=shown(old),
            new_value=shown(new),
            actor=actor,
            at=at,
        )  # fmt: skip
        for field, old, new in changes
        if shown(old) != shown(new)
    )


# --- evidence ----------------------------------------------------------------------------------


def _checked_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, evidence.Kind]]:
    checked = []
    for upload in files:
        try:
            checked.append((upload, evidence.check(upload)))
        except evidence.EvidenceRefused as refused:
            raise ResolutionError(refused.message) from None
    return checked


def _store_files(
    checked: list[tuple[UploadedFile, evidence.Kind]],
    *,
    actor: User | None,
    at: datetime,
    actual: ActualValue | None = None,
    report: ProgressReport | None = None,
) -> list[EvidenceFile]:
    stored = []
    for upload, kind in checked:
        original = (upload.name or "minh-chung")[:255]
        upload.name = evidence.stored_name(kind)
        stored.append(
            EvidenceFile.objects.create(
                actual=actual,
                report=report,
                file=upload,
                original_name=original,
                content_type=kind.content_type,
                size=upload.size or 0,
                uploaded_by=actor,
                uploaded_at=at,
            )  # fmt: skip
        )
    return stored


# --- figures -----------------------------------------------------------------------------------


def check_value(indicator: Indicator, value: Decimal | int | float | str | None) -> Decimal:
    """A figure the indicator can hold, or ResolutionError."""
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if value is not None else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ResolutionError("Vui lòng nhập giá trị là một số (ví dụ 410,6).")
    if number < 0:
        raise ResolutionError(f"Giá trị của chỉ tiêu «{indicator.name}» không được là số âm.")
    if indicator.kind == ValueKind.PERCENT and number > 100:
        raise ResolutionError("Tỷ lệ phần trăm không được vượt quá 100%.")
    if number > MAX_VALUE:
        raise ResolutionError("Giá trị quá lớn, vui lòng kiểm tra lại đơn vị tính.")
    return number.quantize(Decimal("0.0001"))


def _check_period(indicator: Indicator, year: int, quarter: int, today: date) -> None:
    resolution = indicator.resolution
    if not resolution.term_start <= year <= resolution.term_end:
        raise ResolutionError(
            f"Năm {year} nằm ngoài nhiệm kỳ {resolution.term} của nghị quyết: "
            f"chỉ nhập số liệu từ năm {resolution.term_start} đến năm {resolution.term_end}."
        )
    if quarter not in (0, 1, 2, 3, 4):
        raise ResolutionError("Quý phải là 1, 2, 3 hoặc 4 (để trống nếu là số liệu cả năm).")
    if date(year, 3 * quarter - 2 if quarter else 1, 1) > today:
        period = period_label(year, quarter)
        raise ResolutionError(f"{period} chưa bắt đầu: chỉ nhập số liệu của kỳ đã bắt đầu.")


def check_can_enter(indicator: Indicator, actor: User | None) -> None:
    if indicator.is_computed:
        source = sources.get_source(indicator.source_function)
        label = source.label if source else indicator.source_function
        raise ResolutionError(f"Chỉ tiêu này được tính tự động từ «{label}», không nhập tay.")
    if actor is not None and not access.can_enter_actual(actor, indicator):
        unit = indicator.responsible_unit
        raise NotAllowed(
            "Bạn không có quyền nhập số liệu cho chỉ tiêu này"
            + (f" (do {unit.name} theo dõi)." if unit else ".")
        )


def record_actual(
    *,
    indicator: Indicator,
    year: int,
    value: Decimal | int | float | str | None,
    source: str,
    actor: User | None,
    quarter: int = 0,
    files: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> ActualValue:
    """Enter (or correct) the figure of a year or a quarter, with its source document.

    `actor` None is the system (the demo seed). A correction clears the verification.
    """
    check_can_enter(indicator, actor)
    at = at or timezone.now()
    _check_period(indicator, year, quarter, timezone.localdate(at))
    number = check_value(indicator, value)
    source = (source or "").strip()
    if not source:
        raise ResolutionError(
            "Vui lòng ghi nguồn số liệu (số, ngày văn bản, báo cáo hoặc cơ quan cung cấp)."
        )
    checked = _checked_files(files)
    with transaction.atomic():
        actual = (
            ActualValue.objects.select_for_update()
            .filter(indicator=indicator, year=year, quarter=quarter)
            .first()
        )
        old_value, old_source = (actual.value, actual.source) if actual else (None, "")
        if actual is not None and (old_value, old_source, checked) == (number, source, []):
            return actual  # the same figure again: nothing changes, the verification stays
        if actual is None:
            actual = ActualValue.objects.create(
                indicator=indicator, year=year, quarter=quarter, value=number, source=source,
                entered_by=actor, entered_at=at,
            )  # fmt: skip
        else:
            was_verified = actual.verified_by
            ActualValue.objects.filter(pk=actual.pk).update(
                value=number, source=source, entered_by=actor, entered_at=at,
                verified_by=None, verified_at=None,
            )  # fmt: skip
            if was_verified and (old_value != number or old_source != source):
                _log_actual(actual, [("người xác nhận", was_verified, None)], actor, at)
        _log_actual(actual, [("giá trị", old_value, number), ("nguồn", old_source, source)],
                    actor, at)  # fmt: skip
        stored = _store_files(checked, actor=actor, at=at, actual=actual)
        _log_actual(actual, [("tệp minh chứng", "", f.original_name) for f in stored], actor, at)
    actual.refresh_from_db()
    return actual


def _log_actual(
    actual: ActualValue, changes: list[tuple[str, object, object]], actor: User | None,
    at: datetime,
) -> None:  # fmt: skip
    indicator = actual.indicator
    _log(commune_id=indicator.resolution.commune_id, indicator=indicator,
         subject=f"Số liệu {actual.period_label.lower()}", changes=changes, actor=actor, at=at)  # fmt: skip


def verify_actual(*, actual: ActualValue, actor: User, at: datetime | None = None) -> ActualValue:
    """A leader confirms a figure; whoever entered it cannot confirm it."""
    if not access.can_verify_actual(actor, actual):
        raise NotAllowed("Chỉ lãnh đạo của xã, phường mới xác nhận số liệu.")
    if actual.entered_by_id is not None and actual.entered_by_id == actor.pk:
        raise ResolutionError("Người nhập số liệu không tự xác nhận số liệu của mình.")
    if actual.verified_by_id is not None:
        raise ResolutionError("Số liệu này đã được xác nhận.")
    at = at or timezone.now()
    with transaction.atomic():
        updated = ActualValue.objects.filter(
            pk=actual.pk, verified_by__isnull=True, value=actual.value
        ).update(verified_by=actor, verified_at=at)
        if updated != 1:
            raise ResolutionError("Số liệu vừa được thay đổi; vui lòng tải lại trang.")
        _log_actual(actual, [("người xác nhận", None, actor)], actor, at)
    actual.refresh_from_db()
    return actual


def set_planned_value(
    *,
    indicator: Indicator,
    year: int,
    value: Decimal | int | float | str | None,
    actor: User | None,
    at: datetime | None = None,
) -> None:
    """Set the plan of one year by hand; `value` None goes back to the derived path."""
    if actor is not None and not access.can_edit_path(actor, indicator):
        raise NotAllowed("Chỉ lãnh đạo, quản trị của xã, phường mới điều chỉnh lộ trình.")
    resolution = indicator.resolution
    if not resolution.term_start <= year <= max(resolution.term_end, indicator.target_year):
        raise ResolutionError(f"Năm {year} nằm ngoài nhiệm kỳ {resolution.term} của nghị quyết.")
    number = None if value in (None, "") else check_value(indicator, value)
    at = at or timezone.now()
    with transaction.atomic():
        current = (
            PlannedValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
        )
        old = current.value if current else None
        if number is None:
            PlannedValue.objects.filter(indicator=indicator, year=year).delete()
        else:
            PlannedValue.objects.update_or_create(
                indicator=indicator, year=year,
                defaults={"value": number, "set_by": actor, "set_at": at},
            )  # fmt: skip
        _log(commune_id=resolution.commune_id, indicator=indicator,
             subject=f"Lộ trình năm {year}", changes=[("kế hoạch (điều chỉnh)", old, number)],
             actor=actor, at=at)  # fmt: skip


# --- tasks -----------------------------------------------------------------------------------


def refusal_for_other_unit(task: Task) -> str:
    return (
        f"Nhiệm vụ này do {task.lead_unit.name} chủ trì: chỉ cán bộ của đơn vị chủ trì "
        "hoặc lãnh đạo phường được cập nhật."
    )


def _check_units(
    commune_id: int, lead_unit: GovernmentUnit, coordinating: Iterable[GovernmentUnit]
) -> None:
    if lead_unit is None or lead_unit.commune_id != commune_id:
        raise ResolutionError("Vui lòng chọn đơn vị chủ trì thuộc xã, phường.")
    if any(unit.commune_id != commune_id for unit in coordinating):
        raise ResolutionError("Đơn vị phối hợp phải thuộc cùng xã, phường.")


def _check_dates(start_date: date | None, deadline: date | None) -> None:
    if start_date is None or deadline is None:
        raise ResolutionError("Vui lòng nhập ngày bắt đầu và hạn hoàn thành.")
    if deadline < start_date:
        raise ResolutionError("Hạn hoàn thành không được trước ngày bắt đầu.")


def _check_indicators(plan: Plan, indicators: Iterable[Indicator]) -> None:
    resolution_id = plan.programme.resolution_id
    if any(indicator.resolution_id != resolution_id for indicator in indicators):
        raise ResolutionError("Chỉ tiêu được phục vụ phải thuộc cùng nghị quyết.")


def _names(items: Iterable[object]) -> str:
    return "; ".join(sorted(str(item) for item in items))


def create_task(
    *,
    plan: Plan,
    actor: User | None,
    name: str,
    lead_unit: GovernmentUnit,
    start_date: date,
    deadline: date,
    description: str = "",
    coordinating_units: Sequence[GovernmentUnit] = (),
    indicators: Sequence[Indicator] = (),
    at: datetime | None = None,
) -> Task:
    """Assign a task of a plan to a lead unit (ward leaders and administrators)."""
    if actor is not None and not access.can_create_task(actor, plan):
        raise NotAllowed("Chỉ lãnh đạo phường hoặc quản trị mới giao nhiệm vụ.")
    name = name.strip()
    if not name:
        raise ResolutionError("Vui lòng nhập tên nhiệm vụ.")
    commune_id = plan.programme.resolution.commune_id
    _check_units(commune_id, lead_unit, coordinating_units)
    _check_dates(start_date, deadline)
    _check_indicators(plan, indicators)
    at = at or timezone.now()
    with transaction.atomic():
        order = plan.tasks.count() + 1
        task = Task.objects.create(
            plan=plan, order=order, name=name, description=description.strip(),
            lead_unit=lead_unit, start_date=start_date, deadline=deadline,
        )  # fmt: skip
        task.coordinating_units.set(coordinating_units)
        task.indicators.set(indicators)
        _log(commune_id=commune_id, task=task, subject="Nhiệm vụ", actor=actor, at=at, changes=[
            ("giao nhiệm vụ", "", name), ("đơn vị chủ trì", "", lead_unit),
            ("ngày bắt đầu", None, start_date), ("hạn hoàn thành", None, deadline),
            ("đơn vị phối hợp", "", _names(coordinating_units)),
            ("phục vụ chỉ tiêu", "", _names(indicators)),
        ])  # fmt: skip
    return task


def _status_fields(task: Task, status: str, today: date) -> dict[str, object]:
    if status not in TaskStatus.values:
        raise ResolutionError("Trạng thái nhiệm vụ không hợp lệ.")
    fields: dict[str, object] = {"status": status}
    if status == TaskStatus.DONE:
        fields.update(progress=100, completed_on=task.completed_on or today)
    elif task.status == TaskStatus.DONE:
        fields["completed_on"] = None
    return fields


def _save_task(
    task: Task, fields: dict[str, object], *, actor: User | None, at: datetime,
    subject: str = "Nhiệm vụ",
) -> None:  # fmt: skip
    """Compare-and-set on the version, then one history row per changed field."""
    updated = Task.objects.filter(pk=task.pk, version=task.version).update(
        version=F("version") + 1, **fields
    )
    if updated != 1:
        raise StaleTask()
    labels = {"name": "tên nhiệm vụ", "description": "nội dung", "lead_unit": "đơn vị chủ trì",
              "start_date": "ngày bắt đầu", "deadline": "hạn hoàn thành", "status": "trạng thái",
              "progress": "tiến độ (%)", "completed_on": "ngày hoàn thành"}  # fmt: skip
    changes = []
    for name, new in fields.items():
        old = getattr(task, name)
        if name == "status":
            old, new = TaskStatus(old).label, TaskStatus(new).label
        changes.append((labels[name], old, new))
    _log(commune_id=access.task_commune_id(task), task=task, subject=subject, changes=changes,
         actor=actor, at=at)  # fmt: skip


def update_task(
    *,
    task: Task,
    actor: User | None,
    name: str | None = None,
    description: str | None = None,
    lead_unit: GovernmentUnit | None = None,
    start_date: date | None = None,
    deadline: date | None = None,
    status: str | None = None,
    coordinating_units: Sequence[GovernmentUnit] | None = None,
    indicators: Sequence[Indicator] | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> Task:
    """Change a task's facts; arguments left None stay as they are. `version` is the version
    the person saw: if the task changed since, nothing is saved (StaleTask)."""
    if actor is not None and not access.can_update_task(actor, task):
        raise NotAllowed(refusal_for_other_unit(task))
    if version is not None and version != task.version:
        raise StaleTask()
    commune_id = access.task_commune_id(task)
    if lead_unit is not None and lead_unit.pk != task.lead_unit_id:
        if actor is not None and not access.is_ward_leader(actor):
            raise NotAllowed("Chỉ lãnh đạo phường mới giao lại đơn vị chủ trì.")
    if name is not None and not name.strip():
        raise ResolutionError("Vui lòng nhập tên nhiệm vụ.")
    _check_units(commune_id, lead_unit or task.lead_unit, coordinating_units or ())
    _check_dates(start_date or task.start_date, deadline or task.deadline)
    _check_indicators(task.plan, indicators or ())
    at = at or timezone.now()
    fields: dict[str, object] = {}
    for field, value in (("name", name and name.strip()), ("description", description),
                         ("lead_unit", lead_unit), ("start_date", start_date),
                         ("deadline", deadline)):  # fmt: skip
        if value is not None and value != getattr(task, field):
            fields[field] = value
    if status is not None and status != task.status:
        fields.update(_status_fields(task, status, timezone.localdate(at)))
    with transaction.atomic():
        if fields:
            _save_task(task, fields, actor=actor, at=at)
        _set_relations(task, coordinating_units, indicators, actor=actor, at=at)
    task.refresh_from_db()
    return task


def _set_relations(
    task: Task,
    coordinating_units: Sequence[GovernmentUnit] | None,
    indicators: Sequence[Indicator] | None,
    *,
    actor: User | None,
    at: datetime,
) -> None:
    changes = []
    if coordinating_units is not None:
        old = _names(task.coordinating_units.all())
        task.coordinating_units.set(coordinating_units)
        changes.append(("đơn vị phối hợp", old, _names(coordinating_units)))
    if indicators is not None:
        old = _names(task.indicators.all())
        task.indicators.set(indicators)
        changes.append(("phục vụ chỉ tiêu", old, _names(indicators)))
    _log(commune_id=access.task_commune_id(task), task=task, subject="Nhiệm vụ",
         changes=changes, actor=actor, at=at)  # fmt: skip


def report_progress(
    *,
    task: Task,
    actor: User | None,
    percent: int | str | None,
    text: str,
    reported_on: date | None = None,
    files: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> ProgressReport:
    """The lead unit reports how far a task has come; the task's progress and status follow."""
    if actor is not None and not access.can_update_task(actor, task):
        raise NotAllowed(refusal_for_other_unit(task))
    try:
        percent = int(str(percent).strip())
    except ValueError:
        raise ResolutionError("Vui lòng nhập tiến độ là số phần trăm từ 0 đến 100.") from None
    if not 0 <= percent <= 100:
        raise ResolutionError("Tiến độ phải từ 0 đến 100%.")
    text = (text or "").strip()
    if not text:
        raise ResolutionError("Vui lòng ghi nội dung đã thực hiện.")
    at = at or timezone.now()
    reported_on = reported_on or timezone.localdate(at)
    if reported_on > timezone.localdate(at):
        raise ResolutionError("Ngày báo cáo không được sau ngày hôm nay.")
    checked = _checked_files(files)
    with transaction.atomic():
        report = ProgressReport.objects.create(
            task=task, reported_on=reported_on, percent=percent, text=text,
            reported_by=actor, created_at=at,
        )  # fmt: skip
        stored = _store_files(checked, actor=actor, at=at, report=report)
        fields = _progress_fields(task, percent, reported_on)
        subject = f"Báo cáo tiến độ ngày {reported_on:%d/%m/%Y}"
        _save_task(task, fields, actor=actor, at=at, subject=subject)
        _log(commune_id=access.task_commune_id(task), task=task, subject=subject, actor=actor,
             at=at, changes=[("nội dung báo cáo", "", text)]
             + [("tệp minh chứng", "", f.original_name) for f in stored])  # fmt: skip
    task.refresh_from_db()
    return report


def _progress_fields(task: Task, percent: int, reported_on: date) -> dict[str, object]:
    fields: dict[str, object] = {"progress": percent}
    if percent == 100:
        fields.update(status=TaskStatus.DONE, completed_on=reported_on)
    elif task.status == TaskStatus.DONE or (task.status == TaskStatus.NOT_STARTED and percent):
        fields.update(status=TaskStatus.IN_PROGRESS, completed_on=None)
    return fields
