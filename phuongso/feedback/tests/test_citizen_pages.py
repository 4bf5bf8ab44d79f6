"""A citizen reports in two steps, sees similar open reports first, follows one, and answers
the ward's question from their own page."""

from __future__ import annotations

import pytest

from phuongso.feedback import services
from phuongso.feedback.models import Follower, Report
from phuongso.feedback.tests.conftest import INSIDE, png
from phuongso.feedback.workflow import Action, Status

pytestmark = pytest.mark.django_db


def where(commune, category, **extra) -> dict:  # noqa: ANN001
    group = commune.residential_groups.get(name="Tổ dân phố 3 Thanh Miếu")
    return {"category": category.pk, "residential_group": group.pk, "address": "Ngõ 12", **extra}


def test_step_one_asks_what_and_where(client, commune, street_lights) -> None:
    page = client.get("/phan-anh/gui/").content.decode()
    assert "Lĩnh vực phản ánh" in page and "Tổ dân phố nơi xảy ra sự việc" in page
    assert "Đèn chiếu sáng công cộng" in page
    assert 'name="description"' not in page
    assert '<input type="hidden" name="xa" value="7909">' in page  # not "7.909"


def test_step_two_shows_similar_open_reports_before_the_details(
    client, commune, street_lights, make_report
) -> None:
    existing = make_report()
    hidden = make_report(may_publish=False)
    page = client.post(
        "/phan-anh/gui/", {"buoc": "1", **where(commune, street_lights)}
    ).content.decode()
    assert "Có thể vấn đề này đã được phản ánh" in page
    assert "Vui lòng mô tả" not in page  # step 2 starts without errors
    assert 'id="id_may_publish" checked' in page
    assert f"Số {existing.pk} · Đèn chiếu sáng công cộng" in page
    assert f"Số {hidden.pk} ·" not in page
    assert "1 phản ánh tương tự không công khai" in page
    assert 'name="description"' in page
    assert not Report.objects.filter(pk__gt=hidden.pk).exists()


def test_reports_nearby_by_coordinates_are_similar_too(
    client, commune, street_lights, make_report
) -> None:
    near = make_report(residential_group=None, latitude=INSIDE[0], longitude=INSIDE[1])
    far = make_report(residential_group=None, latitude=21.33, longitude=105.44)
    data = {"buoc": "1", "category": street_lights.pk, "latitude": INSIDE[0] + 0.001}
    page = client.post("/phan-anh/gui/", {**data, "longitude": INSIDE[1]}).content.decode()
    assert f"Số {near.pk} ·" in page and f"Số {far.pk} ·" not in page


def test_a_signed_in_citizen_sends_a_report_with_a_photo(
    client, commune, citizen, street_lights
) -> None:
    client.force_login(citizen)
    response = client.post(
        "/phan-anh/gui/",
        {
            "buoc": "2",
            **where(commune, street_lights),
            "description": "Đèn đầu ngõ 12 không sáng.",
            "photos": [png("a.png"), png("b.png")],
            "may_publish": "on",
        },
    )
    assert response.status_code == 302 and response.url == "/phan-anh/da-gui/"
    report = Report.objects.get()
    assert report.reporter == citizen and report.reporter_phone == "+84912000001"
    assert report.photos.count() == 2 and report.may_publish
    page = client.get("/phan-anh/da-gui/").content.decode()
    assert f"Đã gửi phản ánh số {report.pk}" in page
    assert "Phòng Kinh tế, Hạ tầng và Đô thị" in page
    assert f"/phan-anh/cua-toi/{report.pk}/" in page
    assert (
        f"Số {report.pk} · Đèn chiếu sáng công cộng"
        in client.get("/phan-anh/cua-toi/").content.decode()
    )


