"""The feedback story in a real browser: on a phone, a citizen reports a broken street light
with a photo after seeing a similar report; the economy unit finds it in its inbox with its
deadline, accepts, replies and resolves it; the citizen rates it; the public page shows it
without personal data."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844, "is_mobile": True, "has_touch": True}
DESCRIPTION = "Hai cột đèn trước số nhà 15 ngõ 12 không sáng ba tối nay, đoạn ngõ tối om."


def no_serious_violations(page, where: str) -> None:
    violations = serious_accessibility_violations(page)
    assert violations == [], f"{where}: {violations}"


def open_action(page, label: str) -> None:
    summary = page.locator("details.action summary", has_text=label)
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()


@pytest.fixture
def street_light_photo(tmp_path) -> Path:
    """A small real PNG: a dark lane with a lamp post (Pillow)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 360), (28, 32, 48))
    draw = ImageDraw.Draw(image)
    draw.rectangle((225, 60, 240, 340), fill=(120, 120, 128))
    draw.ellipse((205, 40, 260, 80), fill=(70, 70, 70))
    path = tmp_path / "den-ngo-12.png"
    image.save(path, format="PNG")
    return path


def test_a_citizen_reports_a_broken_street_light_and_the_ward_resolves_it(
    make_page, live_server, demo, street_light_photo
) -> None:
    call_command("seed_feedback", stdout=io.StringIO())
    base = live_server.url

    # On a phone, the demo citizen opens the report form.
    citizen = make_page(**PHONE)
    sign_in(citizen, base, "0912345678")
    citizen.goto(base + "/phan-anh/gui/")
    no_serious_violations(citizen, "report form, step 1")
    citizen.get_by_label("Lĩnh vực phản ánh").select_option(label="Đèn chiếu sáng công cộng")
    citizen.get_by_label("Tổ dân phố nơi xảy ra sự việc").select_option(
        label="Tổ dân phố 3 Thanh Miếu"
    )
    citizen.get_by_label("Địa chỉ, địa điểm cụ thể").fill("Ngõ 12 phố Hàm Nghi, trước số 15")
    citizen.get_by_label("Vĩ độ").fill("21.3152")
    citizen.get_by_label("Kinh độ").fill("105.4211")
    screenshot(citizen, "feedback-01-what-and-where")
    citizen.get_by_role("button", name="Tiếp tục").click()

    # A similar open report in the same residential group is suggested before sending.
    similar = citizen.locator(".fb-similar")
    assert "Có thể vấn đề này đã được phản ánh" in similar.inner_text()
    assert "Ba cột đèn đầu ngõ 12 không sáng" in similar.inner_text()
    no_serious_violations(citizen, "report form, step 2 with a similar report")
    screenshot(citizen, "feedback-02-similar-and-details")

    # It is a different lamp: the citizen sends a new report with a photo.
    citizen.get_by_label("Nội dung phản ánh").fill(DESCRIPTION)
    citizen.get_by_label("Ảnh chụp hiện trường (không bắt buộc)").set_input_files(
        str(street_light_photo)
    )
    assert citizen.get_by_label("Đồng ý công khai phản ánh trên cổng thông tin").is_checked()
    citizen.get_by_role("button", name="Gửi phản ánh").click()
    citizen.wait_for_url(re.compile(r".*/phan-anh/da-gui/$"))
    heading = citizen.locator("h1").inner_text()
    number = re.search(r"số (\d+)", heading).group(1)
    assert "Phòng Kinh tế, Hạ tầng và Đô thị" in citizen.locator("main").inner_text()
    no_serious_violations(citizen, "report sent")
    screenshot(citizen, "feedback-03-sent")

    # The economy unit's specialist sees it in the inbox with its deadline.
    officer = make_page()
    sign_in(officer, base, "chuyenvien2")
    officer.goto(base + "/phan-anh/xu-ly/")
    row = officer.locator("tr", has=officer.get_by_role("link", name=f"Phản ánh số {number}"))
    assert re.search(r"\d\d/\d\d/\d{4}", row.locator("td[data-label='Hạn']").inner_text())
    assert "làm việc" in row.locator("td[data-label='Còn lại']").inner_text()
    no_serious_violations(officer, "inbox")
    screenshot(officer, "feedback-04-inbox")

    # Accepts, replies, resolves.
    officer.get_by_role("link", name=f"Phản ánh số {number}").click()
    assert "Nguyễn Văn Minh" in officer.locator("main").inner_text()
    screenshot(officer, "feedback-05-desk-new-report")
    open_action(officer, "Tiếp nhận phản ánh")
    officer.locator("#id_accept-note").fill("Tổ điện chiếu sáng sẽ kiểm tra trong hôm nay.")
    officer.get_by_role("button", name="Tiếp nhận phản ánh").click()
    assert "Đã thực hiện: Tiếp nhận phản ánh" in officer.locator(".messages").inner_text()
    open_action(officer, "Trả lời, cập nhật tiến độ")
    officer.locator("#id_reply-note").fill("Đã xác định hỏng bộ điện, sẽ thay trong ngày mai.")
    officer.get_by_role("button", name="Trả lời, cập nhật tiến độ").click()
    open_action(officer, "Trả lời kết quả giải quyết")
    officer.locator("#id_resolve-note").fill("Đã thay hai bộ đèn LED trước số nhà 15 ngõ 12.")
    officer.get_by_role("button", name="Trả lời kết quả giải quyết").click()
    assert "Đã giải quyết" in officer.locator(".status").first.inner_text()
    no_serious_violations(officer, "desk report page")
    screenshot(officer, "feedback-06-resolved")

    # The citizen reads the answer and rates it.
    citizen.goto(base + f"/phan-anh/cua-toi/{number}/")
    assert "Đã thay hai bộ đèn LED" in citizen.locator("main").inner_text()
    citizen.get_by_label("Rất hài lòng").check()
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    assert "Cảm ơn bạn đã đánh giá" in citizen.locator(".messages").inner_text()
    no_serious_violations(citizen, "citizen report page")
    screenshot(citizen, "feedback-07-rated")

    # Anyone sees it on the public page, without the reporter's personal data.
    visitor = make_page(**PHONE)
    visitor.goto(base + f"/phan-anh/{number}/")
    page_text = visitor.locator("body").inner_text()
    assert DESCRIPTION in page_text and "Đã thay hai bộ đèn LED" in page_text
    for personal in ("Nguyễn Văn Minh", "0912 345 678", "0912345678", "congdan@demo"):
        assert personal not in visitor.content()
    no_serious_violations(visitor, "public report page")
    screenshot(visitor, "feedback-08-public-report")
    visitor.goto(base + "/phan-anh/")
    assert f"Số {number} · Đèn chiếu sáng công cộng" in visitor.locator("main").inner_text()
    no_serious_violations(visitor, "public list")
    screenshot(visitor, "feedback-09-public-list")
    visitor.get_by_role("link", name="Xem số liệu chi tiết, chỉ số xử lý phản ánh đúng hạn").click()
    assert "Chỉ số 5.2" in visitor.locator("main").inner_text()
    no_serious_violations(visitor, "figures")
    screenshot(visitor, "feedback-10-figures")
