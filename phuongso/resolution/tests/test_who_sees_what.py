from __future__ import annotations

import pytest

from phuongso.resolution.models import Indicator, Programme, Resolution


@pytest.fixture
def other_resolution(other_commune) -> Resolution:
    resolution = Resolution.objects.create(commune=other_commune, title="Nghị quyết Việt Trì",
                                           term_start=2025, term_end=2030)  # fmt: skip
    Indicator.objects.create(
        resolution=resolution, code="thu-ngan-sach", name="Thu ngân sách Việt Trì",
        unit="tỷ đồng", kind="money", measure="flow", direction="higher", baseline_year=2025,
        baseline_value=1000, target_year=2030, target_value=1500, target_comparator="at_least",
    )  # fmt: skip
    Programme.objects.create(resolution=resolution, kind="key_task", name="Chương trình Việt Trì")
    return resolution


def test_citizens_are_refused_every_page(client, citizen, revenue) -> None:
    client.force_login(citizen)
    for url in ["/nghi-quyet/", f"/nghi-quyet/chi-tieu/{revenue.pk}/", "/nghi-quyet/bao-cao/",
                "/nghi-quyet/toan-tinh/"]:  # fmt: skip
        assert client.get(url).status_code == 403, url


def test_another_communes_records_are_not_found(
    client, revenue, culture_task, other_commune_officer, other_resolution
) -> None:
    client.force_login(other_commune_officer)
    programme = revenue.resolution.programmes.first()
    for url in [f"/nghi-quyet/chi-tieu/{revenue.pk}/", f"/nghi-quyet/nhiem-vu/{culture_task.pk}/",
                f"/nghi-quyet/chuong-trinh/{programme.pk}/",
                f"/nghi-quyet/don-vi/{culture_task.lead_unit_id}/"]:  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_a_leader_of_another_commune_cannot_pick_this_commune(
    client, revenue, other_resolution, other_commune
) -> None:
    from phuongso.accounts import services as account_services

    leader = account_services.create_official(
        username="lanh_dao_viet_tri", full_name="Lãnh đạo Việt Trì", roles=["leader"],
        unit=other_commune.units.first(), password="Mat-khau-thu-2025",
    )  # fmt: skip
    client.force_login(leader)
    assert client.get("/nghi-quyet/?xa=7909").status_code == 404
    page = client.get("/nghi-quyet/").content.decode()
    assert "Thu ngân sách Việt Trì" in page
    assert "Thu ngân sách nhà nước trên địa bàn" not in page


def test_the_province_administrator_sees_every_commune_side_by_side(
    client, province_administrator, revenue, other_resolution
) -> None:
    client.force_login(province_administrator)
    assert client.get("/nghi-quyet/").url == "/nghi-quyet/toan-tinh/"
    page = client.get("/nghi-quyet/toan-tinh/").content.decode()
    assert "Phường Thanh Miếu" in page and "Phường Việt Trì" in page
    assert "Thu ngân sách Việt Trì" in page and "Thu ngân sách nhà nước trên địa bàn" in page
    assert client.get("/nghi-quyet/?xa=7900").status_code == 200
    assert client.get(f"/nghi-quyet/chi-tieu/{revenue.pk}/").status_code == 200


def test_a_specialist_lands_on_the_tasks_of_their_unit(client, specialist, resolution) -> None:
    client.force_login(specialist)
    response = client.get("/nghi-quyet/")
    assert response.url == f"/nghi-quyet/don-vi/{specialist.unit_id}/"
    page = client.get(response.url).content.decode()
    assert "Rà soát hộ nghèo, hộ cận nghèo năm 2026" in page
    assert "Chống thất thu" not in page  # Phòng Kinh tế's task


def test_a_specialist_cannot_open_another_units_page(
    client, specialist, other_unit_specialist
) -> None:
    client.force_login(specialist)
    assert client.get(f"/nghi-quyet/don-vi/{other_unit_specialist.unit_id}/").status_code == 404


def test_only_the_following_unit_and_leaders_enter_a_figure(
    client, revenue, specialist, other_unit_specialist
) -> None:
    client.force_login(specialist)  # Văn hóa – Xã hội does not follow the budget revenue
    response = client.get(f"/nghi-quyet/chi-tieu/{revenue.pk}/nhap-so-lieu/")
    assert response.status_code == 403
    assert "do Phòng Kinh tế, Hạ tầng và Đô thị theo dõi" in response.content.decode()
    client.force_login(other_unit_specialist)
    assert client.get(f"/nghi-quyet/chi-tieu/{revenue.pk}/nhap-so-lieu/").status_code == 200
