"""One spelling of every text that comes in: NFC, no control characters; names that hide
characters are refused; an ID number or a phone in full-width digits is the same number."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from phuongso.accounts.forms import RegistrationForm
from phuongso.accounts.identity import normalise_phone, validate_personal_id
from phuongso.core.inputs import CleanInputMiddleware
from phuongso.core.text import clean_text, name_problem, parse_id
from phuongso.households.services import MemberData, check_member

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")


def test_clean_text_gives_nfc_without_control_characters() -> None:
    assert clean_text(NFD_NAME) == "Nguyễn Thị Ánh" != NFD_NAME
    assert clean_text("a\x00b\x1bc\x7f") == "abc"
    assert clean_text("dòng 1\r\n\tdòng 2") == "dòng 1\r\n\tdòng 2"


@pytest.mark.parametrize(
    "name",
    ["\u0301\u0303", "Lan\u202e", "Ng\u200buyễn", "\u2066Minh\u2069", "\ufeffHoa"],
    ids=["combining-only", "bidi-override", "zero-width-space", "bidi-isolate", "bom"],
)
def test_names_that_hide_characters_are_refused_in_vietnamese(name: str) -> None:
    assert name_problem(clean_text(name))
    form = RegistrationForm(data={"full_name": name, "phone": "", "password1": "x"})
    assert not form.is_valid()
    assert "vui lòng gõ lại tên" in " ".join(form.errors["full_name"])


def test_ordinary_vietnamese_names_are_taken() -> None:
    for name in ("Nguyễn Văn A", "Đặng Thị Ánh Tuyết", "H'Hen Niê", NFD_NAME):
        assert name_problem(clean_text(name)) is None


def test_full_width_digits_are_the_same_id_number_and_phone() -> None:
    assert validate_personal_id("０２５ ２０１ ０１２３４５") == "025201012345"
    assert normalise_phone("０９１２ ３４５ ６７８") == "+84912345678"
    with pytest.raises(ValidationError):
        validate_personal_id("02520101234５x")


def test_a_household_member_is_stored_with_one_spelling() -> None:
    member = MemberData(
        full_name=NFD_NAME + "  \x00",
        birth_date=dt.date(2001, 5, 1),
        sex="female",
        relation="head",
        personal_id="０２５ ３０１ ０１２３４５",
    )
    assert member.full_name == "Nguyễn Thị Ánh"
    assert member.personal_id == "025301012345"
    hidden = MemberData(
        full_name="\u0301\u0300", birth_date=dt.date(2001, 5, 1), sex="female", relation="head"
    )
    assert any("chỉ có dấu" in error for error in check_member(hidden))


def test_the_middleware_cleans_every_value_but_passwords() -> None:
    seen = {}

    def view(request):  # noqa: ANN001, ANN202
        seen.update(get=request.GET.dict(), post=request.POST.dict())
        return HttpResponse()

    request = RequestFactory().post(
        "/dang-ky/?q=a%00b",
        {"full_name": NFD_NAME + "\x07", "password1": "mật\x00khẩu"},
    )
    CleanInputMiddleware(view)(request)
    assert seen["get"] == {"q": "ab"}
    assert seen["post"]["full_name"] == "Nguyễn Thị Ánh"
    assert seen["post"]["password1"] == "mật\x00khẩu"  # as typed: the form refuses a NUL


def test_parse_id_takes_only_numbers_a_column_can_hold() -> None:
    assert parse_id("42") == 42
    assert parse_id("9" * 25) is None and parse_id("-1") is None and parse_id("４２") is None
    assert parse_id("5", low=1, high=4) is None
