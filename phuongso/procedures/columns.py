"""The catalogue's exchange format: one table of columns per sheet, shared by every reader.

The seed file (JSON), the Excel export and the Excel import all use these columns: each knows
its Vietnamese header, how to read a raw value (raising ValueError with a Vietnamese reason)
and how to write a value back to a cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from phuongso.accounts.models import Role
from phuongso.core.models import UnitKind
from phuongso.core.text import fold
from phuongso.procedures.models import (
    Channel,
    Confidence,
    CopyKind,
    OnlineLevel,
    ResultKind,
    Submission,
)

YES, NO = "Có", "Không"
_YES_WORDS = {"co", "x", "1", "true", "yes"}
_NO_WORDS = {"khong", "0", "false", "no"}


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(max_length: int, *, required: bool = False) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if _is_blank(value):
            if required:
                raise ValueError("không được để trống")
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        result = str(value).strip()
        if len(result) > max_length:
            raise ValueError(f"dài quá {max_length} ký tự")
        return result

    return parse


def whole_number(*, required: bool = False, maximum: int | None = None) -> Callable[[Any], Any]:
    reason = "phải là số nguyên không âm"
    if maximum is not None:
        reason = f"phải là số nguyên từ 0 đến {maximum}"

    def parse(value: Any) -> int | None:
        if _is_blank(value):
            if required:
                raise ValueError("không được để trống")
            return None
        if isinstance(value, bool):
            raise ValueError(reason)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().isdecimal():
            value = int(value.strip())
        if not isinstance(value, int) or value < 0 or (maximum is not None and value > maximum):
            raise ValueError(reason)
        return value

    return parse


def yes_no(*, optional: bool = False) -> Callable[[Any], Any]:
    def parse(value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        if _is_blank(value):
            if optional:
                return None
            raise ValueError(f"phải là '{YES}' hoặc '{NO}'")
        word = fold(str(value))
        if word in _YES_WORDS:
            return True
        if word in _NO_WORDS:
            return False
        raise ValueError(f"phải là '{YES}' hoặc '{NO}'")

    return parse


def choice(options: type[models.TextChoices]) -> Callable[[Any], str]:
    """Accept the stored value or the Vietnamese label, ignoring case and diacritics."""
    by_word = {fold(str(value)): value for value in options.values}
    by_word.update({fold(str(label)): value for value, label in options.choices})
    labels = ", ".join(f"'{label}'" for label in options.labels)

    def parse(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        word = "" if _is_blank(value) else fold(str(value))
        if word not in by_word:
            raise ValueError(f"phải là một trong: {labels}")
        return str(by_word[word])

    return parse


def show_text(value: Any) -> Any:
    return value if value not in (None, "") else None


def show_yes_no(value: bool | None) -> str | None:
    return None if value is None else (YES if value else NO)


def show_choice(options: type[models.TextChoices]) -> Callable[[Any], str]:
    def show(value: Any) -> str:
        return str(options(value).label)

    return show


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: Callable[[Any], Any]
    show: Callable[[Any], Any] = show_text
    width: int = 18
    allowed: str = ""  # the accepted words, for the workbook's guide sheet


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


def _choice_column(
    key: str, header: str, options: type[models.TextChoices], width: int = 22
) -> Column:
    allowed = "; ".join(str(label) for label in options.labels)
    return Column(key, header, choice(options), show_choice(options), width, allowed)


def _yes_no_column(key: str, header: str, width: int, *, optional: bool = False) -> Column:
    allowed = f"{YES}; {NO}" + ("; để trống" if optional else "")
    return Column(key, header, yes_no(optional=optional), show_yes_no, width, allowed)


CODE = Column("national_code", "Mã thủ tục", text(30, required=True), width=14)

PROCEDURES = Sheet(
    "Thủ tục",
    (
        CODE,
        _yes_no_column("code_is_local", "Mã nội bộ", 11),
        Column("name", "Tên thủ tục", text(300, required=True), width=60),
        Column("field", "Lĩnh vực", text(120, required=True), width=20),
        Column("legal_basis", "Căn cứ pháp lý", text(5000), width=40),
        _choice_column("implementing_unit_kind", "Đơn vị giải quyết", UnitKind, 30),
        _choice_column("result_kind", "Kết quả", ResultKind),
        _choice_column("online_level", "Mức độ trực tuyến", OnlineLevel, 18),
        Column("deadline_working_days", "Thời hạn (ngày làm việc)", whole_number(), width=14),
        _yes_no_column("deadline_same_day", "Giải quyết trong ngày", 14),
        Column("deadline_text", "Thời hạn (nguyên văn)", text(300), width=40),
        Column("note", "Lưu ý", text(5000), width=40),
        Column("handled_elsewhere", "Nơi giải quyết khác", text(5000), width=30),
        _yes_no_column(
            "boundary_free", "Tiếp nhận không phụ thuộc địa giới hành chính", 16, optional=True
        ),
        Column("source", "Nguồn", text(5000), width=40),
        _choice_column("confidence", "Độ tin cậy", Confidence, 12),
        _yes_no_column("is_active", "Đang áp dụng", 12),
    ),
)

CHANNELS = Sheet(
    "Kênh, phí",
    (
        CODE,
        _choice_column("channel", "Kênh", Channel, 26),
        Column("deadline_working_days", "Thời hạn riêng (ngày làm việc)", whole_number(), width=14),
        _yes_no_column("deadline_same_day", "Trong ngày (riêng)", 12, optional=True),
        Column("fee_amount", "Phí, lệ phí (đồng)", whole_number(), width=14),
        Column("fee_text", "Phí, lệ phí (nguyên văn)", text(5000), width=60),
        _yes_no_column("available", "Đang áp dụng", 12),
    ),
)

DOCUMENTS = Sheet(
    "Giấy tờ",
    (
        CODE,
        Column("order", "Thứ tự", whole_number(required=True), width=8),
        Column("name", "Tên giấy tờ", text(300, required=True), width=60),
        _choice_column("copy_kind", "Loại bản", CopyKind),
        Column("count", "Số lượng", whole_number(required=True), width=9),
        _yes_no_column("mandatory", "Bắt buộc", 9),
        _choice_column("submission", "Hình thức nộp trực tuyến", Submission),
        Column("note", "Ghi chú", text(5000), width=40),
    ),
)

STEPS = Sheet(
    "Các bước",
    (
        CODE,
        Column("order", "Thứ tự", whole_number(required=True), width=8),
        Column("name", "Tên bước", text(200, required=True), width=36),
        _choice_column("unit_kind", "Đơn vị thực hiện", UnitKind, 34),
        _choice_column("role", "Vai trò", Role, 28),
        Column(
            "share_percent",
            "Tỷ lệ thời gian (%)",
            whole_number(required=True, maximum=100),
            width=12,
        ),
    ),
)

SHEETS = (PROCEDURES, CHANNELS, DOCUMENTS, STEPS)
# Which list of a procedure each child sheet fills.
CHILD_SHEETS = {"channels": CHANNELS, "documents": DOCUMENTS, "steps": STEPS}
