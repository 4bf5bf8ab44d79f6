"""The dashboard as an Excel workbook (openpyxl): indicators, counts, trend, what pulls down."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from phuongso.quality import indicators
from phuongso.quality.analysis import pulling_down, trends
from phuongso.quality.scoring import Scorecard
from phuongso.quality.slices import Slice

HEADER = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF1F6")
TITLE = Font(bold=True, size=13)


def _sheet(book: Workbook, title: str, headers: list[str], widths: list[int]) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _number(value: Any) -> Any:
    return float(value) if value is not None else None


def _indicators(book: Workbook, s: Slice, card: Scorecard, filters: str) -> None:
    sheet = _sheet(
        book,
        "Chỉ số",
        ["Mã", "Chỉ số", "Nhóm", "Tử số", "Mẫu số", "Tỷ lệ / giá trị", "Đơn vị", "Ngưỡng đạt đủ điểm (%)", "Điểm", "Điểm tối đa", "Công thức"],
        [7, 44, 22, 10, 10, 14, 14, 14, 10, 12, 80],
    )  # fmt: skip
    for score in card.scores:
        group = indicators.GROUPS[score.indicator.group]
        sheet.append([
            score.indicator.id, score.indicator.name, group, score.figure.numerator,
            score.figure.denominator, _number(score.figure.rate), score.indicator.unit,
            _number(score.indicator.threshold), _number(score.points),
            _number(score.max_points) if score.scored else None, score.figure.formula,
        ])  # fmt: skip
    sheet.append([])
    sheet.append(
        [
            "",
            "Tổng điểm",
            "",
            "",
            "",
            None,
            "",
            None,
            float(card.total_points),
            float(card.max_points),
        ]
    )
    if card.partial:
        sheet.append([
            "", f"Tổng chưa đầy đủ: đo được {_number(card.max_points)} trên "
            f"{_number(card.national_points)} điểm của bộ chỉ số quốc gia; không so sánh với "
            "điểm quốc gia, không quy đổi thang 100",
        ])  # fmt: skip
    sheet.append(["", f"{s.commune.name} – {s.period.label}{filters}"])


def _groups(book: Workbook, card: Scorecard) -> None:
    sheet = _sheet(
        book,
        "Nhóm chỉ số",
        ["Nhóm", "Điểm", "Điểm tối đa đo được", "Điểm theo quy định"],
        [30, 10, 20, 20],
    )
    for group in card.groups:
        sheet.append(
            [group.name, _number(group.points), float(group.max_points), group.nominal_points]
        )


def _counts(book: Workbook, s: Slice) -> None:
    sheet = _sheet(book, "Số lượng hồ sơ", ["Nội dung", "Số hồ sơ"], [36, 12])
    for count in indicators.counts(s):
        sheet.append([count.label, count.value])


def _trend(book: Workbook, s: Slice) -> None:
    series = trends(s)
    months = [label for label, _ in next(iter(series.values()))]
    sheet = _sheet(book, "Xu hướng theo tháng", ["Chỉ số", *months], [44, *[9] * len(months)])
    for indicator in indicators.INDICATORS:
        sheet.append(
            [f"{indicator.id} {indicator.name}", *[_number(v) for _, v in series[indicator.id]]]
        )


def _pulls(book: Workbook, s: Slice) -> None:
    sheet = _sheet(
        book,
        "Kéo chỉ số xuống",
        ["Bảng", "Tên", "Số hồ sơ", "Trên tổng số", "Tỷ lệ (%)"],
        [44, 60, 12, 14, 12],
    )
    for table in pulling_down(s, limit=20):
        for row in table.rows:
            sheet.append([table.title, row.name, row.bad, row.total, _number(row.share)])


def workbook(s: Slice, card: Scorecard, filters: str = "") -> bytes:
    book = Workbook()
    book.remove(book.active)
    _indicators(book, s, card, filters)
    _groups(book, card)
    _counts(book, s)
    _trend(book, s)
    _pulls(book, s)
    book.properties.title = f"Chỉ số chất lượng phục vụ – {s.commune.name} – {s.period.label}"
    book.properties.creator = "phuongso"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
