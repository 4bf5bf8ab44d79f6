"""A leader reads the ward's service-quality figures on generated history; anyone reads the
public page (công khai)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def history(demo) -> None:
    call_command(
        "generate_history", dossiers=300, years=1, communes=2, seed=3, stdout=io.StringIO()
    )


def test_a_leader_reads_the_figures_and_drills_into_the_late_dossiers(
    page, live_server, history
) -> None:
    sign_in(page, live_server.url, "lanhdao")
    page.goto(live_server.url + "/chat-luong/")
    assert page.locator("h1").inner_text() == "Chỉ số phục vụ người dân – Phường Thanh Miếu"
    page.get_by_label("Kỳ báo cáo").select_option("nam")
    page.get_by_role("button", name="Xem số liệu").click()
    page.wait_for_load_state()
    assert page.locator(".lead").first.inner_text().startswith("Năm ")
    rows = page.locator(".quality-table tbody tr")
    # Fifteen indicators, and beside 3.3: its local rate, the resolution's fully online share
    # and the same share over the procedures offered fully online.
    assert rows.count() == 18
    assert page.locator(".quality-table svg.quality-trend").count() == 15
    assert "Tổng điểm chưa đầy đủ" in page.locator(".quality-total").inner_text()
    assert "Xếp thứ" in page.locator(".quality-total").inner_text()
    assert page.locator(".quality-pull").count() == 6
    assert serious_accessibility_violations(page) == []
    screenshot(page, "quality-01-dashboard")

    page.get_by_role("link", name="Hồ sơ giải quyết trước hạn, đúng hạn").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "2.1 Hồ sơ giải quyết trước hạn, đúng hạn"
    assert page.locator("nav.tabs [aria-current=page]").inner_text().startswith("Chưa đạt")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "quality-02-late-dossiers")

    page.goto(live_server.url + "/chat-luong/toan-tinh/?ky=nam")
    assert "Phường Thanh Miếu" in page.locator(".quality-ranking").inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "quality-03-province")


def test_anyone_reads_the_public_page_on_a_phone(phone_page, live_server, history) -> None:
    phone_page.goto(live_server.url + "/cong-khai/")
    assert phone_page.locator("h1").inner_text() == (
        "Công khai kết quả giải quyết thủ tục hành chính"
    )
    assert phone_page.locator(".quality-public-card").count() == 2
    text = phone_page.locator("main").inner_text()
    assert "Giải quyết trước hạn, đúng hạn" in text and "Theo lĩnh vực" in text
    assert serious_accessibility_violations(phone_page) == []
    screenshot(phone_page, "quality-04-public-phone")
