"""Periods of the figures: a month, a quarter, a year, or any span of days (both ends included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from phuongso.core.text import parse_id

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
RANGE = "range"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    """A period that cannot be read, with a message in Vietnamese."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str = RANGE

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise PeriodError("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - timedelta(days=1), MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = cls.month(year, 3 * quarter - 2)
        return cls(first.start, cls.month(year, 3 * quarter).end, QUARTER)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), YEAR)

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        return cls(start, end, RANGE)

    @classmethod
    def current_month(cls, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls.month(today.year, today.month)

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"Tháng {self.start.month}/{self.start.year}"
        if self.kind == QUARTER:
            return f"Quý {ROMAN[(self.start.month + 2) // 3]}/{self.start.year}"
        if self.kind == YEAR:
            return f"Năm {self.start.year}"
        return f"Từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"

    @property
    def slug(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    def previous(self) -> Period:
        """The period of the same kind just before (the same number of days for a span)."""
        if self.kind == MONTH:
            before = self.start - timedelta(days=1)
            return Period.month(before.year, before.month)
        if self.kind == QUARTER:
            before = self.start - timedelta(days=1)
            return Period.quarter(before.year, (before.month + 2) // 3)
        if self.kind == YEAR:
            return Period.year(self.start.year - 1)
        length = self.end - self.start
        return Period.between(self.start - length - timedelta(days=1), self.start - timedelta(1))

    def months(self) -> list[Period]:
        """The calendar months the period touches, each cut to the period."""
        result = []
        cursor = self.start.replace(day=1)
        while cursor <= self.end:
            month = Period.month(cursor.year, cursor.month)
            start, end = max(month.start, self.start), min(month.end, self.end)
            result.append(month if (start, end) == (month.start, month.end) else Period(start, end))
            cursor = month.end + timedelta(days=1)
        return result

    def trend(self, count: int = 12, today: date | None = None) -> list[Period]:
        """The `count` months ending with the period's last month, or this month when the
        period runs into the future (for the trend charts)."""
        last = min(self.end, today or timezone.localdate())
        last = max(last, self.start)
        months = [Period.month(last.year, last.month)]
        while len(months) < count:
            months.insert(0, months[0].previous())
        return months


def parse_day(text: str) -> date:
    """YYYY-MM-DD (the API and the HTML date input) or dd/mm/yyyy."""
    text = (text or "").strip()
    for parse in (_iso, _vietnamese):
        value = parse(text)
        if value is not None:
            return value
    raise PeriodError(f"Ngày «{text}» không hợp lệ; dùng dạng YYYY-MM-DD hoặc dd/mm/yyyy.")


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _vietnamese(text: str) -> date | None:
    parts = text.split("/")
    if len(parts) != 3 or not all(part.isdecimal() for part in parts):
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def from_query(params: dict[str, str], today: date | None = None) -> Period:
    """The period a page or the API asks for; this month when nothing is asked.

    ky=thang&nam=2026&thang=3 · ky=quy&nam=2026&quy=1 · ky=nam&nam=2026 · tu=…&den=… (or
    from=…&to=… in the API).
    """
    today = today or timezone.localdate()
    start, end = params.get("tu") or params.get("from"), params.get("den") or params.get("to")
    kind = params.get("ky", "")
    if start or end or kind == "khoang":
        if not (start and end):
            raise PeriodError("Cần nhập cả ngày bắt đầu và ngày kết thúc.")
        return Period.between(parse_day(start), parse_day(end))
    year = _number(params.get("nam"), today.year, 2000, 2100, "Năm")
    if kind == "nam":
        return Period.year(year)
    if kind == "quy":
        quarter = _number(params.get("quy"), (today.month + 2) // 3, 1, 4, "Quý")
        return Period.quarter(year, quarter)
    month = _number(params.get("thang"), today.month, 1, 12, "Tháng")
    return Period.month(year, month)


def _number(text: str | None, default: int, low: int, high: int, name: str) -> int:
    if text in (None, ""):
        return default
    if parse_id(text, low=low, high=high) is None:
        raise PeriodError(f"{name} «{text}» không hợp lệ.")
    return int(text)
