"""Which commune a request is about is decided once (core/communes.py): `?xa=` (or a posted
form's xa), else the signed-in person's own commune, else the deployment's first configured
commune; a value naming no commune is a 404."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from phuongso.core.communes import CommuneMiddleware
from phuongso.core.models import Commune

pytestmark = pytest.mark.django_db


def _commune_of(path: str, user=None, method: str = "get", data: dict | None = None):
    request = getattr(RequestFactory(), method)(path, data or {})
    request.user = user or AnonymousUser()
    CommuneMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {})
    return request.commune


def test_a_visitor_without_xa_gets_the_first_configured_commune(commune, other_commune) -> None:
    # Việt Trì (7900) is configured and comes before Thanh Miếu (7909).
    assert _commune_of("/") == other_commune


def test_an_unconfigured_commune_is_never_the_default(commune) -> None:
    Commune.objects.create(code=7000, name="Xã Chưa Cấu Hình", province_code=25)
    assert _commune_of("/") == commune


def test_a_signed_in_official_gets_their_own_commune(commune, other_commune, specialist) -> None:
    assert _commune_of("/", specialist) == commune


def test_xa_wins_over_the_own_commune(commune, other_commune, specialist) -> None:
    assert _commune_of("/?xa=7900", specialist) == other_commune
    assert _commune_of("/", specialist, "post", {"xa": "7900"}) == other_commune


@pytest.mark.parametrize("bad", ["abc", "99999", "-1", "7909abc", "١٢"])
def test_an_xa_naming_no_commune_is_a_404(commune, bad) -> None:
    with pytest.raises(Http404):
        _commune_of(f"/?xa={bad}")


def test_an_empty_xa_is_no_choice(commune, specialist) -> None:
    assert _commune_of("/?xa=", specialist) == commune


def test_with_no_commune_configured_there_is_none(db) -> None:
    assert _commune_of("/") is None


def test_a_bad_xa_on_a_page_is_a_404_page(client, commune) -> None:
    assert client.get("/thu-tuc/?xa=abc").status_code == 404
    assert client.get("/thu-tuc/?xa=7909").status_code == 200


def test_the_layout_names_the_commune_the_page_is_about(client, commune, other_commune) -> None:
    body = client.get("/thu-tuc/?xa=7909").content.decode()
    assert "Ủy ban nhân dân Phường Thanh Miếu" in body


def test_an_official_asking_for_a_commune_out_of_reach_gets_404(
    client, commune, other_commune, administrator, province_administrator
) -> None:
    client.force_login(administrator)
    assert client.get("/thu-tuc/quan-ly/").status_code == 200
    assert client.get("/thu-tuc/quan-ly/?xa=7900").status_code == 404
    client.force_login(province_administrator)
    assert client.get("/thu-tuc/quan-ly/?xa=7900").status_code == 200
