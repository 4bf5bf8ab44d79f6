from __future__ import annotations

import pytest
from django.utils.html import escape
from openpyxl import Workbook

from phuongso.procedures.models import Procedure
from phuongso.procedures.tests.conftest import as_upload

pytestmark = pytest.mark.django_db

PAGE = "/thu-tuc/quan-ly/"
DOWNLOAD = "/thu-tuc/quan-ly/tai-xuong/"


def test_an_anonymous_visitor_is_sent_to_sign_in(client, catalogue) -> None:
    for url in (PAGE, DOWNLOAD):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/dang-nhap/?next=")


@pytest.mark.parametrize("who", ["citizen", "counter_officer", "specialist", "leader"])
def test_people_other_than_administrators_are_refused(client, request, catalogue, who) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 403
    assert client.get(DOWNLOAD).status_code == 403
    assert client.post(PAGE, {"workbook": as_upload(Workbook())}).status_code == 403


def test_an_administrator_downloads_the_workbook(client, administrator, catalogue) -> None:
    client.force_login(administrator)
    page = client.get(PAGE).content.decode()
    assert "Cập nhật danh mục thủ tục – Phường Thanh Miếu" in page
    assert f'href="{DOWNLOAD}?xa=7909"' in page
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert 'filename="danh-muc-thu-tuc-7909.xlsx"' in response["Content-Disposition"]


def test_an_upload_with_errors_lists_them_and_changes_nothing(
    client, administrator, exported
) -> None:
    sheet = exported["Thủ tục"]
    sheet.cell(row=2, column=3).value = None
    client.force_login(administrator)
    response = client.post(PAGE, {"workbook": as_upload(exported)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Không nhập được danh mục: 1 lỗi, chưa có thay đổi nào." in page
    message = "Trang 'Thủ tục', dòng 2, cột 'Tên thủ tục': không được để trống"
    assert escape(message) in page
    assert Procedure.objects.get(national_code="1.001193").name == "Đăng ký khai sinh"


def test_a_good_upload_is_imported(client, administrator, exported) -> None:
    exported["Thủ tục"].cell(row=2, column=3).value = "Đăng ký khai sinh (đã rà soát)"
    client.force_login(administrator)
    response = client.post(PAGE, {"workbook": as_upload(exported)}, follow=True)
    assert "0 thủ tục mới, 34 thủ tục cập nhật" in response.content.decode()
    assert Procedure.objects.get(national_code="1.001193").name.endswith("(đã rà soát)")


def test_an_administrator_cannot_manage_another_commune(
    client, administrator, catalogue, other_commune
) -> None:
    client.force_login(administrator)
    assert client.get(PAGE, {"xa": other_commune.code}).status_code == 404


def test_a_province_administrator_chooses_the_commune(
    client, province_administrator, catalogue, other_commune
) -> None:
    client.force_login(province_administrator)
    page = client.get(PAGE, {"xa": other_commune.code}).content.decode()
    assert "Cập nhật danh mục thủ tục – Phường Việt Trì" in page
    assert '<option value="7900" selected>Phường Việt Trì</option>' in page
