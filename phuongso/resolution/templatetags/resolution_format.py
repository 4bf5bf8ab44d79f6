"""Template filters for resolution pages and documents: Vietnamese numbers and dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import template

from phuongso.resolution import formatting
from phuongso.resolution.progress import LIGHT, IndicatorStatus

register = template.Library()


@register.filter
def vn(value: Decimal | int | float | None) -> str:
    """410,6; 15.219; — when missing."""
    return formatting.number(value)


@register.filter
def vn_unit(value: Decimal | int | float | None, unit: str) -> str:
    return formatting.with_unit(value, unit)


@register.filter
def vn_day(value: date | datetime | None) -> str:
    return formatting.day(value)


@register.filter
def light(status: str) -> str:
    """The traffic-light colour of an indicator status (green, amber, red, grey)."""
    return LIGHT.get(IndicatorStatus(status), "grey") if status else "grey"


@register.filter
def status_label(status: str) -> str:
    return IndicatorStatus(status).label if status else ""


@register.filter
def vn_growth(value: Decimal | None) -> str:
    """A yearly growth rate given as a fraction, in percent with one decimal: 9,0."""
    return formatting.number(value * 100, 1) if value is not None else formatting.DASH
