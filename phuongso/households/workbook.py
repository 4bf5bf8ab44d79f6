"""Survey answers as an Excel workbook: the sheet surveyors fill in, its import, the list export.

The survey sheet has one row per household: its code, head and group (for the reader), the
income per person per month, then one column per indicator of the year's standard ("Có" when
deprived). Import reads columns by header (ignoring case and diacritics), reports each bad
cell as "Dòng N, cột '…': reason" and saves nothing unless every row is good.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from phuongso.accounts.models import User
from phuongso.core.text import fold
from phuongso.households import answer_services, queries, services
from phuongso.households.models import Household, ReviewEntry, ReviewYear
from phuongso.households.standard import Category, Standard, standards

SHEET_TITLE = "Phiếu rà soát"
LIST_TITLE = "Danh sách"
CODE = "Mã hộ"
HEAD = "Chủ hộ"
GROUP = "Tổ dân phố"
INCOME = "Thu nhập bình quân (đồng/người/tháng)"
CATEGORY = "Phân loại"
MAX_ROWS = 30000
YES, NO = "Có", "Không"
_YES = {"co", "x", "1", "true", "yes"}
_NO = {"khong", "0", "false", "no", ""}
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEF1F6")
_WRAP = Alignment(vertical="top", wrap_text=True)


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    saved: int = 0
    categories: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"Không nhập được: {len(self.errors)} lỗi, chưa có phiếu nào được lưu."
        counts = ", ".join(
            f"{Category(key).label.lower()} {value}" for key, value in self.categories.items()
        )
        return f"Đã nhập {self.saved} phiếu ({counts})."


# --- writing ---------------------------------------------------------------------------------


def _header(worksheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    worksheet.append(titles)
    for cell in worksheet[1]:
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.freeze_panes = "B2"


def _as_text(worksheet: Worksheet, column: int) -> None:
    """Codes stay text ("0012" is not a number; "=…" is no formula)."""
    for row in worksheet.iter_rows(min_row=2, min_col=column, max_col=column):
        row[0].data_type, row[0].number_format = "s", "@"


def _save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def survey_sheet(review_year: ReviewYear, households: Iterable[Household]) -> bytes:
    """The sheet to fill in for these households, with any answers already entered."""
    standard = review_year.standard
    entries = {entry.household_id: entry for entry in review_year.entries.exclude(surveyed_at=None)}
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = SHEET_TITLE
    titles = [CODE, HEAD, GROUP, INCOME] + [item.label for item in standard.indicators]
    _header(worksheet, titles, [14, 26, 22, 20] + [16] * len(standard.indicators))
    for household in households:
        entry = entries.get(household.pk)
        income = entry.monthly_income_per_person if entry else None
        marks = [_mark(entry, key) for key in standard.keys]
        worksheet.append(
            [household.code, household.head_name, household.residential_group.name, income] + marks
        )
    _as_text(worksheet, 1)
    _guide(workbook.create_sheet("Hướng dẫn"), review_year)
    return _save(workbook)


def _mark(entry: ReviewEntry | None, key: str) -> str | None:
    if entry is None:
        return None
    return YES if key in entry.deprivations else NO


def _guide(worksheet: Worksheet, review_year: ReviewYear) -> None:
    standard = review_year.standard
    worksheet.append([f"Phiếu rà soát hộ nghèo, hộ cận nghèo năm {review_year.year}"])
    worksheet["A1"].font = Font(bold=True, size=13)
    worksheet.append([f"Chuẩn áp dụng: {standard.name} ({standard.legal_basis})."])
    worksheet.append(
        [
            f"Cột '{INCOME}': số nguyên, đồng/người/tháng, không âm (ví dụ 1500000).",
        ]
    )
    worksheet.append(
        [
            f"Cột chỉ số: ghi '{YES}' (hoặc x) nếu hộ thiếu hụt, '{NO}' hoặc để trống nếu không.",
        ]
    )
    worksheet.append(["Nếu có bất kỳ lỗi nào, hệ thống không lưu phiếu nào và liệt kê từng lỗi."])
    worksheet.append([])
    worksheet.append(["Chỉ số", "Hộ thiếu hụt khi"])
    for indicator in standard.indicators:
        worksheet.append([indicator.label, indicator.deprived_if])
    worksheet.column_dimensions["A"].width = 40
    worksheet.column_dimensions["B"].width = 100


def review_list(review_year: ReviewYear) -> bytes:
    """The whole review list (sensitive): every household, its answers and category."""
    standard = review_year.standard
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = LIST_TITLE
    titles = [
        CODE,
        HEAD,
        GROUP,
        "Đơn vị cũ",
        "Khu vực",
        INCOME,
        "Số chỉ số thiếu hụt",
        "Các chỉ số thiếu hụt",
        CATEGORY,
    ]
    _header(worksheet, titles, [14, 26, 22, 14, 11, 18, 10, 60, 22])
    entries = review_year.entries.select_related(
        "household", "residential_group__former_unit"
    ).order_by("residential_group__former_unit__code", "residential_group__name", "household__code")
    for entry in entries.iterator(chunk_size=2000):
        worksheet.append(
            [
                entry.household.code,
                entry.household.head_name,
                entry.residential_group.name,
                entry.residential_group.former_unit.name,
                entry.get_area_display(),
                entry.monthly_income_per_person,
                entry.deprivation_count,
                "; ".join(standard.label(key) for key in entry.deprivations),
                queries.category_label(entry.category),
            ]
        )
    _as_text(worksheet, 1)
    return _save(workbook)


# --- reading ---------------------------------------------------------------------------------


def _whole_number(value: Any) -> int:
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("không được để trống; ghi số nguyên đồng/người/tháng")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        digits = value.strip().replace(".", "").replace(" ", "")
        if digits.lstrip("-").isdecimal():
            value = int(digits)
    if not isinstance(value, int):
        raise ValueError(f"'{value}' không phải là số; ghi số nguyên đồng/người/tháng")
    if value < 0:
        raise ValueError("thu nhập không được là số âm")
    return value


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = "" if value is None else fold(str(value))
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(f"ghi '{YES}' hoặc '{NO}' (hoặc để trống)")


def _positions(header: tuple[Any, ...]) -> dict[str, int]:
    return {fold(str(title)): index for index, title in enumerate(header) if title}


def _indicator_columns(standard: Standard, positions: dict[str, int]) -> dict[str, int]:
    columns = {}
    for indicator in standard.indicators:
        for name in (indicator.label, indicator.key):
            if fold(name) in positions:
                columns[indicator.key] = positions[fold(name)]
    return columns


def _header_errors(standard: Standard, positions: dict[str, int]) -> list[str]:
    errors = [
        f"Dòng 1: thiếu cột '{title}'" for title in (CODE, INCOME) if fold(title) not in positions
    ]
    found = _indicator_columns(standard, positions)
    errors += [
        f"Dòng 1: thiếu cột '{indicator.label}'"
        for indicator in standard.indicators
        if indicator.key not in found
    ]
    return errors + _foreign_columns(standard, positions)


def _foreign_columns(standard: Standard, positions: dict[str, int]) -> list[str]:
    """A column of another standard's indicator means the sheet is for another year."""
    errors = []
    for other in standards():
        for indicator in other.indicators:
            if indicator.key in standard.keys:
                continue
            if fold(indicator.label) in positions or fold(indicator.key) in positions:
                errors.append(
                    f"Dòng 1: cột '{indicator.label}' là chỉ số của {other.name} (danh sách các năm "
                    f"{other.years}), không thuộc chuẩn áp dụng cho năm rà soát này"
                )
    return errors


