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
