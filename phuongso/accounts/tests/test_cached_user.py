"""The signed-in user comes from the shared cache; any change to it is seen on the next request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phuongso.accounts.models import Role, StaffRole
from phuongso.core.models import UnitKind

pytestmark = pytest.mark.django_db


def test_a_revoked_role_is_refused_on_the_very_next_request(client, counter_officer) -> None:
    client.force_login(counter_officer)
    counter = reverse("dossiers:counter")
    assert client.get(counter).status_code == 200  # the user is now cached
    StaffRole.objects.get(user=counter_officer, role=Role.COUNTER_OFFICER).delete()
    assert client.get(counter).status_code == 403


def test_a_deactivated_account_is_signed_out_on_the_next_request(client, citizen) -> None:
    client.force_login(citizen)
    mine = reverse("dossiers:my_dossiers")
    assert client.get(mine).status_code == 200
    citizen.is_active = False
    citizen.save()
    response = client.get(mine)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_a_changed_name_shows_at_once(client, citizen) -> None:
    client.force_login(citizen)
    client.get(reverse("dossiers:my_dossiers"))
    citizen.full_name = "Trần Thị Mới"
    citizen.save(update_fields=["full_name"])
    assert "Trần Thị Mới" in client.get(reverse("dossiers:my_dossiers")).content.decode()


def test_a_units_new_kind_changes_what_its_specialists_see(client, specialist) -> None:
    """The unit is cached with its officials; changing it reaches every one of them."""
    client.force_login(specialist)
    client.get(reverse("dossiers:inbox"))
    unit = specialist.unit
    unit.kind = UnitKind.ECONOMY if unit.kind != UnitKind.ECONOMY else UnitKind.CULTURE_SOCIETY
    unit.save()
    from phuongso.accounts.backends import IdentifierBackend

    assert IdentifierBackend().get_user(specialist.pk).unit.kind == unit.kind
