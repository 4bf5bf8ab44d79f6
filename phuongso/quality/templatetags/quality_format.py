"""Vietnamese numbers for the quality pages: 66,67% · 13,33 điểm · "Không áp dụng"."""

from __future__ import annotations

from decimal import Decimal

from django import template

from phuongso.core.text import format_number, format_percent
from phuongso.dossiers.deadlines import Verdict

register = template.Library()
NOT_APPLICABLE = "Không áp dụng"


@register.filter
def percent(value: Decimal | float | None) -> str:
    return NOT_APPLICABLE if value is None else format_percent(Decimal(str(value)))


@register.filter
def points(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    value = Decimal(str(value))
    return format_number(value, 2 if value % 1 else 0)


@register.filter
def number(value: int | None) -> str:
    return "—" if value is None else format_number(value)


@register.filter
def verdict_label(value: str) -> str:
    return Verdict(value).label if value else "Chưa đánh giá"


@register.filter
def working_days(seconds: int | None) -> str:
    from phuongso.core import calendar

    if not seconds:
        return "—"
    day = Decimal(int(calendar.working_day_length().total_seconds()))
    return f"{format_number(Decimal(seconds) / day, 2)} ngày"
