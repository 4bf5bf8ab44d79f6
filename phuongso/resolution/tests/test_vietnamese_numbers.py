from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from phuongso.resolution.formatting import number, official_date, parse_number, with_unit


@pytest.mark.parametrize(("typed", "value"), [
    ("410,6", Decimal("410.6")), ("15.219", Decimal("15219")), ("15.219,5", Decimal("15219.5")),
    ("0,35", Decimal("0.35")), ("632", Decimal("632")), (" 1.000.000 ", Decimal("1000000")),
])  # fmt: skip
def test_numbers_are_typed_with_a_decimal_comma_and_a_thousands_dot(typed, value) -> None:
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["410.6", "1.5", "4,1,0", "abc", ""])
def test_ambiguous_or_wrong_numbers_are_refused(typed) -> None:
    with pytest.raises(ValueError):
        parse_number(typed)


def test_figures_are_shown_as_official_texts_write_them() -> None:
    assert with_unit(Decimal("410.6000"), "tỷ đồng") == "410,6 tỷ đồng"
    assert with_unit(Decimal("15219"), "tỷ đồng") == "15.219 tỷ đồng"
    assert with_unit(Decimal("0.35"), "%") == "0,35%"
    assert number(Decimal("447.5881")) == "447,59"
    assert number(None) == "—"


def test_documents_are_dated_as_decree_30_asks() -> None:
    assert official_date(dt.date(2026, 11, 26)) == "ngày 26 tháng 11 năm 2026"
    assert official_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert official_date(dt.date(2026, 7, 9)) == "ngày 09 tháng 7 năm 2026"
