from __future__ import annotations

import unicodedata

from django import template

register = template.Library()


@register.filter
def unaccent(value: object) -> str:
    """Vietnamese without diacritics, case kept, for SMS: "Phường Thanh Miếu" -> "Phuong Thanh Mieu"."""
    text = str(value or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
