from __future__ import annotations

from datetime import timedelta

from django import template

from phuongso.core import calendar
from phuongso.core.text import format_number

register = template.Library()


@register.filter
def working_time(value: timedelta | None) -> str:
    return "" if value is None else calendar.describe_working_time(value)


@register.filter
def vnd(value: int | None) -> str:
    """15000 -> "15.000 đồng"."""
    return "" if value is None else f"{format_number(value)} đồng"


@register.filter
def phone(value: str | None) -> str:
    """+84912345678 -> 0912 345 678."""
    from phuongso.accounts.identity import display_phone

    return display_phone(value) if value else ""
