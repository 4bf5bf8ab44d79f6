"""An official who reads household data enrols a second factor at the first sign-in (QR code
and secret, a first code, recovery codes shown once), then signs in with a code."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from tests.browser.conftest import screenshot, serious_accessibility_violations

pytestmark = pytest.mark.browser


def app_code(secret: str) -> str:
    """What an authenticator app shows for the secret typed from the page."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def test_an_official_enrols_and_signs_in_with_a_code(
    page, live_server, transactional_db, specialist
) -> None:
    base = live_server.url
    page.goto(base + "/dang-nhap/")
    page.get_by_label("Số điện thoại, thư điện tử hoặc tên đăng nhập").fill(specialist.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url("**/xac-thuc-hai-lop/thiet-lap/**")
    assert page.locator("h1").inner_text() == "Thiết lập xác thực hai lớp"
    assert page.locator("figure.qr svg").is_visible()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "22-second-factor-enrolment")
    secret = page.locator("[data-secret]").inner_text()

    # Nothing else opens before the first code.
    page.goto(base + reverse("households:list"))
    assert "/xac-thuc-hai-lop/thiet-lap/" in page.url

    page.get_by_label("Mã xác thực (6 chữ số trên ứng dụng)").fill(app_code(secret))
    page.get_by_role("button", name="Xác nhận").click()
    codes = page.locator(".recovery-codes code")
    assert codes.count() == 10
    screenshot(page, "22-second-factor-recovery-codes")
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    page.wait_for_url(base + "/ho-gia-dinh/**")

    # Next time: password, then a code from the app.
    page.context.clear_cookies()
    page.goto(base + "/dang-nhap/")
    page.get_by_label("Số điện thoại, thư điện tử hoặc tên đăng nhập").fill(specialist.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/xac-thuc-hai-lop/**")
    TOTPDevice.objects.filter(user=specialist).update(last_t=-1)  # the same 30-second step
    page.get_by_label("Mã xác thực hoặc mã dự phòng").fill(app_code(secret))
    page.get_by_role("button", name="Xác thực").click()
    page.wait_for_url(base + "/can-bo/")
