"""manage.py create_demo_pki: idempotent, one certificate per signing official and ward."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phuongso.signing.checks import check_demo_pki_in_production
from phuongso.signing.models import Credential

pytestmark = pytest.mark.django_db


def test_the_command_gives_the_ward_a_seal_and_each_signing_official_a_certificate(
    pki_settings, commune, leader, counter_officer, specialist
):
    call_command("create_demo_pki", stdout=io.StringIO())
    first = {c.holder: c.serial for c in Credential.objects.all()}
    assert set(first) == {"UBND Phường Thanh Miếu", "Lanh Dao", "Mot Cua"}
    call_command("create_demo_pki", stdout=io.StringIO())
    assert {c.holder: c.serial for c in Credential.objects.all()} == first  # nothing reissued
    assert Credential.objects.get(commune=commune).issuer.startswith("phuongso DEMO")


def test_the_command_refuses_when_the_demo_authority_is_off(settings):
    settings.SIGNING_DEMO_PKI = False
    with pytest.raises(CommandError, match="chứng thư thật"):
        call_command("create_demo_pki", stdout=io.StringIO())


def test_the_demo_authority_in_production_is_flagged(settings):
    settings.DEBUG, settings.SIGNING_DEMO_PKI = False, True
    assert [w.id for w in check_demo_pki_in_production(None)] == ["phuongso.W101"]
    settings.SIGNING_DEMO_PKI = False
    assert check_demo_pki_in_production(None) == []


def test_a_real_certificate_file_is_registered_for_an_official(pki_settings, leader):
    call_command(
        "add_signing_credential",
        user=leader.username,
        pkcs12=str(pki_settings / "person-lanh_dao.p12"),
        title="Chủ tịch UBND phường",
        stdout=io.StringIO(),
    )
    credential = Credential.objects.get(user=leader)
    assert (credential.kind, credential.holder, credential.title) == (
        "pkcs12",
        "Lanh Dao",
        "Chủ tịch UBND phường",
    )


def test_a_token_needs_its_certificate(pki_settings, commune):
    with pytest.raises(CommandError, match="--certificate"):
        call_command(
            "add_signing_credential", commune=commune.code, pkcs11_token="x", stdout=io.StringIO()
        )
