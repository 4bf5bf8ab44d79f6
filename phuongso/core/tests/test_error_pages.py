from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_in_vietnamese(client) -> None:
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_refusal_says_so_in_vietnamese(client, citizen) -> None:
    client.force_login(citizen)
    response = client.get("/can-bo/")
    assert response.status_code == 403
    assert "Bạn không có quyền mở trang này" in response.content.decode()


def test_a_stale_form_token_gets_a_clear_page(citizen) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post("/dang-xuat/", {})
    assert response.status_code == 403
    assert "Trang đã cũ, vui lòng gửi lại" in response.content.decode()
