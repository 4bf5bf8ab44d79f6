"""The one-stop story in a real browser: a citizen registers, submits online, the ward
receives, asks for a supplement, approves and returns the result; the citizen rates."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    enter_the_code_sent_to,
    screenshot,
    serious_accessibility_violations,
    sign_in,
)

pytestmark = pytest.mark.browser


def no_serious_violations(page, where: str) -> None:
    violations = serious_accessibility_violations(page)
    assert violations == [], f"{where}: {violations}"


def open_action(page, label: str) -> None:
    summary = page.locator("details.action summary", has_text=label)
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()


def test_the_whole_online_story(make_page, live_server, demo, pdf_file) -> None:
    base = live_server.url
    citizen = make_page(390, 844, is_mobile=True, has_touch=True)

    # A citizen registers on a phone.
    citizen.goto(base + "/dang-ky/")
    no_serious_violations(citizen, "registration")
    citizen.get_by_label("Họ và tên").fill("Đặng Thu Hà")
    citizen.get_by_label("Số điện thoại").fill("0356 789 012")
    citizen.get_by_label("Thư điện tử").fill("ha.dang@example.vn")
    citizen.locator("#id_password1").fill("Bach-Hac-2026")
    citizen.locator("#id_password2").fill("Bach-Hac-2026")
    citizen.get_by_role("button", name="Đăng ký").click()
    no_serious_violations(citizen, "registration code")
    enter_the_code_sent_to(citizen, base, "+84356789012")
    citizen.wait_for_url(base + "/")
    no_serious_violations(citizen, "home page, signed in")

    # Asks in people's words: "photo công chứng" is the catalogue's "Chứng thực bản sao".
    citizen.goto(base + "/thu-tuc/?q=photo+cong+chung")
    first = citizen.locator("table.procedure-table tbody tr th a").first
    expect(first).to_have_text("Chứng thực bản sao từ bản chính")
    no_serious_violations(citizen, "catalogue search in people's words")
    screenshot(citizen, "story-00-search-synonym")

    # Finds birth registration by typing without diacritics.
    citizen.goto(base + "/thu-tuc/")
    no_serious_violations(citizen, "catalogue")
    # Before the search every procedure is listed; after it, only the matching ones.
    assert citizen.get_by_role("link", name="Chứng thực bản sao từ bản chính").count() == 1
    citizen.get_by_label("Tìm thủ tục").fill("DANG KY khai sinh")
    citizen.get_by_role("button", name="Tìm kiếm").click()
    expect(citizen.get_by_role("link", name="Chứng thực bản sao từ bản chính")).to_have_count(0)
    no_serious_violations(citizen, "catalogue search results")
    citizen.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    screenshot(citizen, "story-01-procedure")
    no_serious_violations(citizen, "procedure page")
    citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()

    # Submits with uploads.
    citizen.get_by_label("Địa chỉ liên hệ").fill("Tổ dân phố 2 Bạch Hạc")
    citizen.get_by_label("Nội dung đề nghị").fill(
        "Đăng ký khai sinh cho con: Nguyễn Bảo An, sinh 20/11/2026"
    )
    for label in (
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh do cơ sở y tế cấp",
        "Giấy tờ tùy thân của cha, mẹ hoặc người đi đăng ký khai sinh",
    ):
        citizen.get_by_label(label, exact=False).first.set_input_files(str(pdf_file))
    screenshot(citizen, "story-02-submit-form")
    no_serious_violations(citizen, "submission form")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    citizen.wait_for_url(re.compile(r".*/da-nop/$"))
    assert "Đã nộp hồ sơ trực tuyến" in citizen.locator("h1").inner_text()
    dossier_url = citizen.get_by_role("link", name="Theo dõi hồ sơ").get_attribute("href")
    no_serious_violations(citizen, "submission confirmation")
    screenshot(citizen, "story-03-submitted")
    citizen.goto(base + "/ho-so-cua-toi/")
    no_serious_violations(citizen, "my dossiers")

    # The counter officer receives it.
    counter = make_page()
    sign_in(counter, base, "motcua")
    counter.goto(base + "/mot-cua/")
    no_serious_violations(counter, "counter")
    screenshot(counter, "story-04-counter-queue")
    # This citizen's dossier in the queue, not whichever waits first.
    pk = dossier_url.rstrip("/").rsplit("/", 1)[1]
    counter.locator(f'a[href="/xu-ly/ho-so/{pk}/"]').click()
    open_action(counter, "Tiếp nhận hồ sơ")
    counter.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    assert "Đã thực hiện: Tiếp nhận hồ sơ" in counter.locator(".messages").inner_text()
    code = counter.locator("dl.facts dd").first.inner_text()
    assert re.fullmatch(r"\S+-\d{6}-\d{4}", code)
    no_serious_violations(counter, "desk dossier page")
    screenshot(counter, "story-05-received")

    # The specialist takes it and asks for a supplement.
    specialist = make_page()
    sign_in(specialist, base, "chuyenvien")
    specialist.goto(base + "/xu-ly/hop/chua-giao/")
    no_serious_violations(specialist, "inbox")
    specialist.get_by_role("link", name=code).click()
    open_action(specialist, "Phân công xử lý")
    specialist.get_by_label("Giao cho chuyên viên").select_option(label="Lê Minh Tuấn")
    specialist.get_by_role("button", name="Phân công xử lý").click()
    open_action(specialist, "Yêu cầu bổ sung giấy tờ")
    specialist.locator("#id_request_supplement-note").fill(
        "Ảnh giấy chứng sinh bị mờ, đề nghị chụp lại rõ nét."
    )
    specialist.get_by_role("button", name="Yêu cầu bổ sung giấy tờ").click()
    assert "Yêu cầu bổ sung giấy tờ" in specialist.locator(".status").first.inner_text()
    screenshot(specialist, "story-06-supplement-requested")

    # The citizen supplements.
    citizen.goto(base + dossier_url)
    assert "Ảnh giấy chứng sinh bị mờ" in citizen.locator(".callout").inner_text()
    citizen.get_by_label("Giấy tờ bổ sung").set_input_files(str(pdf_file))
    citizen.get_by_role("button", name="Gửi giấy tờ bổ sung").click()
    assert "Đã gửi giấy tờ bổ sung" in citizen.locator(".messages").inner_text()
    no_serious_violations(citizen, "citizen dossier page")
    screenshot(citizen, "story-07-supplemented")

    # The specialist proposes the result; the leader approves.
    specialist.reload()
    open_action(specialist, "Trình kết quả")
    specialist.get_by_label("Số, ký hiệu kết quả").fill("125/2026/TLKS")
    specialist.get_by_label("Tệp kết quả điện tử").set_input_files(str(pdf_file))
    specialist.get_by_role("button", name="Trình kết quả").click()
    leader = make_page()
    sign_in(leader, base, "lanhdao")
    leader.goto(base + "/xu-ly/hop/cho-duyet/")
    leader.get_by_role("link", name=code).click()
    open_action(leader, "Phê duyệt kết quả")
    leader.get_by_role("button", name="Phê duyệt kết quả").click()
    screenshot(leader, "story-08-approved")

    # The counter returns it electronically.
    counter.goto(base + "/mot-cua/")
    counter.get_by_role("link", name=code).click()
    open_action(counter, "Trả kết quả")
    no_serious_violations(counter, "desk page with the return form")
    counter.get_by_label("Trả kết quả điện tử (trực tuyến)").check()
    counter.get_by_role("button", name="Trả kết quả").click()
    assert "Đã trả kết quả" in counter.locator(".status").first.inner_text()

    # The citizen downloads the result and rates.
    citizen.goto(base + dossier_url)
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="Tải kết quả điện tử").click()
    assert download.value.suggested_filename == f"ket-qua-{code}.pdf"
    no_serious_violations(citizen, "returned dossier with the rating form")
    citizen.get_by_label("Hài lòng", exact=True).check()
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    assert "Cảm ơn bạn đã đánh giá" in citizen.locator(".messages").inner_text()
    screenshot(citizen, "story-09-rated")


def test_walk_in_with_a_printed_slip_and_anonymous_lookup(
    make_page, live_server, demo, pdf_file
) -> None:
    base = live_server.url
    counter = make_page()
    sign_in(counter, base, "motcua")
    counter.goto(base + "/mot-cua/tiep-nhan/")
    options = counter.get_by_label("Thủ tục").locator("option").all_inner_texts()
    choice = next(text for text in options if "Chứng thực bản sao từ bản chính" in text)
    counter.get_by_label("Thủ tục").select_option(label=choice)
    counter.get_by_role("button", name="Chọn thủ tục").click()
    counter.get_by_label("Họ và tên người nộp").fill("Vũ Văn Hùng")
    counter.get_by_label("Số điện thoại").fill("0912 888 123")
    counter.locator("input[type=file]").first.set_input_files(str(pdf_file))
    counter.get_by_label("Đã thu phí, lệ phí tại quầy").check()
    counter.get_by_label("Tôi đã kiểm tra: hồ sơ đủ thành phần, hợp lệ").check()
    no_serious_violations(counter, "walk-in form")
    screenshot(counter, "walkin-01-form")
    counter.get_by_role("button", name="Tiếp nhận và cấp giấy hẹn").click()
    code = counter.locator("dl.facts dd").first.inner_text()
    slip = counter.request.get(
        base + counter.get_by_role("link", name="Giấy tiếp nhận và hẹn trả").get_attribute("href")
    )
    assert slip.ok and slip.body().startswith(b"%PDF")
    no_serious_violations(counter, "desk page after a walk-in")
    screenshot(counter, "walkin-02-received")

    visitor = make_page(390, 844, is_mobile=True)
    visitor.goto(base + "/")
    no_serious_violations(visitor, "home page")
    visitor.goto(base + "/tra-cuu/")
    no_serious_violations(visitor, "lookup form")
    visitor.get_by_label("Mã hồ sơ").fill(code)
    visitor.get_by_label("4 số cuối điện thoại hoặc số định danh của người nộp").fill("0000")
    visitor.get_by_role("button", name="Tra cứu").click()
    assert "Không tìm thấy hồ sơ" in visitor.locator("main").inner_text()
    no_serious_violations(visitor, "lookup, not found")
    visitor.goto(base + f"/tra-cuu/{code}/")
    visitor.get_by_label("4 số cuối điện thoại hoặc số định danh của người nộp").fill("8123")
    visitor.get_by_role("button", name="Tra cứu").click()
    assert "Đã tiếp nhận" in visitor.locator("main").inner_text()
    assert "Vũ Văn Hùng" not in visitor.locator("main").inner_text()
    no_serious_violations(visitor, "lookup")
    screenshot(visitor, "lookup-01-found")


def test_walk_in_refused_at_intake_with_its_printed_refusal(make_page, live_server, demo) -> None:
    base = live_server.url
    counter = make_page()
    sign_in(counter, base, "motcua")
    counter.goto(base + "/mot-cua/tiep-nhan/")
    options = counter.get_by_label("Thủ tục").locator("option").all_inner_texts()
    choice = next(text for text in options if "Chứng thực bản sao từ bản chính" in text)
    counter.get_by_label("Thủ tục").select_option(label=choice)
    counter.get_by_role("button", name="Chọn thủ tục").click()
    counter.get_by_label("Họ và tên người nộp").fill("Lê Thị Mai")
    counter.get_by_label("Lý do từ chối, hoặc giấy tờ cần bổ sung").fill(
        "Bản chính xuất trình là giấy tờ bị tẩy xóa, sửa chữa nội dung."
    )
    no_serious_violations(counter, "walk-in form with the intake decision")
    screenshot(counter, "walkin-03-refusal-form")
    counter.get_by_role("button", name="Từ chối tiếp nhận và in phiếu").click()
    assert "Đã từ chối tiếp nhận hồ sơ của Lê Thị Mai" in counter.locator("body").inner_text()
    form = counter.request.get(
        base + counter.get_by_role("link", name="Phiếu từ chối").get_attribute("href")
    )
    assert form.ok and form.body().startswith(b"%PDF")
    no_serious_violations(counter, "desk page after a refusal at intake")
    screenshot(counter, "walkin-04-refused")


def test_a_citizen_trying_another_citizens_dossier_url_gets_404(
    make_page, live_server, demo, pdf_file
) -> None:
    from phuongso.accounts.models import User
    from phuongso.dossiers import services
    from phuongso.dossiers.services import Paper
    from phuongso.procedures.models import Procedure

    owner = User.objects.get(phone="+84912345678")
    procedure = Procedure.objects.get(commune__code=7909, national_code="1.001193")
    papers = [
        Paper(name=d.name, required_document_id=d.pk, file=None)
        for d in procedure.documents.filter(mandatory=True)
    ]
    from django.core.files.uploadedfile import SimpleUploadedFile

    papers = [
        Paper(
            name=p.name,
            required_document_id=p.required_document_id,
            file=SimpleUploadedFile("a.pdf", pdf_file.read_bytes()),
        )
        for p in papers
    ]
    dossier = services.submit_online(procedure=procedure, applicant=owner, papers=papers)
    other = make_page()
    sign_in(other, live_server.url, "0987654321")
    response = other.goto(live_server.url + f"/ho-so-cua-toi/{dossier.pk}/")
    assert response.status == 404
