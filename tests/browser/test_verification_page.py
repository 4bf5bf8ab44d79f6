"""The public verification page in a real browser: a valid document, one changed after
signing and one signed under an unknown root, each uploaded by an anonymous visitor."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from phuongso.signing.tests.conftest import (  # noqa: F401 - fixtures shared with the unit tests
    pki_dir,
    pki_settings,
    result_pdf,
    signed_pdf,
    stranger_signed_pdf,
)
from phuongso.signing.tests.test_verification_page import with_content_drawn_over
from tests.browser.conftest import screenshot, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, base: str, path, name: str) -> None:
    page.goto(base + "/xac-thuc/")
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    page.wait_for_load_state()
    screenshot(page, name)


@pytest.mark.usefixtures("pki_settings")
def test_anyone_checks_documents_on_the_verification_page(page, live_server, request, tmp_path):
    base = live_server.url
    valid = request.getfixturevalue("signed_pdf")
    files = {
        "valid": valid,
        "modified": with_content_drawn_over(valid),
        "unknown-root": request.getfixturevalue("stranger_signed_pdf"),
    }
    for name, data in files.items():
        (tmp_path / f"{name}.pdf").write_bytes(data)

    check(page, base, tmp_path / "valid.pdf", "verify-01-valid")
    expect(page.get_by_role("heading", name="Văn bản hợp lệ")).to_be_visible()
    expect(page.get_by_text("Ký bởi: UBND Phường Thanh Miếu")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    check(page, base, tmp_path / "modified.pdf", "verify-02-modified")
    expect(page.get_by_role("heading", name="Văn bản đã bị thay đổi sau khi ký")).to_be_visible()

    check(page, base, tmp_path / "unknown-root.pdf", "verify-03-unknown-root")
    expect(page.get_by_role("heading", name="Chữ ký không được tin cậy")).to_be_visible()
