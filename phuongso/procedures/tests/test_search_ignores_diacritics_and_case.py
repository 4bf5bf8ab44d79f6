from __future__ import annotations

import pytest

from phuongso.procedures.queries import search_procedures
from phuongso.procedures.services import seed_catalogue

pytestmark = pytest.mark.django_db


def _names(commune, query: str = "", field_code: str = "") -> list[str]:
    found = search_procedures(commune=commune, query=query, field_code=field_code)
    return [procedure.name for procedure in found]


@pytest.mark.parametrize(
    "query",
    [
        "khai sinh",
        "KHAI SINH",
        "Khai Sinh",
        "dang ky khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        "  đăng   ký  khai sinh ",
        "khai sinh dang ky",
        "1.001193",
    ],
)
def test_birth_registration_is_found_however_it_is_typed(commune, catalogue, query) -> None:
    assert "Đăng ký khai sinh" in _names(commune, query)


def test_words_without_marks_find_residence_procedures(commune, catalogue) -> None:
    assert _names(commune, "tam tru") == [
        "Đăng ký tạm trú",
        "Xóa đăng ký thường trú, xóa đăng ký tạm trú",
    ]


def test_a_field_name_typed_without_marks_finds_its_procedures(commune, catalogue) -> None:
    assert len(_names(commune, "chung thuc")) == 5


def test_browsing_by_field_lists_only_that_field(commune, catalogue) -> None:
    names = _names(commune, field_code="cu-tru")
    assert len(names) == 4
    assert "Đăng ký thường trú" in names


def test_nothing_matches_a_word_that_is_nowhere(commune, catalogue) -> None:
    assert _names(commune, "xyzzy") == []


def test_inactive_procedures_are_not_listed(commune, catalogue) -> None:
    commune.procedures.filter(national_code="1.001193").update(is_active=False)
    assert "Đăng ký khai sinh" not in _names(commune, "khai sinh")


def test_each_commune_searches_its_own_catalogue(commune, other_commune, catalogue) -> None:
    assert _names(other_commune, "khai sinh") == []
    seed_catalogue(commune=other_commune)
    assert "Đăng ký khai sinh" in _names(other_commune, "khai sinh")
