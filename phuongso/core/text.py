"""Vietnamese text and number helpers: search folding, official number formatting, and the
one cleaning of what people type (clean_text, name_problem, ascii_digits, parse_id)."""

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


# --- What people type: one cleaning for every text that comes in -------------------------------

# C0 control characters (and DEL) have no place in a name, an address or a description: NUL is
# refused by PostgreSQL, the others by XML 1.0 (the Open311 documents). Tab, line feed and
# carriage return are what a text area sends.
_CONTROLS = dict.fromkeys(
    [code for code in range(0x20) if chr(code) not in "\t\n\r"] + [0x7F], None
)
# Characters that change how a name is shown without being part of it: bidi embeddings,
# overrides and isolates, zero-width spaces and joiners, the byte-order mark.
INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
)
# The largest id any table holds (a signed 64-bit integer): anything longer is not an id.
MAX_ID = 2**63 - 1


def clean_text(value: str) -> str:
    """Text as it is stored: NFC (one spelling of "ễ", whatever the keyboard sent), without
    control characters."""
    return unicodedata.normalize("NFC", value.translate(_CONTROLS))


def name_problem(value: str) -> str | None:
    """Why a person's or a place's name cannot be taken as typed, in Vietnamese; None when it
    can. Expects clean_text's output."""
    if any(ch in INVISIBLE for ch in value):
        return (
            "Tên chứa ký tự ẩn (ký tự đổi chiều viết hoặc ký tự rộng bằng không); "
            "vui lòng gõ lại tên."
        )
    letters = [ch for ch in value if not ch.isspace()]
    if letters and all(unicodedata.category(ch).startswith("M") for ch in letters):
        return "Tên chỉ có dấu, không có chữ; vui lòng gõ lại tên."
    return None


def validate_name(value: str) -> None:
    """A form validator: name_problem as a ValidationError."""
    from django.core.exceptions import ValidationError

    problem = name_problem(clean_text(value))
    if problem:
        raise ValidationError(problem, code="name")


def ascii_digits(value: str) -> str:
    """Every decimal digit as its ASCII digit (full-width "０１２" is "012"); the rest unchanged."""
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in value
    )


def parse_id(raw: object, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """A number typed in a URL or a form (an id, a page, a code, a year) or None: ASCII digits
    only, within low..high, so that no query ever gets a number its column cannot hold."""
    text = str(raw).strip() if raw is not None else ""
    if not text or len(text) > 19 or not text.isascii() or not text.isdecimal():
        return None
    number = int(text)
    return number if low <= number <= high else None