def _cell(line: tuple[Any, ...], index: int) -> Any:
    return line[index] if index < len(line) else None


def _read_row(
    standard: Standard,
    line: tuple[Any, ...],
    number: int,
    positions: dict[str, int],
    indicators: dict[str, int],
) -> tuple[tuple[str, Any, tuple[str, ...]] | None, list[str]]:
    errors = []
    code = _cell(line, positions[fold(CODE)])
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    code = "" if code is None else str(code).strip()
    if not code:
        errors.append(f"Dòng {number}, cột '{CODE}': không được để trống")
    income = None
    try:
        income = _whole_number(_cell(line, positions[fold(INCOME)]))
    except ValueError as reason:
        errors.append(f"Dòng {number}, cột '{INCOME}': {reason}")
    deprived = []
    for key, index in indicators.items():
        try:
            if _yes_no(_cell(line, index)):
                deprived.append(key)
        except ValueError as reason:
            errors.append(f"Dòng {number}, cột '{standard.label(key)}': {reason}")
    return (None if errors else (code, income, tuple(deprived))), errors


def read_rows(
    worksheet: Worksheet, review_year: ReviewYear
) -> tuple[list[tuple[int, str, int, tuple[str, ...]]], list[str]]:
    """(row number, code, income, deprivations) of each filled row, and every error."""
    standard = review_year.standard
    lines = worksheet.iter_rows(values_only=True)
    positions = _positions(next(lines, ()))
    errors = _header_errors(standard, positions)
    if errors:
        return [], errors
    indicators = _indicator_columns(standard, positions)
    rows = []
    for number, line in enumerate(lines, start=2):
        if number > MAX_ROWS + 1:
            return [], [f"Tệp có quá {MAX_ROWS} dòng."]
        if all(value is None or str(value).strip() == "" for value in line):
            continue
        row, row_errors = _read_row(standard, line, number, positions, indicators)
        errors += row_errors
        if row is not None:
            rows.append((number, *row))
    return rows, errors


