from __future__ import annotations

import pytest

from phuongso.accounts import services as account_services
from phuongso.accounts.models import Role

pytestmark = pytest.mark.django_db

FEBRUARY = "?ky=thang&nam=2026&thang=2"


@pytest.mark.parametrize("who", ["leader", "administrator", "counter_officer", "specialist"])
def test_the_communes_officials_see_its_dashboard(client, request, who, february) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get("/chat-luong/" + FEBRUARY)
    assert response.status_code == 200
    assert response.context["commune"].code == 7909


def test_ward_leadership_sees_the_dashboard_and_the_ranking(client, commune) -> None:
    official = account_services.create_official(
        username="thuong_truc",
        full_name="Thường trực",
        unit=commune.units.get(kind="office"),
        roles=[Role.LEADERSHIP],
        password="Mat-khau-thu-2025",
    )
    client.force_login(official)
    assert client.get("/chat-luong/").status_code == 200
    assert client.get("/chat-luong/toan-tinh/").status_code == 200


def test_citizens_are_refused_every_staff_page(client, citizen) -> None:
    client.force_login(citizen)
    for url in ("/chat-luong/", "/chat-luong/chi-so/2-1/", "/chat-luong/xuat-excel/",
                "/chat-luong/toan-tinh/", "/chat-luong/so-lieu/received/"):  # fmt: skip
        assert client.get(url).status_code == 403, url


def test_another_commune_is_not_found(client, leader, other_commune) -> None:
    client.force_login(leader)
    assert client.get(f"/chat-luong/?xa={other_commune.code}").status_code == 404
    assert client.get("/chat-luong/?xa=abc").status_code == 404


def test_specialists_do_not_see_the_ranking(client, specialist) -> None:
    client.force_login(specialist)
    assert client.get("/chat-luong/toan-tinh/").status_code == 403
    assert "Xếp hạng toàn tỉnh" not in client.get("/chat-luong/").content.decode()


def test_a_province_administrator_starts_from_the_ranking(
    client, province_administrator, february
) -> None:
    client.force_login(province_administrator)
    response = client.get("/chat-luong/")
    assert response.status_code == 302 and response.url == "/chat-luong/toan-tinh/"
    assert client.get("/chat-luong/?xa=7909" + FEBRUARY.replace("?", "&")).status_code == 200


def test_an_unknown_indicator_or_count_is_not_found(client, leader) -> None:
    client.force_login(leader)
    assert client.get("/chat-luong/chi-so/9-9/").status_code == 404
    assert client.get("/chat-luong/so-lieu/returned/").status_code == 404


def test_links_to_a_commune_carry_its_code_without_a_thousands_dot(
    client, leader, province_administrator, february
) -> None:
    """7909 written "7.909" in a link is a 404: the dashboard's and the ranking's links must
    open the commune they name."""
    client.force_login(leader)
    dashboard = client.get("/chat-luong/" + FEBRUARY).content.decode()
    public = dashboard.split('href="/cong-khai/?xa=')[1].split('"')[0]
    assert public == "7909"
    assert client.get(f"/cong-khai/?xa={public}").status_code == 200
    client.force_login(province_administrator)
    ranking = client.get("/chat-luong/toan-tinh/" + FEBRUARY).content.decode()
    assert "?xa=7909&amp;" in ranking and "?xa=7.909" not in ranking
