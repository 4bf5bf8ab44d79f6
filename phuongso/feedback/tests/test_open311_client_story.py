"""An Open311 client creates reports and reads them back, as FixMyStreet or SeeClickFix would."""

from __future__ import annotations

import pytest

from phuongso.feedback import apikeys, services
from phuongso.feedback.models import Channel, Open311Type, Report
from phuongso.feedback.tests import open311_spec as spec
from phuongso.feedback.tests.conftest import INSIDE, png

pytestmark = pytest.mark.django_db

REQUEST = {
    "jurisdiction_id": "7909",
    "service_code": "den-chieu-sang",
    "lat": INSIDE[0],
    "long": INSIDE[1],
    "address_string": "Ngõ 12 phố Hàm Nghi",
    "email": "nguoi.dan@example.vn",
    "device_id": "tt222111",
    "account_id": "123456",
    "first_name": "Lan",
    "last_name": "Phạm",
    "phone": "0912 888 777",
    "description": "Ba cột đèn ngõ 12 tắt từ tối qua.",
    "media_url": "https://example.org/anh/den-ngo-12.jpg",
}


@pytest.fixture
def key(categories) -> str:
    return apikeys.issue_api_key(name="Ứng dụng Phố Xanh")[1]


def test_a_client_creates_a_report_and_reads_it_in_json_and_xml(
    client, key, economy_specialist
) -> None:
    response = client.post("/open311/v2/requests.json", {**REQUEST, "api_key": key})
    assert response.status_code == 200
    created = response.json()
    assert len(created) == 1 and set(created[0]) == spec.CREATED_REALTIME
    assert created[0]["account_id"] is None
    assert "15 ngày làm việc" in created[0]["service_notice"]

    report = Report.objects.get(pk=int(created[0]["service_request_id"]))
    assert report.channel == Channel.OPEN311 and report.api_key.name == "Ứng dụng Phố Xanh"
    assert report.reporter_name == "Lan Phạm" and report.reporter_phone == "+84912888777"
    assert report.current_unit.kind == "economy"

    read = client.get(f"/open311/v2/requests/{report.pk}.json").json()[0]
    assert set(read) == spec.REQUEST
    assert read["status"] == "open"
    assert read["description"] == REQUEST["description"]
    assert read["media_url"] == REQUEST["media_url"]
    assert "Lan" not in str(read) and "nguoi.dan" not in str(read)

    services.accept(report, actor=economy_specialist)
    report.refresh_from_db()
    services.resolve(report, actor=economy_specialist, answer="Đã thay ba bóng đèn.")
    xml = client.get(f"/open311/v2/requests/{report.pk}.xml").content.decode()
    assert spec.shape(xml) == spec.shape(spec.EXAMPLE_REQUESTS_XML)
    assert "<status>closed</status>" in xml
    assert "<status_notes>Đã giải quyết: Đã thay ba bóng đèn.</status_notes>" in xml


def test_the_answer_to_a_post_in_xml(client, key) -> None:
    response = client.post("/open311/v2/requests.xml", {**REQUEST, "api_key": key})
    body = response.content.decode()
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request>')
    assert "<service_request_id>" in body and "<account_id />" in body


def test_a_batch_service_answers_with_a_token_the_client_exchanges_for_the_id(
    client, key, street_lights
) -> None:
    street_lights.open311_type = Open311Type.BATCH
    street_lights.save()
    assert client.get("/open311/v2/services.json").json()[0]["type"] == "batch"
    created = client.post("/open311/v2/requests.json", {**REQUEST, "api_key": key}).json()[0]
    assert set(created) == spec.CREATED_BATCH
    exchanged = client.get(f"/open311/v2/tokens/{created['token']}.json").json()
    assert set(exchanged[0]) == spec.TOKEN
    request_id = exchanged[0]["service_request_id"]
    xml = client.get(f"/open311/v2/tokens/{created['token']}.xml").content.decode()
    assert f"<service_request_id>{request_id}</service_request_id>" in xml
    assert client.get(f"/open311/v2/requests/{request_id}.json").json()[0]["status"] == "open"


def test_a_client_may_upload_the_photo_itself(client, key) -> None:
    data = {**REQUEST, "api_key": key, "media": png("den.png")}
    data.pop("media_url")
    created = client.post("/open311/v2/requests.json", data).json()[0]
    report = Report.objects.get(pk=int(created["service_request_id"]))
    assert report.photos.count() == 1
    read = client.get(f"/open311/v2/requests/{report.pk}.json").json()[0]
    assert read["media_url"].endswith(f"/phan-anh/{report.pk}/anh/{report.photos.get().pk}/")


def test_the_same_report_appears_in_the_list_and_on_the_public_page(client, key) -> None:
    created = client.post("/open311/v2/requests.json", {**REQUEST, "api_key": key}).json()[0]
    request_id = created["service_request_id"]
    listed = client.get("/open311/v2/requests.json?status=open").json()
    assert request_id in {item["service_request_id"] for item in listed}
    page = client.get(f"/phan-anh/{request_id}/").content.decode()
    assert "Ba cột đèn ngõ 12 tắt từ tối qua." in page
