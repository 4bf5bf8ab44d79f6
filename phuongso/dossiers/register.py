"""The register of dossiers (form 06 of Circular 01/2018, Sổ theo dõi hồ sơ) as Excel.

One row per dossier, in the order of the queryset given; dates are real Excel dates in the
ward's time zone (Excel has no time zones), shown dd/mm/yyyy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from phuongso.dossiers.models import Dossier
from phuongso.dossiers.workflow import Action, Status

DATE_FORMAT = "dd/mm/yyyy"
SHEET_TITLE = "Sổ theo dõi hồ sơ"
# Dossiers that ended without a result: the register's notes say how.
ENDED_WITHOUT_RESULT = (Status.REFUSED, Status.STOPPED, Status.WITHDRAWN)


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    value: Callable[[Dossier], Any] | None  # None: the row's number in the register
    is_date: bool = False


def _local(moment: datetime | None) -> datetime | None:
    """A naive local datetime, as Excel stores it."""
    if moment is None:
        return None
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)


def _applicant(dossier: Dossier) -> str:
    parts = [dossier.applicant_name, dossier.applicant_address]
    return "\n".join(part for part in parts if part)


def _unit(dossier: Dossier) -> str:
    return dossier.current_unit.name if dossier.current_unit else ""


def _result_at(dossier: Dossier) -> datetime | None:
    if dossier.status in (Status.RESULT_READY, Status.RETURNED):
        return _local(dossier.processing_ended_at)
    return None


def _notes(dossier: Dossier) -> str:
    notes = []
    if dossier.status in ENDED_WITHOUT_RESULT:
        notes.append(Status(dossier.status).label)
    if dossier.new_appointment_at:
        local = _local(dossier.new_appointment_at)
        notes.append(f"Hẹn lại ngày {local:%d/%m/%Y}")
    if dossier.result_is_electronic:
        notes.append("Trả kết quả điện tử")
    return "; ".join(notes)


COLUMNS = (
    Column("Số thứ tự", 8, None),
    Column("Mã hồ sơ", 28, lambda d: d.code or ""),
    Column("Tên thủ tục hành chính", 40, lambda d: d.procedure.name),
    Column("Số lượng hồ sơ (bộ)", 10, lambda d: d.sets),
    Column("Tên cá nhân, tổ chức và địa chỉ", 32, _applicant),
    Column("Cơ quan chủ trì giải quyết", 28, _unit),
    Column("Ngày nhận hồ sơ", 13, lambda d: _local(d.received_at), is_date=True),
    Column("Ngày hẹn trả kết quả", 13, lambda d: _local(d.appointment_at), is_date=True),
    Column(
        "Ngày chuyển hồ sơ đến cơ quan giải quyết",
        16,
        lambda d: _local(d.transferred_at),
        is_date=True,
    ),
    Column("Ngày có kết quả giải quyết", 13, _result_at, is_date=True),
    Column("Ngày trả kết quả", 13, lambda d: _local(d.returned_at), is_date=True),
    Column("Ghi chú", 28, _notes),
)


def register_workbook(dossiers: QuerySet[Dossier]) -> bytes:
    """The register of `dossiers` as an .xlsx file."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    _write_header(sheet)
    rows = dossiers.select_related("procedure", "current_unit").annotate(
        transferred_at=Min("events__at", filter=Q(events__action=Action.ASSIGN))
    )
    for number, dossier in enumerate(rows, start=1):
        _write_row(sheet, number + 1, number, dossier)
    _set_up_page(sheet)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write_header(sheet: Worksheet) -> None:
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        cell.alignment = centred
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def _write_row(sheet: Worksheet, row: int, number: int, dossier: Dossier) -> None:
    wrapped = Alignment(vertical="top", wrap_text=True)
    for index, column in enumerate(COLUMNS, start=1):
        value = number if column.value is None else column.value(dossier)
        cell = sheet.cell(row=row, column=index, value=None if value == "" else value)
        cell.alignment = wrapped
        if column.is_date:
            cell.number_format = DATE_FORMAT


def _set_up_page(sheet: Worksheet) -> None:
    """Print on A4 landscape, one page wide, the header repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = "SỔ THEO DÕI HỒ SƠ"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"
