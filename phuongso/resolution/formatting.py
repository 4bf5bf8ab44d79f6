"""Figures as Vietnamese official texts write them: 410,6 tỷ đồng; 15.219 tỷ đồng; 0,35%."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from phuongso.core.text import format_number

DASH = "—"


def plain(value: Decimal) -> Decimal:
    """The value without trailing zeros (410.6000 -> 410.6; 15219.0000 -> 15219)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def number(value: Decimal | int | float | None, places: int | None = None) -> str:
    """410,6; 15.219; 0,35. `places` rounds (half up) and keeps that many decimals."""
    if value is None:
        return DASH
    value = Decimal(str(value))
    if places is not None:
        return format_number(value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), places)
    return format_number(plain(value.quantize(Decimal("0.01"), ROUND_HALF_UP)))


def with_unit(value: Decimal | int | float | None, unit: str) -> str:
    if value is None:
        return DASH
    text = number(value)
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value:%H:%M %d/%m/%Y}"
    return f"{value:%d/%m/%Y}"


def parse_number(text: str) -> Decimal:
    """A number typed the Vietnamese way: "410,6", "15.219", "15.219,5"; "." only groups
    thousands, so "410.6" is refused rather than read as 4.106."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise ValueError("Vui lòng nhập giá trị.")
    whole, _, decimals = cleaned.partition(",")
    groups = whole.lstrip("-").split(".")
    grouped_ok = len(groups) == 1 or (
        1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])
    )
    if not grouped_ok or "," in decimals:
        raise ValueError(
            "Dùng dấu phẩy cho phần thập phân và dấu chấm ngăn cách hàng nghìn "
            "(ví dụ 410,6 hoặc 15.219)."
        )
    try:
        return Decimal(whole.replace(".", "") + ("." + decimals if decimals else ""))
    except ArithmeticError:
        raise ValueError("Vui lòng nhập giá trị là một số (ví dụ 410,6).") from None


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(year: int, quarter: int) -> str:
    """A year's or a quarter's name: "Năm 2026", "Quý 2/2026" (quarter 0 is the whole year)."""
    return f"Quý {quarter}/{year}" if quarter else f"Năm {year}"


def official_date(value: date) -> str:
    """As documents date themselves: "ngày 26 tháng 11 năm 2026" (day and month below 10
    and month 1, 2 padded with 0, Decree 30/2020)."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def place_name(commune: object) -> str:
    """The place a document is dated at: the commune's name without "Phường", "Xã"."""
    name = str(commune)
    for prefix in ("Phường ", "Xã ", "Đặc khu ", "Thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
