from __future__ import annotations

import pytest

from phuongso.procedures.models import Procedure

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_public_and_in_vietnamese(client, catalogue) -> None:
    response = client.get("/thu-tuc/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Danh mục thủ tục hành chính</h1>" in page
    assert '<label for="tim-q">Tìm thủ tục</label>' in page
    assert "Đăng ký khai sinh" in page
    assert "Hộ tịch" in page
    assert '<th scope="col">Tên thủ tục</th>' in page


def test_searching_without_marks_lists_birth_registration(client, catalogue) -> None:
    page = client.get("/thu-tuc/", {"q": "dang ky khai sinh"}).content.decode()
    assert "Kết quả tìm “dang ky khai sinh”" in page
    assert "Tìm thấy 3 thủ tục." in page
    assert 'href="/thu-tuc/1.001193/"' in page
    assert "Đăng ký tạm trú" not in page


def test_htmx_gets_only_the_results(client, catalogue) -> None:
    response = client.get("/thu-tuc/", {"q": "khai tu"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert "Đăng ký khai tử" in page


def test_browsing_a_field(client, catalogue) -> None:
    page = client.get("/thu-tuc/", {"linh_vuc": "chung-thuc"}).content.decode()
    assert "Chứng thực bản sao từ bản chính" in page
    assert "Đăng ký khai sinh</a>" not in page


def test_the_procedure_page_shows_documents_time_fees_and_legal_basis(client, catalogue) -> None:
    response = client.get("/thu-tuc/1.001193/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Đăng ký khai sinh</h1>" in page
    assert "Thành phần hồ sơ" in page
    assert "Tờ khai đăng ký khai sinh" in page
    assert "Giấy chứng sinh do cơ sở y tế cấp" in page
    assert "Trong ngày (sau 15 giờ trả ngày làm việc tiếp theo)" in page
    assert "Miễn lệ phí khi đăng ký khai sinh đúng hạn (Điều 11 Luật Hộ tịch 2014)." in page
    assert "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP" in page
    assert "Phòng Văn hóa – Xã hội" in page


def test_an_online_procedure_offers_the_online_submission_button(client, catalogue) -> None:
    page = client.get("/thu-tuc/1.001193/").content.decode()
    assert '<a class="button" href="/nop-ho-so/1.001193/">Nộp hồ sơ trực tuyến</a>' in page


def test_an_in_person_procedure_has_no_online_button(client, catalogue) -> None:
    page = client.get("/thu-tuc/TM-14/").content.decode()
    assert "Nộp hồ sơ trực tuyến" not in page
    assert "10.000 đồng" in page
    assert "10.000 đồng/trường hợp." in page


def test_fees_are_shown_per_channel(client, catalogue) -> None:
    page = client.get("/thu-tuc/TM-19/").content.decode()
    assert "15.000 đồng" in page
    assert "7.000 đồng/lần đăng ký (nộp trực tuyến)" in page
    assert "Công an phường tiếp nhận và giải quyết" in page


def test_a_police_procedure_points_to_the_polices_own_system(client, catalogue) -> None:
    page = client.get("/thu-tuc/TM-19/").content.decode()
    assert "Nộp hồ sơ trực tuyến" not in page
    assert "nộp trên hệ thống riêng của Công an phường" in page


def test_an_unknown_procedure_is_not_found(client, catalogue) -> None:
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_another_communes_catalogue_is_chosen_with_xa(client, catalogue, other_commune) -> None:
    page = client.get("/thu-tuc/", {"xa": other_commune.code}).content.decode()
    assert "Phường Việt Trì" in page
    assert "Không tìm thấy thủ tục nào phù hợp." in page
    assert client.get("/thu-tuc/1.001193/", {"xa": other_commune.code}).status_code == 404


def test_the_online_button_keeps_the_commune_being_browsed(client, catalogue) -> None:
    page = client.get("/thu-tuc/1.001193/?xa=7909").content.decode()
    assert 'href="/nop-ho-so/1.001193/?xa=7909">Nộp hồ sơ trực tuyến</a>' in page


def test_a_procedure_the_police_take_on_their_own_system_takes_no_online_form_here(
    client, catalogue, citizen
) -> None:
    """TM-19 shows no button (its dossiers go to the police's system); the form's address
    typed by hand must not take one either."""
    assert "Nộp hồ sơ trực tuyến" not in client.get("/thu-tuc/TM-19/").content.decode()
    client.force_login(citizen)
    assert client.get("/nop-ho-so/TM-19/").status_code == 404
    assert client.get("/nop-ho-so/1.001193/").status_code == 200
    # A unit that moves to a system of its own stops taking forms here at once.
    procedure = Procedure.objects.get(national_code="1.001193", commune__code=7909)
    unit = procedure.commune.units.get(kind=procedure.implementing_unit_kind)
    unit.has_own_system = True
    unit.save()
    assert client.get("/nop-ho-so/1.001193/").status_code == 404
