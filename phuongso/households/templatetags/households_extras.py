"""Vietnamese numbers in the household pages: 1.500.000 đồng, 0,35%."""

from __future__ import annotations

from typing import Any

from django import template

from phuongso.core.figures import Figure
from phuongso.core.text import format_number

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    """A whole number of đồng written the official way (1.500.000)."""
    if value in (None, ""):
        return "—"
    return format_number(int(value))


@register.filter
def rate(figure: Figure) -> str:
    return figure.display()


@register.filter
def plain(value: Any) -> str:
    """A number without thousands separators (years, codes)."""
    return "" if value is None else str(value)


@register.inclusion_tag("households/_nav.html", takes_context=True)
def households_nav(context: dict[str, Any], current: str) -> dict[str, Any]:
    """The section's menu, showing only what the user may open."""
    from phuongso.households import access

    user = context["user"]
    return {
        "current": current,
        "households": access.has_household_access(user),
        "social": access.social_commune_id(user) is not None,
        "official": user.is_authenticated and user.is_official,
    }
