from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/service-quality"


def test_anonymous_callers_are_asked_to_sign_in(client) -> None:
    response = client.get(f"{URL}?from=2026-02-01&to=2026-02-28")
    assert response.status_code == 401


def test_citizens_are_refused(client, citizen) -> None:
    client.force_login(citizen)
    response = client.get(f"{URL}?from=2026-02-01&to=2026-02-28")
    assert response.status_code == 403
    assert "cán bộ" in response.json()["detail"]


def test_an_official_cannot_read_another_commune(client, leader, other_commune) -> None:
    client.force_login(leader)
    response = client.get(f"{URL}?from=2026-02-01&to=2026-02-28&commune={other_commune.code}")
    assert response.status_code == 404


def test_a_province_administrator_reads_any_commune_but_must_name_one(
    client, province_administrator, other_commune
) -> None:
    client.force_login(province_administrator)
    assert client.get(f"{URL}?from=2026-02-01&to=2026-02-28").status_code == 422
    response = client.get(f"{URL}?from=2026-02-01&to=2026-02-28&commune={other_commune.code}")
    assert response.status_code == 200 and response.json()["commune"] == other_commune.code


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-03-10&to=2026-03-01", "Ngày bắt đầu phải trước hoặc trùng ngày kết thúc."),
        ("from=2026-02-30&to=2026-03-01", "Ngày «2026-02-30» không hợp lệ"),
        ("from=hôm-qua&to=2026-03-01", "Ngày «hôm-qua» không hợp lệ"),
        ("to=2026-03-01", "Cần nhập cả from và to"),
        ("from=2026-02-01&to=2026-02-28&channel=9", "Kênh phải là 1"),
        ("from=2026-02-01&to=2026-02-28&unit=999999", "Đơn vị không thuộc xã, phường này."),
    ],
)
def test_bad_requests_get_a_vietnamese_422(client, leader, query: str, message: str) -> None:
    client.force_login(leader)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 422
    assert message in response.json()["detail"]
