from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_an_administrator_opens_the_admin_in_vietnamese(client, administrator) -> None:
    client.force_login(administrator)
    response = client.get("/quan-tri/")
    assert response.status_code == 200
    assert "Quản trị phường số" in response.content.decode()


@pytest.mark.parametrize("who", ["citizen", "counter_officer", "specialist", "leader"])
def test_other_people_cannot_open_the_admin(client, request, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get("/quan-tri/")
    assert response.status_code == 302
    assert "/quan-tri/login/" in response.url
