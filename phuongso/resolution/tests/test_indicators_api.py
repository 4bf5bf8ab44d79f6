from __future__ import annotations

import pytest
from django.test import Client

from phuongso.resolution.models import ActualValue

KEYS = {"commune", "code", "name", "unit", "kind", "measure", "direction", "computed_by",
        "baseline", "target", "actuals", "path", "status", "status_label", "status_period"}  # fmt: skip


@pytest.fixture
def api(client, leader) -> Client:
    client.force_login(leader)
    return client


def test_the_list_gives_every_indicator_with_its_baseline_target_path_actuals_and_status(
    api, resolution
) -> None:
    response = api.get("/api/v1/indicators")
    assert response.status_code == 200
    items = response.json()
    assert [item["code"] for item in items] == [
        "thu-ngan-sach", "von-dau-tu", "ho-ngheo", "ho-can-ngheo", "ky-nang-so", "ho-so-toan-trinh"
    ]  # fmt: skip
    revenue = items[0]
    assert set(revenue) == KEYS
    assert revenue["unit"] == "tỷ đồng"
    assert revenue["direction"] == "higher"
    assert revenue["baseline"]["year"] == 2025 and revenue["baseline"]["value"] == 410.6
    assert revenue["target"] | {"text": ""} == {
        "year": 2030,
        "value": 632.0,
        "comparator": "over",
        "tolerance": None,
        "text": "",
    }
    assert revenue["path"][0] == {"year": 2025, "value": 410.6, "manual": False}
    assert revenue["path"][-1] == {"year": 2030, "value": 632.0, "manual": False}
    first = revenue["actuals"][0]
    assert first["year"] == 2025 and first["quarter"] is None and first["value"] == 410.6
    assert first["source"].startswith("Báo cáo chính trị Đại hội")
    assert revenue["status"] == "at_risk"
    poverty = items[2]
    assert poverty["computed_by"] == "households.poor_household_rate"
    assert poverty["target"]["comparator"] == "basically_none"
    assert poverty["target"]["tolerance"] == 0.1


def test_one_indicator_by_its_code(api, resolution) -> None:
    response = api.get("/api/v1/indicators/von-dau-tu")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == KEYS
    assert body["measure"] == "cumulative"
    assert body["actuals"] == [{
        "year": 2026, "quarter": 2, "value": 1850.0, "compared_value": 1850.0,
        "source": "Báo cáo tình hình đầu tư 6 tháng đầu năm 2026 (số liệu minh họa).",
        "computed": False, "verified": False, "status": "at_risk",
    }]  # fmt: skip
    assert api.get("/api/v1/indicators/khong-co").status_code == 404


def test_posting_a_figure_saves_it_with_its_source_and_returns_the_new_status(api, revenue) -> None:
    response = api.post("/api/v1/indicators/thu-ngan-sach/actuals",
                        {"year": 2026, "value": "452.3", "source": "Báo cáo 215/BC-UBND"},
                        content_type="application/json")  # fmt: skip
    assert response.status_code == 201
    assert response.json()["status"] == "on_track"
    assert revenue.actuals.get(year=2026, quarter=0).source == "Báo cáo 215/BC-UBND"


def test_anonymous_callers_get_401(client, resolution) -> None:
    assert client.get("/api/v1/indicators").status_code == 401
    response = client.post("/api/v1/indicators/thu-ngan-sach/actuals",
                           {"year": 2026, "value": 1, "source": "x"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 401


def test_citizens_get_403(client, citizen, resolution) -> None:
    client.force_login(citizen)
    assert client.get("/api/v1/indicators").status_code == 403
    response = client.post("/api/v1/indicators/thu-ngan-sach/actuals",
                           {"year": 2026, "value": 1, "source": "x"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 403


def test_another_units_specialist_gets_403(client, specialist, resolution) -> None:
    client.force_login(specialist)
    response = client.post("/api/v1/indicators/thu-ngan-sach/actuals",
                           {"year": 2026, "value": 1, "source": "x"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 403
    assert "do Phòng Kinh tế, Hạ tầng và Đô thị theo dõi" in response.json()["detail"]


@pytest.mark.parametrize(("payload", "message"), [
    ({"year": 2031, "value": 700, "source": "x"}, "Năm 2031 nằm ngoài nhiệm kỳ 2025–2030"),
    ({"year": 2026, "value": -1, "source": "x"}, "không được là số âm"),
    ({"year": 2026, "value": 450}, "Vui lòng ghi nguồn số liệu"),
])  # fmt: skip
def test_a_bad_figure_gets_422_with_the_reason_and_nothing_saved(
    api, revenue, payload, message
) -> None:
    count = ActualValue.objects.count()
    response = api.post("/api/v1/indicators/thu-ngan-sach/actuals", payload,
                        content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert ActualValue.objects.count() == count


def test_a_percentage_over_100_gets_422(api, typed_rate) -> None:
    response = api.post("/api/v1/indicators/ty-le-thu/actuals",
                        {"year": 2026, "value": 101, "source": "x"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"] == "Tỷ lệ phần trăm không được vượt quá 100%."


def test_a_value_that_is_not_a_number_gets_422(api, revenue) -> None:
    response = api.post("/api/v1/indicators/thu-ngan-sach/actuals",
                        {"year": 2026, "value": "nhiều", "source": "x"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 422
