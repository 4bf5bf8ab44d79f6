from __future__ import annotations

import pytest

from phuongso.core.models import Commune

pytestmark = pytest.mark.django_db


def test_the_api_lists_the_deployments_communes(client, commune, other_commune) -> None:
    response = client.get("/api/v1/communes")
    assert response.status_code == 200
    codes = [item["code"] for item in response.json()]
    assert codes == [7900, 7909]


def test_one_commune_comes_with_its_former_units_and_groups(client, commune) -> None:
    data = client.get("/api/v1/communes/7909").json()
    assert data["name"] == "Phường Thanh Miếu"
    assert data["province_name"] == "Phú Thọ"
    assert [(u["code"], u["name"]) for u in data["former_units"]] == [
        (7903, "Tiên Cát"),
        (7906, "Thọ Sơn"),
        (7909, "Thanh Miếu"),
        (7912, "Bạch Hạc"),
        (7936, "Sông Lô"),
    ]
    groups = data["residential_groups"]
    assert len(groups) == commune.residential_groups.count() > 0
    assert {g["former_unit_code"] for g in groups} == {7903, 7906, 7909, 7912, 7936}
    assert all(g["is_demo"] for g in groups)


def test_an_unknown_commune_is_a_404_in_vietnamese(client, commune) -> None:
    response = client.get("/api/v1/communes/1")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy xã, phường có mã này."


def test_the_openapi_document_and_docs_are_served(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/communes/{code}" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_a_commune_belongs_to_its_province(commune) -> None:
    assert Commune.objects.get(code=7909).province_code == 25
