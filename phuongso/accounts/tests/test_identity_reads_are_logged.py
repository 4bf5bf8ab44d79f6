"""An administrator searching accounts or opening one reads identity numbers: logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_administrator_reading_an_account_is_logged(client, administrator, citizen) -> None:
    from phuongso.households.models import AccessAction, AccessLog

    citizen.commune = administrator.commune
    citizen.save()
    client.force_login(administrator)
    client.get(reverse("admin:accounts_user_changelist"), {"q": "025090000001"})
    client.get(reverse("admin:accounts_user_change", args=[citizen.pk]))
    logs = AccessLog.objects.filter(action=AccessAction.VIEW_ACCOUNT_IDENTITY).order_by("pk")
    assert [log.subject for log in logs] == [None, citizen]
    assert "025090000001" in logs[0].detail
