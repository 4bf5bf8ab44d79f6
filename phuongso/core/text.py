"""Vietnamese text and number helpers: search folding and official number formatting."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from django.utils import numberformat


def fold(text: str) -> str:
    """Fold text for search: lower case, no diacritics, đ as d ("Nguyễn" -> "nguyen")."""
    lowered = text.casefold().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", lowered)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.split())


def format_number(value: int | float | Decimal, decimal_places: int | None = None) -> str:
    """Official Vietnamese number: "." groups thousands, "," marks decimals (15.219; 410,6)."""
    return numberformat.format(
        value,
        decimal_sep=",",
        decimal_pos=decimal_places,
        grouping=3,
        thousand_sep=".",
        force_grouping=True,
    )


def format_percent(value: int | float | Decimal, decimal_places: int = 2) -> str:
    """A rate as official texts write it: 0,35%."""
    return f"{format_number(value, decimal_places)}%"