def _match_households(
    review_year: ReviewYear, rows: list[tuple[int, str, int, tuple[str, ...]]]
) -> tuple[list[answer_services.AnswerRow], list[str]]:
    codes = {code for _, code, _, _ in rows}
    households = dict(
        Household.objects.filter(commune=review_year.commune, code__in=codes).values_list(
            "code", "pk"
        )
    )
    answers, errors, seen = [], [], {}
    for number, code, income, deprived in rows:
        where = f"Dòng {number}, cột '{CODE}'"
        if code in seen:
            errors.append(f"{where}: mã hộ '{code}' trùng với dòng {seen[code]}")
            continue
        seen[code] = number
        if code not in households:
            errors.append(f"{where}: không có hộ mã '{code}' trong {review_year.commune.name}")
            continue
        answers.append(
            answer_services.AnswerRow(households[code], income, deprived, f"Dòng {number}")
        )
    return answers, errors


def _open_sheet(file: IO[bytes]) -> tuple[Workbook | None, Worksheet | None, list[str]]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        return None, None, ["Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."]
    for name in workbook.sheetnames:
        if fold(name) == fold(SHEET_TITLE):
            return workbook, workbook[name], []
    return workbook, workbook.worksheets[0], []


def import_survey_workbook(
    *, review_year: ReviewYear, file: IO[bytes], actor: User | None
) -> ImportResult:
    """Save every row's answers, or none and every error found."""
    workbook, worksheet, errors = _open_sheet(file)
    if worksheet is None:
        return ImportResult(errors=errors)
    try:
        rows, errors = read_rows(worksheet, review_year)
    finally:
        workbook.close()
    answers, match_errors = _match_households(review_year, rows)
    errors += match_errors
    if errors:
        return ImportResult(errors=errors)
    try:
        outcome = answer_services.import_answers(review_year=review_year, rows=answers, actor=actor)
    except services.ReviewError as error:
        return ImportResult(errors=error.messages)
    return ImportResult(saved=outcome.saved, categories=outcome.categories)
