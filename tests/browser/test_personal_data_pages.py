"""The public privacy page and a citizen's own data page (download, correction request)."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from tests.browser.conftest import ARTIFACTS, screenshot, serious_accessibility_violations

pytestmark = pytest.mark.browser


def test_the_privacy_page_and_a_citizens_data_page(
    page, live_server, transactional_db, commune, citizen
) -> None:
    base = live_server.url
    page.goto(base + "/")
    page.get_by_role("link", name="Bảo vệ dữ liệu cá nhân").click()
    assert page.locator("h1").inner_text() == "Bảo vệ dữ liệu cá nhân"
    assert page.locator(".privacy-table tbody tr").count() >= 8
    assert serious_accessibility_violations(page) == []
    screenshot(page, "22-privacy-page")

    page.goto(base + "/dang-nhap/")
    page.get_by_label("Số điện thoại, thư điện tử hoặc tên đăng nhập").fill("0912000001")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/ho-so-cua-toi/**")
    page.get_by_role("link", name="Dữ liệu của tôi").click()
    assert page.locator("h1").inner_text() == "Dữ liệu của tôi"

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Tải bản PDF (để đọc, in)").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    pdf.value.save_as(ARTIFACTS / "22-my-data.pdf")
    with page.expect_download() as data:
        page.get_by_role("link", name="Tải bản JSON (để máy đọc)").click()
    assert data.value.suggested_filename.endswith(".json")

    page.get_by_label("Dữ liệu cần chỉnh sửa").select_option("account")
    page.get_by_label("Thông tin đang sai hoặc thiếu").fill("Địa chỉ: số 1 đường Hùng Vương")
    page.get_by_label("Thông tin đúng").fill("Số 10 đường Hùng Vương")
    page.get_by_role("button", name="Gửi đề nghị").click()
    assert "Đã ghi nhận đề nghị chỉnh sửa" in page.locator(".messages").inner_text()
    assert "Chờ xử lý" in page.locator("main").inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "22-my-data-page")
