from __future__ import annotations

import pytest


@pytest.fixture
def pages(resolution, revenue, culture_task) -> list[str]:
    programme = culture_task.plan.programme
    return [
        "/nghi-quyet/", f"/nghi-quyet/chi-tieu/{revenue.pk}/",
        f"/nghi-quyet/chi-tieu/{revenue.pk}/nhap-so-lieu/", f"/nghi-quyet/chi-tieu/{revenue.pk}/lo-trinh/",
        f"/nghi-quyet/chuong-trinh/{programme.pk}/", f"/nghi-quyet/ke-hoach/{culture_task.plan_id}/",
        f"/nghi-quyet/ke-hoach/{culture_task.plan_id}/giao-nhiem-vu/",
        f"/nghi-quyet/nhiem-vu/{culture_task.pk}/", f"/nghi-quyet/nhiem-vu/{culture_task.pk}/bao-cao-tien-do/",
        f"/nghi-quyet/don-vi/{culture_task.lead_unit_id}/", "/nghi-quyet/bao-cao/",
        "/nghi-quyet/bao-cao/?year=2026&quarter=3",
    ]  # fmt: skip


def test_a_ward_leader_opens_every_page(client, leader, pages) -> None:
    client.force_login(leader)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "2.025" not in response.content.decode(), url  # years are never grouped


def test_the_ward_leadership_reads_the_dashboard(client, leadership, resolution) -> None:
    client.force_login(leadership)
    page = client.get("/nghi-quyet/").content.decode()
    assert page.count('<article class="indicator-card') == 6
    assert "Nhiệm vụ quá hạn theo đơn vị" in page


def test_the_dashboard_shows_six_lights_the_charts_and_overdue_tasks_by_unit(
    client, leader, resolution
) -> None:
    client.force_login(leader)
    page = client.get("/nghi-quyet/").content.decode()
    assert page.count('<svg class="chart chart-compact"') == 6
    assert "Mục tiêu 2030" in page
    assert "Trên 632 tỷ đồng" in page
    assert "Có nguy cơ chậm" in page
    assert "Phòng Văn hóa – Xã hội</a> (1)" in page
    assert "Quá hạn" in page or "quá hạn" in page


def test_a_ward_leader_assigns_a_new_task(client, leader, culture_task) -> None:
    client.force_login(leader)
    unit = culture_task.lead_unit
    response = client.post(f"/nghi-quyet/ke-hoach/{culture_task.plan_id}/giao-nhiem-vu/", {
        "name": "Hỗ trợ sinh kế cho hộ nghèo", "lead_unit": unit.pk, "start_date": "01/12/2026",
        "deadline": "31/03/2027", "indicators": [culture_task.indicators.first().pk],
    })  # fmt: skip
    assert response.status_code == 302
    task = culture_task.plan.tasks.get(name="Hỗ trợ sinh kế cho hộ nghèo")
    assert task.changes.filter(field="giao nhiệm vụ").exists()


def test_a_specialist_cannot_assign_tasks(client, specialist, culture_task) -> None:
    client.force_login(specialist)
    response = client.get(f"/nghi-quyet/ke-hoach/{culture_task.plan_id}/giao-nhiem-vu/")
    assert response.status_code == 403


def test_every_indicator_page_renders_typed_computed_and_term_total(
    client, leader, resolution
) -> None:
    client.force_login(leader)
    for indicator in resolution.indicators.all():
        response = client.get(f"/nghi-quyet/chi-tieu/{indicator.pk}/")
        assert response.status_code == 200, indicator.code
        assert "Lộ trình và kết quả theo năm" in response.content.decode()
    investment = resolution.indicators.get(code="von-dau-tu")
    page = client.get(f"/nghi-quyet/chi-tieu/{investment.pk}/").content.decode()
    assert "cộng dồn cả nhiệm kỳ" in page
    assert "1.850 tỷ đồng" in page
