"""The catalogue as an Excel workbook, so the ward's administrator can maintain it.

Export writes one sheet per table (procedures, channels and fees, documents, steps) with
Vietnamese headers, plus a guide sheet. Import reads the same sheets by header name, reports
every bad cell as "Trang '…', dòng N, cột '…': reason" and writes nothing unless all is well.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from phuongso.core.models import Commune
from phuongso.core.text import fold
from phuongso.procedures.columns import (
    CHANNELS,
    CHILD_SHEETS,
    DOCUMENTS,
    PROCEDURES,
    SHEETS,
    STEPS,
    Sheet,
)
from phuongso.procedures.models import Procedure
from phuongso.procedures.services import (
    ImportResult,
    Locate,
    ProcedureRow,
    apply_catalogue,
    parse_row,
)

GUIDE_TITLE = "Hướng dẫn"
MAX_ROWS = 5000
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEF1F6")
_TOP = Alignment(vertical="top", wrap_text=True)


# --- Export ----------------------------------------------------------------------------------


def export_catalogue(commune: Commune) -> bytes:
    """The commune's whole catalogue (active or not) as an .xlsx file."""
    procedures = (
        Procedure.objects.filter(commune=commune)
        .select_related("field")
        .prefetch_related("channels", "documents", "steps")
        .order_by("national_code")
    )
    rows: dict[str, list[dict[str, Any]]] = {sheet.title: [] for sheet in SHEETS}
    for procedure in procedures:
        rows[PROCEDURES.title].append(_procedure_values(procedure))
        for child in procedure.channels.all():
            rows[CHANNELS.title].append(_child_values(procedure, child, CHANNELS))
        for child in procedure.documents.all():
            rows[DOCUMENTS.title].append(_child_values(procedure, child, DOCUMENTS))
        for child in procedure.steps.all():
            rows[STEPS.title].append(_child_values(procedure, child, STEPS))
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        _write_sheet(workbook.create_sheet(sheet.title), sheet, rows[sheet.title])
    _write_guide(workbook.create_sheet(GUIDE_TITLE), commune)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _procedure_values(procedure: Procedure) -> dict[str, Any]:
    values = {column.key: getattr(procedure, column.key, None) for column in PROCEDURES.columns}
    values["field"] = procedure.field.name
    return values


def _child_values(procedure: Procedure, child: Any, sheet: Sheet) -> dict[str, Any]:
    values = {column.key: getattr(child, column.key, None) for column in sheet.columns}
    values["national_code"] = procedure.national_code
    return values


def _write_sheet(worksheet: Worksheet, sheet: Sheet, rows: list[dict[str, Any]]) -> None:
    worksheet.append([column.header for column in sheet.columns])
    for cell in worksheet[1]:
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _TOP
    for values in rows:
        worksheet.append([column.show(values[column.key]) for column in sheet.columns])
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = column.width
        for cell in worksheet[letter][1:]:
            cell.alignment = _TOP
            _keep_as_text(cell)
    worksheet.freeze_panes = "B2"


