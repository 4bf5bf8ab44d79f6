"""An API client's text is cleaned as a form's is (core/inputs.CleanParser): a NUL byte in a
source was a 500 on PostgreSQL; control characters and decomposed letters are stored clean."""

from __future__ import annotations

import unicodedata

import pytest

pytestmark = pytest.mark.django_db


def test_a_source_with_a_nul_byte_and_controls_is_stored_clean(client, leader, revenue) -> None:
    client.force_login(leader)
    source = unicodedata.normalize("NFD", "Báo cáo\x00 215\x1b/BC-UBND")
    response = client.post(
        "/api/v1/indicators/thu-ngan-sach/actuals",
        {"year": 2026, "value": "452.3", "source": source},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert revenue.actuals.get(year=2026, quarter=0).source == "Báo cáo 215/BC-UBND"


def test_a_code_with_a_nul_byte_in_the_path_is_not_found(client, leader, revenue) -> None:
    client.force_login(leader)
    assert client.get("/api/v1/indicators/thu%00ngan-sach").status_code == 404
