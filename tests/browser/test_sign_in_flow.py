from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot, serious_accessibility_violations

pytestmark = pytest.mark.browser


def test_a_counter_officer_opens_the_home_page_and_signs_in(page, live_server, demo) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Dịch vụ công Phường Thanh Miếu"
    assert page.get_by_role("link", name="Xem danh mục thủ tục").is_visible()
    screenshot(page, "01-home")

    page.get_by_role("link", name="Đăng nhập", exact=True).first.click()
    page.get_by_label("Số điện thoại, thư điện tử hoặc tên đăng nhập").fill("motcua")
    page.get_by_label("Mật khẩu").fill("Demo@2025")
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url(live_server.url + "/can-bo/")
    body = page.locator("main").inner_text()
    assert "Bàn làm việc của cán bộ" in body
    assert "Nguyễn Thị Hoa" in body
    assert "Trung tâm Phục vụ hành chính công phường" in body
    assert "Cán bộ Bộ phận Một cửa" in body
    screenshot(page, "02-staff-home")


def test_a_wrong_password_shows_a_vietnamese_error(page, live_server, demo) -> None:
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Số điện thoại, thư điện tử hoặc tên đăng nhập").fill("motcua")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert (
        "Thông tin đăng nhập hoặc mật khẩu không đúng" in page.locator("[role=alert]").inner_text()
    )


def test_a_citizen_registers_on_a_phone(phone_page, live_server, demo) -> None:
    page = phone_page
    page.goto(live_server.url + "/dang-ky/")
    page.get_by_label("Họ và tên").fill("Phan Thị Ngọc")
    page.get_by_label("Số điện thoại").fill("0934 567 890")
    page.locator("#id_password1").fill("Song-Lo-2025")
    page.get_by_label("Nhập lại mật khẩu").fill("Song-Lo-2025")
    screenshot(page, "03-register-phone")
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(live_server.url + "/")
    assert "Đăng ký thành công" in page.locator(".messages").inner_text()
    assert "Phan Thị Ngọc" in page.locator("header").inner_text()
    screenshot(page, "04-registered-phone")


def test_a_citizen_registered_at_the_counter_sets_a_password_from_the_sms(
    phone_page, live_server, demo, settings
) -> None:
    from phuongso.accounts.models import User
    from phuongso.notifications.models import Notification

    settings.SITE_URL = live_server.url
    walk_in = User.objects.create_user(
        username="0977123456", full_name="Hoàng Thị Lan", phone="+84977123456"
    )  # as the counter makes one: no password
    page = phone_page
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_role("link", name=re.compile("Quên mật khẩu")).click()
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0977 123 456")
    screenshot(page, "05-password-link")
    page.get_by_role("button", name="Gửi đường dẫn").click()
    assert "đường dẫn đặt mật khẩu vừa được gửi" in page.locator(".messages").inner_text()

    sms = Notification.objects.get(event="password_link", recipient=walk_in.phone)
    page.goto(re.search(r"https?://\S+", sms.body).group(0))
    assert serious_accessibility_violations(page) == []
    page.locator("#id_new_password1").fill("Bach-Hac-2026")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Bach-Hac-2026")
    screenshot(page, "06-password-set")
    page.get_by_role("button", name="Đặt mật khẩu").click()
    assert "Đã đặt mật khẩu" in page.locator(".messages").inner_text()
    page.get_by_label("Số điện thoại, thư điện tử hoặc tên đăng nhập").fill("0977123456")
    page.locator("#id_password").fill("Bach-Hac-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/ho-so-cua-toi/")
    assert "Hoàng Thị Lan" in page.locator("header").inner_text()
