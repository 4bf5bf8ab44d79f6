from __future__ import annotations

import pytest

from phuongso.procedures.models import Procedure

pytestmark = pytest.mark.django_db


def test_an_administrator_sees_the_catalogue_in_the_admin(client, administrator, catalogue) -> None:
    client.force_login(administrator)
    response = client.get("/quan-tri/procedures/procedure/")
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in response.content.decode()


def test_the_change_page_has_channels_documents_and_steps(client, administrator, catalogue) -> None:
    procedure = Procedure.objects.get(national_code="1.001193")
    client.force_login(administrator)
    page = client.get(f"/quan-tri/procedures/procedure/{procedure.pk}/change/").content.decode()
    assert "kênh thực hiện, phí" in page.lower()
    assert "thành phần hồ sơ" in page.lower()
    assert "bước xử lý" in page.lower()


def test_an_administrator_does_not_see_another_communes_procedures(
    client, administrator, catalogue, other_commune
) -> None:
    from phuongso.procedures.services import seed_catalogue

    seed_catalogue(commune=other_commune)
    client.force_login(administrator)
    response = client.get("/quan-tri/procedures/procedure/")
    assert "34 thủ tục hành chính" in response.content.decode()


def test_a_specialist_cannot_open_the_catalogue_admin(client, specialist, catalogue) -> None:
    client.force_login(specialist)
    response = client.get("/quan-tri/procedures/procedure/")
    assert response.status_code == 302