def _keep_as_text(cell: Any) -> None:
    """Codes stay text ("1.001193" is not a number); text starting with '=' is no formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        cell.number_format = "@"


def _write_guide(worksheet: Worksheet, commune: Commune) -> None:
    worksheet.append([f"Danh mục thủ tục hành chính – {commune.name}"])
    worksheet["A1"].font = Font(bold=True, size=13)
    for line in _GUIDE_LINES:
        worksheet.append([line])
    worksheet.append([])
    worksheet.append(["Cột", "Giá trị được chấp nhận"])
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.allowed:
                worksheet.append([f"{sheet.title} › {column.header}", column.allowed])
    worksheet.column_dimensions["A"].width = 48
    worksheet.column_dimensions["B"].width = 90


_GUIDE_LINES = [
    "Mỗi trang là một bảng; giữ nguyên dòng tiêu đề (dòng 1), thứ tự cột có thể thay đổi.",
    "Trang 'Thủ tục': mỗi dòng một thủ tục, nhận diện bằng 'Mã thủ tục' (mã quốc gia hoặc mã "
    "nội bộ). Thủ tục không còn trong tệp sẽ chuyển sang ngừng áp dụng, không bị xóa.",
    "Các trang 'Kênh, phí', 'Giấy tờ', 'Các bước': mỗi dòng gắn với một thủ tục qua "
    "'Mã thủ tục'. Danh sách trong tệp thay thế danh sách hiện có của thủ tục đó.",
    "Phí để trống khi mức thu theo Nghị quyết HĐND tỉnh chưa nhập; ghi 0 nếu miễn phí.",
    "Thời hạn để trống khi không tính bằng số ngày làm việc cố định; ghi nguyên văn ở cột "
    "'Thời hạn (nguyên văn)'.",
    "Tổng 'Tỷ lệ thời gian (%)' các bước của một thủ tục phải bằng 100.",
    "Nếu có bất kỳ lỗi nào, hệ thống không ghi gì và liệt kê từng lỗi theo trang, dòng, cột.",
]


# --- Import ----------------------------------------------------------------------------------


def import_catalogue_workbook(commune: Commune, file: IO[bytes] | Path | str) -> ImportResult:
    """Replace the commune's catalogue with the workbook's, or report every error and write none.

    Procedures missing from the workbook are deactivated, never deleted.
    """
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        return ImportResult(errors=["Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."])
    try:
        procedures, errors = rows_from_workbook(workbook)
    finally:
        workbook.close()
    return apply_catalogue(
        commune=commune, procedures=procedures, errors=errors, deactivate_missing=True
    )


def rows_from_workbook(workbook: Workbook) -> tuple[list[ProcedureRow], list[str]]:
    errors: list[str] = []
    tables: dict[str, list[tuple[dict[str, Any], Locate]]] = {}
    procedures_readable = True
    for sheet in SHEETS:
        tables[sheet.title], sheet_errors = _read_sheet(workbook, sheet)
        errors += sheet_errors
        # Children can be matched to procedures only when the procedures sheet could be read.
        if sheet is PROCEDURES and sheet_errors:
            procedures_readable = False
    procedures: dict[str, ProcedureRow] = {}
    listed_codes = {raw.get("national_code") for raw, _ in tables[PROCEDURES.title]}
    for raw, locate in tables[PROCEDURES.title]:
        row, row_errors = parse_row(PROCEDURES, raw, locate)
        errors += row_errors
        if row and row.values["national_code"] not in procedures:
            procedures[row.values["national_code"]] = ProcedureRow(row)
        elif row:
            errors.append(
                f"{locate('national_code')}: mã thủ tục '{raw['national_code']}' bị trùng"
            )
    for key, sheet in CHILD_SHEETS.items():
        for raw, locate in tables[sheet.title]:
            child, child_errors = parse_row(sheet, raw, locate)
            errors += child_errors
            if child is None:
                continue
            owner = procedures.get(child.values["national_code"])
            if owner is not None:
                getattr(owner, key).append(child)
            elif procedures_readable and raw.get("national_code") not in listed_codes:
                errors.append(
                    f"{locate('national_code')}: không có thủ tục mã "
                    f"'{child.values['national_code']}' trong trang '{PROCEDURES.title}'"
                )
    return list(procedures.values()), errors


def _read_sheet(
    workbook: Workbook, sheet: Sheet
) -> tuple[list[tuple[dict[str, Any], Locate]], list[str]]:
    """The sheet's non-empty rows as {column key: raw value}, each with its locator."""
    worksheet = _find_sheet(workbook, sheet.title)
    if worksheet is None:
        return [], [f"Thiếu trang '{sheet.title}'"]
    lines = worksheet.iter_rows(values_only=True)
    header = next(lines, ())
    positions = {fold(str(title)): index for index, title in enumerate(header) if title}
    missing = [column.header for column in sheet.columns if fold(column.header) not in positions]
    if missing:
        return [], [f"Trang '{sheet.title}', dòng 1: thiếu cột '{title}'" for title in missing]
    rows = []
    for number, line in enumerate(lines, start=2):
        if number > MAX_ROWS + 1:
            return [], [f"Trang '{sheet.title}': quá {MAX_ROWS} dòng"]
        if all(value is None or str(value).strip() == "" for value in line):
            continue
        raw = {}
        for column in sheet.columns:
            index = positions[fold(column.header)]
            raw[column.key] = line[index] if index < len(line) else None
        rows.append((raw, _cell_locator(sheet, number)))
    return rows, []


def _find_sheet(workbook: Workbook, title: str) -> Worksheet | None:
    for name in workbook.sheetnames:
        if fold(name) == fold(title):
            return workbook[name]
    return None


def _cell_locator(sheet: Sheet, number: int) -> Locate:
    def locate(key: str) -> str:
        return f"Trang '{sheet.title}', dòng {number}, cột '{sheet.column(key).header}'"

    return locate
