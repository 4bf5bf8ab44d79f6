from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from phuongso.accounts.identity import display_phone, normalise_phone, validate_personal_id


def test_a_valid_number_from_phu_tho_is_accepted() -> None:
    assert validate_personal_id("025 0 90 001234") == "025090001234"


@pytest.mark.parametrize("value", ["02509000123", "0250900012345", "02509000123a"])
def test_a_number_that_is_not_12_digits_is_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="đúng 12 chữ số"):
        validate_personal_id(value)


@pytest.mark.parametrize("province", ["000", "003", "097", "999"])
def test_an_unknown_province_code_is_refused(province: str) -> None:
    with pytest.raises(ValidationError, match="không tồn tại"):
        validate_personal_id(f"{province}090001234")


def test_the_sex_digit_must_match_the_declared_sex() -> None:
    validate_personal_id("025195004321", sex="female")
    with pytest.raises(ValidationError, match="giới tính"):
        validate_personal_id("025195004321", sex="male")


def test_the_century_and_year_digits_must_match_the_birth_date() -> None:
    validate_personal_id("025305004321", birth_date=dt.date(2005, 3, 1))
    with pytest.raises(ValidationError, match="năm sinh"):
        validate_personal_id("025305004321", birth_date=dt.date(1905, 3, 1))


@pytest.mark.parametrize("raw", ["0912345678", "0912 345 678", "+84912345678", "84912345678"])
def test_mobile_numbers_are_stored_in_e164(raw: str) -> None:
    assert normalise_phone(raw) == "+84912345678"


@pytest.mark.parametrize("raw", ["12345", "0912345", "abc", "0012345678"])
def test_malformed_phone_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        normalise_phone(raw)


def test_phones_are_shown_the_way_people_read_them() -> None:
    assert display_phone("+84912345678") == "0912 345 678"
