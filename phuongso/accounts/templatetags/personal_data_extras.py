"""Dates of a person's data download, written as the ward writes them (dd/mm/yyyy, local)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def when(value: object) -> object:
    """An ISO date or date-time from the JSON download, as 08/12/2026 or 08/12/2026 09:05."""
    if not isinstance(value, str) or len(value) < 10 or value[4:5] != "-":
        return value
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) == 10:
        return f"{parsed:%d/%m/%Y}"
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return f"{parsed:%d/%m/%Y %H:%M}"
