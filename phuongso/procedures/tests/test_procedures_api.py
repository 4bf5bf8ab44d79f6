from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_anyone_lists_the_portals_procedures(client, catalogue) -> None:
    response = client.get("/api/v1/procedures")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 34
    birth = next(item for item in body if item["national_code"] == "1.001193")
    assert birth["name"] == "Đăng ký khai sinh"
    assert birth["field"] == {"code": "ho-tich", "name": "Hộ tịch"}
    assert birth["online_level"] == "full"
    assert birth["online_level_label"] == "Toàn trình"
    assert birth["commune_code"] == 7909


def test_the_list_searches_without_diacritics(client, catalogue) -> None:
    response = client.get("/api/v1/procedures", {"q": "DANG KY KHAI SINH"})
    assert [item["national_code"] for item in response.json()] == ["1.001193", "TM-12", "TM-02"]


def test_the_list_takes_a_commune_code(client, catalogue, other_commune) -> None:
    assert len(client.get("/api/v1/procedures", {"commune": 7909}).json()) == 34
    assert client.get("/api/v1/procedures", {"commune": other_commune.code}).json() == []


def test_an_unknown_commune_is_a_404_in_vietnamese(client, catalogue) -> None:
    response = client.get("/api/v1/procedures", {"commune": 1})
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy xã, phường có mã này."}


def test_the_detail_has_the_deadline_rule_channels_documents_and_steps(client, catalogue) -> None:
    response = client.get("/api/v1/procedures/1.001193")
    assert response.status_code == 200
    body = response.json()
    assert body["deadline_rule"] == {"working_days": 0, "same_day": True}
    assert body["legal_basis"] == "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP"
    assert [channel["label"] for channel in body["channels"]] == ["Trực tiếp", "Trực tuyến"]
    assert body["channels"][0]["fee_amount"] == 0
    assert "Miễn lệ phí" in body["channels"][0]["fee_text"]
    assert body["documents"][0]["name"] == "Tờ khai đăng ký khai sinh"
    assert body["documents"][0]["submission"] == "e_form"
    assert [step["role"] for step in body["steps"]] == [
        "counter_officer",
        "specialist",
        "leader",
        "counter_officer",
    ]


def test_fees_differ_by_channel(client, catalogue) -> None:
    body = client.get("/api/v1/procedures/TM-18").json()
    assert {c["channel"]: c["fee_amount"] for c in body["channels"]} == {"1": 20000, "2": 10000}
    assert body["deadline_rule"] == {"working_days": 7, "same_day": False}


def test_a_procedure_without_a_fixed_deadline_has_no_rule(client, catalogue) -> None:
    body = client.get("/api/v1/procedures/TM-34").json()
    assert body["deadline_rule"] is None
    assert body["deadline_text"] == "30 ngày (vụ việc phức tạp: 45 ngày)"


def test_an_unknown_procedure_is_a_404_in_vietnamese(client, catalogue) -> None:
    response = client.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy thủ tục có mã này."}