def test_an_anonymous_visitor_sends_a_report_with_a_phone_for_the_answer(
    client, commune, street_lights
) -> None:
    response = client.post(
        "/phan-anh/gui/",
        {
            "buoc": "2",
            **where(commune, street_lights),
            "description": "Đèn hỏng.",
            "phone": "0912 345 000",
        },
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.reporter is None and report.reporter_phone == "+84912345000"
    assert not report.may_publish  # the box was left unticked
    assert f"Đã gửi phản ánh số {report.pk}" in client.get("/phan-anh/da-gui/").content.decode()


def test_the_acknowledgement_is_only_for_the_browser_that_sent_it(client) -> None:
    response = client.get("/phan-anh/da-gui/")
    assert response.status_code == 302 and response.url == "/phan-anh/gui/"


def test_editing_step_one_keeps_what_was_typed(client, commune, street_lights) -> None:
    page = client.post(
        "/phan-anh/gui/", {"buoc": "sua", **where(commune, street_lights)}
    ).content.decode()
    assert 'value="Ngõ 12"' in page and "Tiếp tục" in page


def test_a_citizen_follows_a_similar_report_instead_of_sending_one(
    client, make_report, other_citizen
) -> None:
    report = make_report()
    client.force_login(other_citizen)
    response = client.post(f"/phan-anh/{report.pk}/theo-doi/", follow=True)
    assert "Đã theo dõi phản ánh" in response.content.decode()
    assert Follower.objects.filter(report=report, user=other_citizen).exists()
    again = client.post(f"/phan-anh/{report.pk}/theo-doi/", follow=True)
    assert "Bạn đã theo dõi phản ánh này" in again.content.decode()
    assert report.events.get(action=Action.FOLLOW).is_public is False
    mine = client.get("/phan-anh/cua-toi/").content.decode()
    assert "đang theo dõi" in mine


def test_the_reporter_answers_a_question_from_their_page(
    client, make_report, citizen, economy_specialist
) -> None:
    report = services.accept(make_report(reporter=citizen), actor=economy_specialist)
    report = services.request_info(report, actor=economy_specialist, question="Cột đèn số mấy?")
    client.force_login(citizen)
    page = client.get(f"/phan-anh/cua-toi/{report.pk}/").content.decode()
    assert "Phường đề nghị bổ sung thông tin" in page and "Cột đèn số mấy?" in page
    response = client.post(
        f"/phan-anh/cua-toi/{report.pk}/thao-tac/provide_info/",
        {"info": "Cột số 14, trước nhà số 5.", "version": report.version},
        follow=True,
    )
    assert "Đã gửi thông tin bổ sung" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS


def test_another_citizens_report_page_is_404(client, make_report, citizen, other_citizen) -> None:
    report = make_report(reporter=citizen)
    client.force_login(other_citizen)
    assert client.get(f"/phan-anh/cua-toi/{report.pk}/").status_code == 404
    response = client.post(f"/phan-anh/cua-toi/{report.pk}/thao-tac/close/")
    assert response.status_code == 404


def send_anonymously(client, commune, category, address: str):  # noqa: ANN001
    data = {"buoc": "2", **where(commune, category), "description": "Đèn hỏng.", "phone": ""}
    return client.post("/phan-anh/gui/", data, REMOTE_ADDR=address)


def test_anonymous_reports_are_limited_per_address_and_overall(
    client, commune, street_lights, citizen, settings
) -> None:
    settings.FEEDBACK_ANONYMOUS_PER_ADDRESS = 2
    settings.FEEDBACK_ANONYMOUS_PER_HOUR = 3
    for _ in range(2):
        assert send_anonymously(client, commune, street_lights, "203.0.113.1").status_code == 302
    refused = send_anonymously(client, commune, street_lights, "203.0.113.1")
    body = refused.content.decode()
    assert refused.status_code == 200 and "quá nhiều phản ánh gửi không đăng nhập" in body
    assert "Đèn hỏng." in body  # what was typed stays
    # Another address may still send, until everyone together reaches the overall limit.
    assert send_anonymously(client, commune, street_lights, "203.0.113.2").status_code == 302
    assert send_anonymously(client, commune, street_lights, "203.0.113.3").status_code == 200
    assert Report.objects.count() == 3
    # A signed-in citizen is not held back by it.
    client.force_login(citizen)
    assert send_anonymously(client, commune, street_lights, "203.0.113.1").status_code == 302
