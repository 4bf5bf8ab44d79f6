from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from phuongso.accounts.models import Role, User
from phuongso.core.models import Commune, FormerUnit, ResidentialGroup

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Commune.objects.count(),
        FormerUnit.objects.count(),
        ResidentialGroup.objects.count(),
        User.objects.count(),
    )


def test_the_demo_loads_the_province_and_configures_the_ward(settings) -> None:
    settings.DEBUG = True
    call_command("load_demo", households=200, dossiers=0, stdout=io.StringIO())
    assert Commune.objects.filter(province_code=25).count() == 148
    ward = Commune.objects.get(code=7909)
    assert ward.is_configured
    assert ward.former_units.count() == 5
    assert ward.residential_groups.filter(is_demo=True).count() > 0
    for role in Role.values:
        assert User.objects.filter(roles__role=role).exists(), role
    assert User.objects.filter(roles__isnull=True).exists()  # demo citizens


def test_running_the_demo_twice_changes_nothing(settings) -> None:
    settings.DEBUG = True
    call_command("load_demo", households=200, dossiers=0, stdout=io.StringIO())
    before = counts()
    call_command("load_demo", households=200, dossiers=0, stdout=io.StringIO())
    assert counts() == before


def test_demo_accounts_are_refused_when_debug_is_off(settings) -> None:
    settings.DEBUG = False
    settings.ALLOW_DEMO_ACCOUNTS = False
    with pytest.raises(CommandError, match="--allow-demo-accounts"):
        call_command("load_demo", households=200, dossiers=0, stdout=io.StringIO())
    assert not User.objects.exists()


def test_demo_accounts_can_be_forced_on_a_test_machine(settings) -> None:
    settings.DEBUG = False
    settings.ALLOW_DEMO_ACCOUNTS = False
    call_command(
        "load_demo", allow_demo_accounts=True, households=200, dossiers=0, stdout=io.StringIO()
    )
    assert User.objects.filter(username="motcua").exists()


def test_demo_officials_sign_in_with_the_documented_password(client, settings) -> None:
    settings.DEBUG = True
    call_command("load_demo", households=200, dossiers=0, stdout=io.StringIO())
    response = client.post("/dang-nhap/", {"username": "motcua", "password": "Demo@2025"})
    assert response.status_code == 302


def test_the_demo_ward_has_its_registries(settings) -> None:
    from phuongso.households.models import Household
    from phuongso.training.models import Enrolment

    settings.DEBUG = True
    call_command("load_demo", households=200, dossiers=0, stdout=io.StringIO())
    assert Household.objects.filter(commune__code=7909).count() == 200
    assert Enrolment.objects.exists()


def test_the_demo_has_a_dossier_history_generated_once(settings) -> None:
    from phuongso.dossiers.models import Dossier

    settings.DEBUG = True
    call_command("load_demo", households=50, dossiers=120, stdout=io.StringIO())
    generated = Dossier.objects.count()
    assert generated >= 120
    call_command("load_demo", households=50, dossiers=120, stdout=io.StringIO())
    assert Dossier.objects.count() == generated
