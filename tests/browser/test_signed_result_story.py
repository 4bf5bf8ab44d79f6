"""The leader approves in the browser, which signs the result; the citizen downloads it and
checks it on the public verification page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from conftest import PASSWORD
from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.testing import papers_for
from phuongso.signing.demo import create_demo_pki
from phuongso.signing.tests.conftest import (  # noqa: F401 - fixtures shared with the unit tests
    pki_dir,
    pki_settings,
    result_pdf,
)
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_dossier_story import open_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("pki_settings")
def test_the_leader_signs_and_the_citizen_checks_the_result(
    make_page, live_server, request, three_day_procedure, citizen, counter_officer, specialist,
    leader,
):  # fmt: skip
    create_demo_pki()
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    dossier = services.receive(dossier, actor=counter_officer)
    dossier = services.assign(dossier, actor=specialist, assignee=specialist)
    upload = SimpleUploadedFile("ket-qua.pdf", request.getfixturevalue("result_pdf"))
    dossier = services.propose_result(dossier, actor=specialist, result_file=upload)
    base = live_server.url

    desk = make_page()
    sign_in(desk, base, leader.username, PASSWORD)
    desk.goto(f"{base}/xu-ly/ho-so/{dossier.pk}/")
    open_action(desk, "Phê duyệt kết quả")
    desk.get_by_role("button", name="Phê duyệt kết quả").click()
    expect(desk.locator(".messages")).to_contain_text("Đã thực hiện: Phê duyệt kết quả")
    screenshot(desk, "signed-01-approved")

    dossier = Dossier.objects.get(pk=dossier.pk)
    services.return_result(dossier, actor=counter_officer, electronic=True, fee_collected_now=True)

    page = make_page()
    sign_in(page, base, citizen.username, PASSWORD)
    page.goto(f"{base}/ho-so-cua-toi/{dossier.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải kết quả điện tử").click()
    page.goto(base + "/xac-thuc/")
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(download.value.path())
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.get_by_role("heading", name="Văn bản hợp lệ")).to_be_visible()
    expect(page.get_by_text("Có: trùng khớp từng byte")).to_be_visible()
    expect(page.get_by_text(dossier.code)).to_be_visible()
    screenshot(page, "signed-02-citizen-checks-the-result")
