"""GET services, GET services/{code} and discovery, in JSON and XML, with the
specification's field names."""

from __future__ import annotations

import pytest

from phuongso.feedback.tests import open311_spec as spec

pytestmark = pytest.mark.django_db


def test_services_in_json_have_exactly_the_specifications_fields(client, categories) -> None:
    response = client.get("/open311/v2/services.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = response.json()
    assert isinstance(services, list) and len(services) == 6
    for service in services:
        assert set(service) == spec.SERVICE
        assert service["metadata"] is False
        assert service["type"] in spec.SERVICE_TYPES
    lights = next(s for s in services if s["service_code"] == "den-chieu-sang")
    assert lights["service_name"] == "Đèn chiếu sáng công cộng"
    assert lights["group"] == "Hạ tầng đô thị"


def test_services_in_xml_have_the_shape_of_the_specifications_example(client, categories) -> None:
    response = client.get("/open311/v2/services.xml")
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert spec.shape(body) == spec.shape(spec.EXAMPLE_SERVICES_XML)
    assert "<metadata>false</metadata>" in body
    assert "<service_name>Trật tự, tiếng ồn</service_name>" in body


def test_a_service_definition_in_both_formats(client, categories) -> None:
    data = client.get("/open311/v2/services/den-chieu-sang.json").json()
    assert set(data) == spec.SERVICE_DEFINITION
    assert data == {"service_code": "den-chieu-sang", "attributes": []}
    xml = client.get("/open311/v2/services/den-chieu-sang.xml").content.decode()
    assert "<service_definition><service_code>den-chieu-sang</service_code><attributes />" in xml


def test_an_unknown_service_definition_is_404_in_the_error_format(client, categories) -> None:
    response = client.get("/open311/v2/services/khong-co.json")
    assert response.status_code == 404
    assert [set(error) for error in response.json()] == [spec.ERROR]
    assert response.json()[0]["code"] == 404


def test_jurisdiction_id_is_the_commune_code(client, categories, other_commune) -> None:
    assert len(client.get("/open311/v2/services.json?jurisdiction_id=7909").json()) == 6
    assert client.get("/open311/v2/services.json?jurisdiction_id=7900").json() == []
    missing = client.get("/open311/v2/services.xml?jurisdiction_id=sfgov.org")
    assert missing.status_code == 404
    assert "<code>404</code>" in missing.content.decode()
    # Without it: the first configured commune that takes reports.
    assert len(client.get("/open311/v2/services.json").json()) == 6


def test_discovery_in_both_formats(client, categories) -> None:
    data = client.get("/open311/v2/discovery.json").json()
    assert set(data) == spec.DISCOVERY
    assert set(data["endpoints"][0]) == spec.ENDPOINT
    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert data["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    xml = client.get("/open311/v2/discovery.xml").content.decode()
    assert "<formats><format>text/xml</format><format>application/json</format></formats>" in xml


def test_an_unknown_format_is_an_error_in_xml(client, categories) -> None:
    response = client.get("/open311/v2/services.csv")
    assert response.status_code == 400
    assert spec.shape(response.content.decode()) == spec.shape(spec.EXAMPLE_ERRORS_XML)
