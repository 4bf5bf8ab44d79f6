from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
    enter_the_code_sent_to,
    screenshot,
    serious_accessibility_violations,
    sign_in,
)

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
    page.wait_for_url(live_server.url + "/dang-ky/xac-minh/")
    assert "0934 567 890" in page.locator("main").inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "03b-register-code")
    enter_the_code_sent_to(page, live_server.url, "+84934567890")
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


def test_registering_with_someone_elses_number_brings_none_of_their_papers(
    make_page, live_server, demo, pdf_file, settings
) -> None:
    """The account-takeover path, closed end to end: a stranger registers with Lan's personal
    number and name; Lan hands in papers at the counter, where the officer checks her card;
    the stranger's account shows nothing, and Lan reaches her dossier by proving her phone."""
    from phuongso.accounts.models import User
    from phuongso.notifications.models import Notification

    settings.SITE_URL = base = live_server.url
    stranger = make_page(390, 844, is_mobile=True)
    stranger.goto(base + "/dang-ky/")
    stranger.get_by_label("Họ và tên").fill("Hoàng Thị Lan")
    stranger.get_by_label("Số điện thoại").fill("0966 111 222")
    stranger.get_by_label("Số định danh cá nhân (không bắt buộc)").fill("025190000777")
    stranger.locator("#id_password1").fill("Ke-gian-2026")
    stranger.locator("#id_password2").fill("Ke-gian-2026")
    stranger.get_by_role("button", name="Đăng ký").click()
    enter_the_code_sent_to(stranger, base, "+84966111222")
    stranger.wait_for_url(base + "/")

    counter = make_page()
    sign_in(counter, base, "motcua")
    counter.goto(base + "/mot-cua/tiep-nhan/")
    options = counter.get_by_label("Thủ tục").locator("option").all_inner_texts()
    choice = next(text for text in options if "Chứng thực bản sao từ bản chính" in text)
    counter.get_by_label("Thủ tục").select_option(label=choice)
    counter.get_by_role("button", name="Chọn thủ tục").click()
    counter.get_by_label("Họ và tên người nộp").fill("Hoàng Thị Lan")
    counter.get_by_label("Số điện thoại").fill("0977 123 456")
    counter.get_by_label("Số định danh cá nhân", exact=True).fill("025190000777")
    counter.get_by_label("Đã đối chiếu số định danh với thẻ căn cước bản chính").check()
    counter.locator("input[type=file]").first.set_input_files(str(pdf_file))
    counter.get_by_label("Tôi đã kiểm tra: hồ sơ đủ thành phần, hợp lệ").check()
    screenshot(counter, "07-walk-in-card-checked")
    counter.get_by_role("button", name="Tiếp nhận và cấp giấy hẹn").click()
    code = counter.locator("dl.facts dd").first.inner_text()

    stranger.goto(base + "/ho-so-cua-toi/")
    assert code not in stranger.locator("main").inner_text()
    screenshot(stranger, "08-stranger-sees-nothing")
    lan_account = User.objects.get(phone="+84977123456")
    assert lan_account.identity_verified and lan_account.personal_id == "025190000777"

    lan = make_page(390, 844, is_mobile=True)
    lan.goto(base + "/quen-mat-khau/")
    lan.get_by_label("Số điện thoại hoặc thư điện tử").fill("0977 123 456")
    lan.get_by_role("button", name="Gửi đường dẫn").click()
    sms = Notification.objects.get(event="password_link", recipient="+84977123456")
    lan.goto(re.search(r"https?://\S+", sms.body).group(0))
    lan.locator("#id_new_password1").fill("Bach-Hac-2026")
    lan.get_by_label("Nhập lại mật khẩu mới").fill("Bach-Hac-2026")
    lan.get_by_role("button", name="Đặt mật khẩu").click()
    sign_in(lan, base, "0977123456", "Bach-Hac-2026")
    lan.wait_for_url(base + "/ho-so-cua-toi/")
    assert code in lan.locator("main").inner_text()
    assert serious_accessibility_violations(lan) == []
    screenshot(lan, "09-lan-sees-her-dossier")
