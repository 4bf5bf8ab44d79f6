from __future__ import annotations

import io
import subprocess

import pytest
from django.core.management import call_command

from tests.browser.conftest import (
    ARTIFACTS,
    pass_second_factor,
    screenshot,
    serious_accessibility_violations,
)

pytestmark = pytest.mark.browser


def test_a_leader_follows_the_resolution_enters_a_figure_and_downloads_the_report(
    page, live_server, demo
) -> None:
    call_command("seed_resolution", stdout=io.StringIO())
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Số điện thoại, thư điện tử hoặc tên đăng nhập").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill("Demo@2025")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/can-bo/")

    # One screen: six indicators with their lights, charts and the overdue tasks by unit.
    page.goto(live_server.url + "/nghi-quyet/")
    assert page.locator("h1").inner_text().startswith("Theo dõi thực hiện Nghị quyết")
    cards = page.locator(".indicator-card")
    assert cards.count() == 6
    assert cards.locator("svg.chart").count() == 6
    revenue = cards.filter(has_text="Thu ngân sách nhà nước trên địa bàn")
    assert "Có nguy cơ chậm" in revenue.inner_text()
    assert "Trên 632 tỷ đồng" in revenue.inner_text()
    assert "Nhiệm vụ quá hạn theo đơn vị" in page.locator("main").inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "resolution-01-dashboard")

    # Enter the 2026 budget revenue with its source; the status changes.
    revenue.get_by_role("link", name="Thu ngân sách nhà nước trên địa bàn").click()
    page.get_by_role("link", name="Nhập số liệu thực hiện").click()
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Kỳ").select_option("0")
    page.get_by_label("Giá trị thực hiện (tỷ đồng)").fill("452,3")
    page.get_by_label("Nguồn số liệu").fill(
        "Báo cáo số 215/BC-UBND ngày 20/11/2026 về ước thực hiện thu ngân sách năm 2026"
    )
    screenshot(page, "resolution-02-enter-actual")
    page.get_by_role("button", name="Lưu số liệu").click()
    message = page.locator(".messages").inner_text()
    assert "Đã lưu số liệu năm 2026: 452,3 tỷ đồng" in message
    assert "từ «Có nguy cơ chậm» sang «Đúng lộ trình»" in message
    assert "452,3 tỷ đồng" in page.locator(".year-table").inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "resolution-03-indicator")

    page.goto(live_server.url + "/nghi-quyet/")
    revenue = page.locator(".indicator-card").filter(has_text="Thu ngân sách nhà nước trên địa bàn")
    assert "Đúng lộ trình" in revenue.inner_text()

    # Follow a task from its programme to its progress reports.
    page.get_by_role(
        "link", name="Đầu tư xây dựng kết cấu hạ tầng đô thị theo hướng hiện đại"
    ).click()
    screenshot(page, "resolution-04-programme")
    page.get_by_role("link", name="Kêu gọi đầu tư, bồi thường, giải phóng mặt bằng").click()
    assert "Báo cáo tiến độ (2)" in page.locator("main").inner_text()
    assert "còn 12 hộ chưa đồng thuận" in page.locator(".report-list").inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "resolution-05-task")
    page.get_by_role("link", name="Báo cáo tiến độ", exact=True).click()
    assert page.get_by_label("Tiến độ (%)").is_visible()
    screenshot(page, "resolution-05b-progress-form")
    page.go_back()
    page.locator(".facts").get_by_role("link", name="Phòng Kinh tế, Hạ tầng và Đô thị").click()
    assert "Đơn vị chủ trì" in page.locator("main").inner_text()
    screenshot(page, "resolution-05c-unit")

    # The periodic report, as a PDF.
    page.goto(live_server.url + "/nghi-quyet/")
    page.get_by_role("link", name="Báo cáo định kỳ").click()
    page.get_by_label("Năm").select_option("2026")
    page.get_by_role("button", name="Xem trước").click()
    screenshot(page, "resolution-06-report")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải báo cáo PDF").click()
    pdf = ARTIFACTS / "resolution-report-2026.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["/usr/bin/pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Tình hình thực hiện Nghị quyết" in text
    assert "452,3" in text

    # The dashboard on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/nghi-quyet/")
    screenshot(page, "resolution-07-dashboard-phone")

    # The province administrator sees every commune's resolution side by side.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Số điện thoại, thư điện tử hoặc tên đăng nhập").fill("quantritinh")
    page.get_by_label("Mật khẩu").fill("Demo@2025")
    page.get_by_role("button", name="Đăng nhập").click()
    pass_second_factor(page, "quantritinh")
    page.wait_for_url(live_server.url + "/can-bo/")
    page.goto(live_server.url + "/nghi-quyet/")
    page.wait_for_url(live_server.url + "/nghi-quyet/toan-tinh/")
    assert "Phường Thanh Miếu" in page.locator(".province-grid").inner_text()
    screenshot(page, "resolution-08-province")
