"""GET requests (with its filters), GET requests/{id} and GET tokens/{token}."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from phuongso.feedback import services
from phuongso.feedback.models import Report
from phuongso.feedback.tests import open311_spec as spec
from phuongso.feedback.tests.conftest import INSIDE, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(make_report, categories, economy_specialist, leader) -> dict[str, Report]:
    """An open street-light report (with a photo), a resolved one, an open noise report."""
    now = timezone.now()
    lights = make_report(latitude=INSIDE[0], longitude=INSIDE[1], photos=[png()], when=now)
    done = services.accept(make_report(when=now), actor=economy_specialist)
    done = services.resolve(done, actor=economy_specialist, answer="Đã thay bóng đèn.")
    noise = make_report(category=categories["trat-tu-tieng-on"], when=now)
    return {"lights": lights, "done": done, "noise": noise}


def ids(response) -> set[str]:  # noqa: ANN001
    return {item["service_request_id"] for item in response.json()}


def test_requests_in_json_have_exactly_the_specifications_fields(client, reports) -> None:
    response = client.get("/open311/v2/requests.json")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 3
    for item in data:
        assert set(item) == spec.REQUEST
        assert item["status"] in spec.STATUSES
        assert re.match(spec.W3C, item["requested_datetime"])
        assert re.match(spec.W3C, item["updated_datetime"])
        assert item["requested_datetime"].endswith("+07:00")
    lights = next(i for i in data if i["service_request_id"] == str(reports["lights"].pk))
    assert lights["status"] == "open"
    assert lights["status_notes"] == "Mới gửi, chờ tiếp nhận"
    assert lights["service_code"] == "den-chieu-sang"
    assert lights["agency_responsible"] == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert lights["lat"] == INSIDE[0] and lights["long"] == INSIDE[1]
    assert lights["address"] == "Ngõ 12 phố Hàm Nghi, Tổ dân phố 3 Thanh Miếu, Phường Thanh Miếu"
    assert lights["media_url"].startswith("http://testserver/phan-anh/")
    assert re.match(spec.W3C, lights["expected_datetime"])
    done = next(i for i in data if i["service_request_id"] == str(reports["done"].pk))
    assert done["status"] == "closed"
    assert done["status_notes"] == "Đã giải quyết: Đã thay bóng đèn."
    assert done["expected_datetime"] is None


def test_requests_in_xml_have_the_shape_of_the_specifications_example(client, reports) -> None:
    response = client.get("/open311/v2/requests.xml")
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    body = response.content.decode()
    assert spec.shape(body) == spec.shape(spec.EXAMPLE_REQUESTS_XML)
    assert body.count("<request>") == 3
    assert "<status_notes>Đã giải quyết: Đã thay bóng đèn.</status_notes>" in body
    assert "<zipcode />" in body  # unknown values are empty elements, as in the examples


def test_filter_by_service_code_and_status(client, reports) -> None:
    codes = client.get("/open311/v2/requests.json?service_code=trat-tu-tieng-on")
    assert ids(codes) == {str(reports["noise"].pk)}
    both = client.get("/open311/v2/requests.json?service_code=trat-tu-tieng-on,den-chieu-sang")
    assert len(both.json()) == 3
    closed = client.get("/open311/v2/requests.json?status=closed")
    assert ids(closed) == {str(reports["done"].pk)}
    opened = client.get("/open311/v2/requests.json?status=open")
    assert ids(opened) == {str(reports["lights"].pk), str(reports["noise"].pk)}


def test_service_request_id_overrides_every_other_filter(client, reports) -> None:
    wanted = f"{reports['lights'].pk},{reports['done'].pk}"
    response = client.get(f"/open311/v2/requests.json?service_request_id={wanted}&status=open")
    assert ids(response) == {str(reports["lights"].pk), str(reports["done"].pk)}


def test_filter_by_dates_and_the_ninety_days_limit(client, make_report) -> None:
    when = timezone.localtime() - timedelta(days=120)
    old = make_report(when=when)
    start = (when - timedelta(days=1)).replace(microsecond=0).isoformat()
    end = (when + timedelta(days=1)).replace(microsecond=0).isoformat()
    found = client.get("/open311/v2/requests.json", {"start_date": start, "end_date": end})
    assert ids(found) == {str(old.pk)}
    later = client.get("/open311/v2/requests.json", {"start_date": end})
    assert ids(later) == set()
    # Without dates: the most recent 90 days only.
    assert str(old.pk) not in ids(client.get("/open311/v2/requests.json"))
    # An offset's "+" sent without URL encoding arrives as a space, and is still understood.
    plain = client.get(f"/open311/v2/requests.json?start_date={start}&end_date={end}")
    assert ids(plain) == {str(old.pk)}
    too_long = client.get(
        "/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"
    )
    assert too_long.status_code == 400
    assert "90 ngày" in too_long.json()[0]["description"]


def test_bad_filters_are_400_errors(client, reports) -> None:
    for query in ("status=pending", "start_date=hom-qua", "service_request_id=abc"):
        response = client.get(f"/open311/v2/requests.json?{query}")
        assert response.status_code == 400, query
        assert [set(error) for error in response.json()] == [spec.ERROR]


def test_one_request_in_both_formats(client, reports) -> None:
    pk = reports["done"].pk
    data = client.get(f"/open311/v2/requests/{pk}.json").json()
    assert len(data) == 1 and set(data[0]) == spec.REQUEST
    assert data[0]["service_request_id"] == str(pk)
    xml = client.get(f"/open311/v2/requests/{pk}.xml").content.decode()
    assert spec.shape(xml) == spec.shape(spec.EXAMPLE_REQUESTS_XML)
    assert client.get("/open311/v2/requests/999999.json").status_code == 404


def test_a_token_gives_the_request_id(client, reports) -> None:
    report = reports["lights"]
    data = client.get(f"/open311/v2/tokens/{report.token}.json").json()
    assert data == [{"service_request_id": str(report.pk), "token": report.token}]
    assert set(data[0]) == spec.TOKEN
    xml = client.get(f"/open311/v2/tokens/{report.token}.xml").content.decode()
    assert f"<service_request_id>{report.pk}</service_request_id>" in xml
    missing = client.get("/open311/v2/tokens/khong-co.xml")
    assert missing.status_code == 404
    assert "<errors><error><code>404</code>" in missing.content.decode()
