from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

FEBRUARY = "from=2026-02-01&to=2026-02-28"


def test_the_api_returns_each_indicator_and_the_group_totals(client, leader, february) -> None:
    client.force_login(leader)
    body = client.get(f"/api/v1/service-quality?{FEBRUARY}").json()
    assert (body["from"], body["to"], body["commune"]) == ("2026-02-01", "2026-02-28", 7909)
    on_time = next(i for i in body["indicators"] if i["id"] == "2.1")
    assert on_time == {
        "id": "2.1",
        "name": "Hồ sơ giải quyết trước hạn, đúng hạn",
        "group": "timeliness",
        "numerator": 5,
        "denominator": 8,
        "rate": 62.5,
        "unit": "%",
        "points": 12.5,
        "max_points": 20.0,
        "threshold": 100.0,
        "formula": on_time["formula"],
        "sync_rate": None,  # 3.3 only
        "local_rate": None,
        "national_rate": None,
    }
    assert [g["name"] for g in body["groups"]][:2] == ["Công khai, minh bạch", "Tiến độ giải quyết"]
    assert body["total_points"] == 30.02 and body["max_points"] == 76.0
    # A partial total is labelled and has no score out of 100.
    assert body["partial"] is True and body["national_points"] == 100.0
    assert body["score"] is None
    assert body["counts"]["received"] == 8
    ids = [i["id"] for i in body["indicators"]]
    assert {"1.4", "5.1", "5.2", "5.3"} <= set(ids)
    online = next(i for i in body["indicators"] if i["id"] == "3.3")
    assert (online["sync_rate"], online["local_rate"], online["national_rate"]) == (0.0, 25.0, 0.0)
    assert online["rate"] == 0.0


def test_the_dashboard_shows_the_figures_the_api_returns(client, leader, february) -> None:
    client.force_login(leader)
    body = client.get(f"/api/v1/service-quality?{FEBRUARY}").json()
    page = client.get("/chat-luong/?ky=khoang&tu=2026-02-01&den=2026-02-28")
    card = page.context["card"]
    for score, item in zip(card.scores, body["indicators"], strict=True):
        assert score.indicator.id == item["id"]
        assert (score.figure.numerator, score.figure.denominator) == (
            item["numerator"],
            item["denominator"],
        )
        rate = score.figure.rate
        assert (float(rate) if rate is not None else None) == item["rate"]
        assert (float(score.points) if score.points is not None else None) == item["points"]
    assert float(card.total_points) == body["total_points"]
    html = page.content.decode()
    assert "62,50%" in html and "5 / 8" in html and "12,50 / 20" in html
    assert "Tổng điểm chưa đầy đủ" in html and "Tỷ lệ tại phường" in html


def test_a_slice_by_channel_agrees_too(client, leader, february) -> None:
    client.force_login(leader)
    body = client.get(f"/api/v1/service-quality?{FEBRUARY}&channel=2").json()
    page = client.get("/chat-luong/?ky=thang&nam=2026&thang=2&kenh=2")
    on_time = next(i for i in body["indicators"] if i["id"] == "2.1")
    assert (on_time["numerator"], on_time["denominator"]) == (1, 2)
    assert page.context["card"].score("2.1").figure.numerator == 1
    assert "Kênh: Trực tuyến" in page.content.decode()
