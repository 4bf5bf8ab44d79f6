"""Anonymous status lookup by code and four digits."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from phuongso.dossiers.testing import at, walk_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> None:
    cache.clear()


@pytest.fixture
def dossier(three_day_procedure, counter_officer):
    return walk_in(three_day_procedure, counter_officer, at("02/03/2026"))


def lookup(client, code: str, digits: str):
    return client.post(reverse("dossiers:lookup"), {"code": code, "digits": digits})


def test_the_code_and_the_phone_digits_show_the_status(client, dossier) -> None:
    body = lookup(client, dossier.code, "0001").content.decode()
    assert "Đã tiếp nhận" in body and "05/03/2026" in body
    assert "Nguyễn Văn Dân" not in body  # no personal data beyond the slip


def test_a_wrong_code_and_wrong_digits_get_the_same_answer(client, dossier) -> None:
    wrong_code = lookup(client, dossier.code[:-1] + "9", "0001").content.decode()
    wrong_digits = lookup(client, dossier.code, "9999").content.decode()
    message = "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 chữ số đã nhập"
    assert message in wrong_code and message in wrong_digits
    strip = lambda body: body.replace(dossier.code[:-1] + "9", "").replace(dossier.code, "")  # noqa: E731
    assert strip(wrong_code).split("<main")[1].split("</form>")[0].count("form-errors") == 1
    assert "Đã tiếp nhận" not in wrong_code and "Đã tiếp nhận" not in wrong_digits


def test_the_qr_code_link_prefills_the_code(client, dossier) -> None:
    body = client.get(
        reverse("dossiers:lookup_code", kwargs={"code": dossier.code})
    ).content.decode()
    assert f'value="{dossier.code}"' in body


def test_lookups_are_rate_limited(client, dossier, settings) -> None:
    settings.LOOKUP_LIMIT = 3
    for _ in range(3):
        assert lookup(client, dossier.code, "9999").status_code == 200
    response = lookup(client, dossier.code, "0001")
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def lookup_from(client, address: str, code: str, digits: str):
    return client.post(
        reverse("dossiers:lookup"), {"code": code, "digits": digits}, REMOTE_ADDR=address
    )


def test_guessing_one_code_from_many_addresses_is_stopped(client, dossier, settings) -> None:
    """Each address stays under its own limit; the code's wrong guesses are counted too."""
    settings.LOOKUP_CODE_GUESSES = 3
    for n in range(3):
        assert lookup_from(client, f"203.0.113.{n}", dossier.code, f"999{n}").status_code == 200
    # Even the right digits are refused now, from a fresh address: nothing left to learn.
    response = lookup_from(client, "198.51.100.7", dossier.code, "0001")
    assert response.status_code == 429
    body = response.content.decode()
    assert "đã được tra cứu sai quá nhiều lần" in body and "Đã tiếp nhận" not in body
    # A code that does not exist is locked the same way, so the lock reveals nothing; other
    # codes are answered as before.
    for n in range(3):
        lookup_from(client, f"203.0.113.{n}", "000.00.00.H99-260302-9999", "0001")
    missing = lookup_from(client, "198.51.100.8", "000.00.00.H99-260302-9999", "0001")
    assert missing.status_code == 429
    other = walk_in(dossier.procedure, dossier.received_by, at("03/03/2026"))
    assert (
        "Đã tiếp nhận" in lookup_from(client, "198.51.100.9", other.code, "0001").content.decode()
    )


def test_a_code_guessed_at_still_opens_with_the_whole_phone_number(
    client, dossier, settings
) -> None:
    """Guessers cannot lock the citizen out: past the code's limit the four digits no longer
    show it, the applicant's whole number (not guessable) still does."""
    settings.LOOKUP_CODE_GUESSES = 3
    for n in range(3):
        lookup_from(client, f"203.0.113.{n}", dossier.code, f"999{n}")
    refused = lookup_from(client, "198.51.100.7", dossier.code, "0001").content.decode()
    assert "nhập đầy đủ số điện thoại hoặc số định danh" in refused
    assert "Số điện thoại hoặc số định danh đầy đủ của người nộp" in refused  # the field
    whole = {"code": dossier.code, "digits": "", "whole": "0912 000 001"}
    page = client.post(reverse("dossiers:lookup"), whole, REMOTE_ADDR="198.51.100.7")
    assert page.status_code == 200 and "Đã tiếp nhận" in page.content.decode()
    wrong = client.post(
        reverse("dossiers:lookup"), {**whole, "whole": "0912 000 009"}, REMOTE_ADDR="198.51.100.7"
    ).content.decode()
    assert "Không tìm thấy hồ sơ khớp" in wrong and "Đã tiếp nhận" not in wrong


def test_the_code_is_found_whatever_its_case_and_spaces(client, dossier) -> None:
    typed = " " + dossier.code.lower().replace("-", " - ", 1) + " "
    assert "Đã tiếp nhận" in lookup(client, typed, "0001").content.decode()
