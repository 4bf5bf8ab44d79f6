from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone

from phuongso.core.text import fold, format_number, format_percent


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("KHAI SINH", "khai sinh"),
        ("Nguyễn", "nguyen"),
        ("  Thọ   Sơn ", "tho son"),
    ],
)
def test_search_folds_case_and_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert format_number(Decimal("410.6"), 1) == "410,6"
    assert format_number(15219) == "15.219"
    assert format_number(1500000) == "1.500.000"
    assert format_percent(Decimal("0.35")) == "0,35%"


def test_templates_show_dates_and_numbers_in_vietnamese_form() -> None:
    moment = timezone.datetime(2025, 7, 26, 9, 5, tzinfo=timezone.get_current_timezone())
    rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }} {{ n }} {{ x }}").render(
        Context({"d": moment, "n": 15219, "x": Decimal("410.6")})
    )
    assert rendered == "26/07/2025 15.219 410,6"
