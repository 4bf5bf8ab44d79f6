"""The public list, each report's page, the figures and Open311 never show who reported."""

from __future__ import annotations

import pytest

from phuongso.feedback import services
from phuongso.feedback.models import Report
from phuongso.feedback.services import Reporter
from phuongso.feedback.tests.conftest import png

pytestmark = pytest.mark.django_db

SECRETS = ("Nguyễn Văn Dân", "dan@example.vn", "+84912000001", "0912 000 001", "0912000001")


@pytest.fixture
def answered(make_report, citizen, economy_specialist) -> Report:
    report = make_report(reporter=citizen, photos=[png()])
    report = services.accept(report, actor=economy_specialist, note="Tổ điện sẽ kiểm tra.")
    return services.resolve(report, actor=economy_specialist, answer="Đã thay ba bóng đèn LED.")


def assert_no_personal_data(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def test_the_list_shows_the_report_and_the_answer_but_not_the_reporter(client, answered) -> None:
    page = client.get("/phan-anh/").content.decode()
    assert "Ba cột đèn đầu ngõ không sáng" in page
    assert "Đã thay ba bóng đèn LED." in page
    assert "Đã giải quyết" in page
    assert_no_personal_data(page)


def test_the_report_page_shows_the_history_but_not_the_reporter(client, answered) -> None:
    page = client.get(f"/phan-anh/{answered.pk}/").content.decode()
    assert "Tổ dân phố 3 Thanh Miếu" in page
    assert "Tổ điện sẽ kiểm tra." in page
    assert f"/phan-anh/{answered.pk}/anh/" in page
    assert "Người phản ánh" in page  # the role, never the name
    assert_no_personal_data(page)


def test_open311_shows_no_personal_data(client, answered) -> None:
    for fmt in ("json", "xml"):
        body = client.get(f"/open311/v2/requests.{fmt}").content.decode()
        assert f"{answered.pk}" in body
        assert_no_personal_data(body)
        detail = client.get(f"/open311/v2/requests/{answered.pk}.{fmt}").content.decode()
        assert_no_personal_data(detail)


def test_a_report_not_allowed_to_be_published_is_nowhere_public(client, make_report) -> None:
    hidden = make_report(may_publish=False, description="Nhà hàng xóm số 7 nuôi chó thả rông.")
    assert "Nhà hàng xóm số 7" not in client.get("/phan-anh/").content.decode()
    assert client.get(f"/phan-anh/{hidden.pk}/").status_code == 404
    assert client.get(f"/open311/v2/requests/{hidden.pk}.json").status_code == 404
    assert "Nhà hàng xóm số 7" not in client.get("/open311/v2/requests.json").content.decode()


def test_a_refused_reports_text_and_photos_stay_hidden(
    client, make_report, economy_specialist
) -> None:
    report = make_report(description="Nội dung xúc phạm cán bộ.", photos=[png()])
    services.refuse(report, actor=economy_specialist, reason="Nội dung không phải phản ánh.")
    page = client.get(f"/phan-anh/{report.pk}/").content.decode()
    assert "Nội dung không phải phản ánh." in page
    assert "xúc phạm" not in page
    photo = report.photos.get()
    assert client.get(f"/phan-anh/{report.pk}/anh/{photo.pk}/").status_code == 404


def test_photos_of_unpublished_reports_are_only_for_the_reporter_and_the_unit(
    client, make_report, citizen, other_citizen, economy_specialist
) -> None:
    report = make_report(reporter=citizen, may_publish=False, photos=[png()])
    url = f"/phan-anh/{report.pk}/anh/{report.photos.get().pk}/"
    assert client.get(url).status_code == 404
    client.force_login(other_citizen)
    assert client.get(url).status_code == 404
    for person in (citizen, economy_specialist):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        # Reading the stream to its end closes the file; closing the response by hand would
        # also fire request_finished, which drops the test's PostgreSQL connection.
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_anonymous_contacts_stay_private(client, commune, street_lights) -> None:
    services.submit_report(
        commune=commune,
        category=street_lights,
        description="Đèn cầu Bạch Hạc hỏng.",
        reporter=Reporter(name="Lê Thị Ẩn Danh", phone="+84987000111", email="an@example.vn"),
        address="Cầu Bạch Hạc",
    )
    page = client.get("/phan-anh/").content.decode()
    assert "Đèn cầu Bạch Hạc hỏng." in page
    for secret in ("Lê Thị Ẩn Danh", "+84987000111", "an@example.vn"):
        assert secret not in page


def test_a_filter_that_matches_nothing_says_so_and_leads_back(client, answered) -> None:
    body = client.get("/phan-anh/?trang_thai=closed").content.decode()
    assert "Không có phản ánh nào phù hợp bộ lọc" in body
    assert "Chưa có phản ánh nào được công khai" not in body
    assert 'href="/phan-anh/?xa=7909"' in body
