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


def phone_text(number: str) -> str:
    """A phone number as people in Vietnam write it, in the national format: mobiles
    "0912 345 678", landlines with their area code "0210 3846 123". Numbers are stored in
    E.164 (+84…); anything that is not a Vietnamese number comes back as given."""
    raw = (number or "").strip()
    digits = "".join(char for char in raw if char.isdigit())
    if raw.startswith("+84") or (raw.startswith("84") and len(digits) in (11, 12)):
        digits = "0" + digits[2:]
    elif not digits.startswith("0"):
        return raw
    if len(digits) == 10 and digits[1] != "2":
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if len(digits) == 11 and digits[1] == "2":
        return f"{digits[:4]} {digits[4:8]} {digits[8:]}"
    return raw
