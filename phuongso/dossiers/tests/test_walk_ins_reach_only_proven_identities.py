"""The account-takeover hole, closed: a number typed at registration is a claim, so it never
brings someone else's walk-in dossiers and scans into an account; a citizen sees a dossier
received for them only once they proved the identity it was given with."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from phuongso.accounts.models import IdentityProof, User
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.tests.test_counter_and_desk_pages import walk_in_post
from phuongso.notifications.models import Medium, Notification

pytestmark = pytest.mark.django_db
VICTIM_ID = "025190000777"


def code_sent_to(phone: str) -> str:
    sms = Notification.objects.filter(
        medium=Medium.SMS, event="verification_code", recipient=phone
    ).latest("pk")
    return re.search(r"\b(\d{6})\b", sms.body).group(1)


def register_through_the_page(client, *, phone: str, personal_id: str, name: str) -> User:
    password = "Ke-gian-2026"
    client.post(
        reverse("accounts:register"),
        {
            "full_name": name,
            "phone": phone,
            "email": "",
            "personal_id": personal_id,
            "password1": password,
            "password2": password,
        },
    )
    client.post(reverse("accounts:register_confirm"), {"code": code_sent_to(f"+84{phone[1:]}")})
    return User.objects.get(phone=f"+84{phone[1:]}")


def pages_of(dossier: Dossier) -> list[str]:
    paper = dossier.documents.first()
    return [
        reverse("dossiers:my_dossier", kwargs={"pk": dossier.pk}),
        reverse("dossiers:document_file", kwargs={"pk": dossier.pk, "document_pk": paper.pk}),
    ]


def test_registering_someone_elses_number_brings_none_of_their_dossiers(
    client, counter_officer, three_day_procedure
) -> None:
    """The probe's path: register with the victim's personal number (and name), then wait
    for the victim to hand in papers at the counter."""
    intruder = register_through_the_page(
        client, phone="0966111222", personal_id=VICTIM_ID, name="Hoàng Thị Lan"
    )
    assert intruder.personal_id == VICTIM_ID and not intruder.identity_verified
    officer = client.__class__()
    officer.force_login(counter_officer)
    walk_in_post(officer, three_day_procedure, personal_id=VICTIM_ID, card_checked="on")
    dossier = Dossier.objects.get()
    victim = dossier.applicant
    assert victim != intruder
    assert victim.identity_verified and victim.identity_proof == IdentityProof.COUNTER
    assert victim.personal_id == VICTIM_ID
    listing = client.get(reverse("dossiers:my_dossiers")).content.decode()
    assert dossier.code not in listing
    for url in pages_of(dossier):
        assert client.get(url).status_code == 404


def test_a_number_typed_at_the_counter_without_the_card_finds_no_account(
    client, counter_officer, three_day_procedure
) -> None:
    claimant = User.objects.create_user(
        username="0966111222", full_name="Hoàng Thị Lan", phone="+84966111222"
    )
    claimant.personal_id = VICTIM_ID
    claimant.save()
    client.force_login(counter_officer)
    walk_in_post(client, three_day_procedure, phone="", personal_id=VICTIM_ID)
    dossier = Dossier.objects.get()
    assert dossier.applicant is None and dossier.applicant_personal_id == VICTIM_ID


def test_an_account_with_an_unproven_phone_sees_the_walk_in_only_once_it_proves_it(
    client, counter_officer, three_day_procedure
) -> None:
    """An account from before codes were asked holds the number the citizen gives at the
    counter: the dossier goes to it, hidden until its holder proves the phone."""
    holder = User.objects.create_user(
        username="0977123456", full_name="Hoàng Thị Lan", phone="+84977123456", password="x"
    )
    officer = client.__class__()
    officer.force_login(counter_officer)
    walk_in_post(officer, three_day_procedure)  # Hoàng Thị Lan, 0977 123 456
    dossier = Dossier.objects.get()
    assert dossier.applicant == holder
    client.force_login(holder)
    listing = client.get(reverse("dossiers:my_dossiers")).content.decode()
    assert "Có 1 hồ sơ nộp trực tiếp" in listing and "Xác minh số điện thoại" in listing
    assert dossier.code not in listing
    for url in pages_of(dossier):
        assert client.get(url).status_code == 404
    client.post(reverse("accounts:verify_phone"), {"gui_ma": "1"})
    client.post(reverse("accounts:verify_phone"), {"code": code_sent_to("+84977123456")})
    assert dossier.code in client.get(reverse("dossiers:my_dossiers")).content.decode()
    for url in pages_of(dossier):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:  # the paper, read to its end (which closes its file)
            assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_account_opened_at_the_counter_sees_its_dossier_after_the_sms_link(
    client, counter_officer, three_day_procedure
) -> None:
    officer = client.__class__()
    officer.force_login(counter_officer)
    walk_in_post(officer, three_day_procedure, personal_id=VICTIM_ID, card_checked="on")
    dossier = Dossier.objects.get()
    client.post(reverse("accounts:password_link"), {"identifier": "0977123456"})
    sms = Notification.objects.get(event="password_link")
    link = re.search(r"https?://\S+", sms.body).group(0).split("/", 3)[3]
    form_url = client.get("/" + link, follow=True).redirect_chain[-1][0]
    password = "Hoa-ban-2026"
    client.post(form_url, {"new_password1": password, "new_password2": password})
    client.post(reverse("accounts:login"), {"username": "0977123456", "password": password})
    assert dossier.code in client.get(reverse("dossiers:my_dossiers")).content.decode()


def test_a_dossier_attached_on_a_claim_before_the_fix_stays_hidden(
    client, citizen, counter_officer, three_day_procedure
) -> None:
    """Dossiers the old rule attached to a claimant keep their account link, but it shows
    nothing: neither the phone nor the number they were given with is proven by it."""
    officer = client.__class__()
    officer.force_login(counter_officer)
    walk_in_post(officer, three_day_procedure, phone="", personal_id=VICTIM_ID)
    dossier = Dossier.objects.get()
    Dossier.objects.filter(pk=dossier.pk).update(applicant=citizen)  # as the old rule did
    citizen.personal_id = VICTIM_ID  # claimed, never proven
    citizen.save()
    client.force_login(citizen)
    for url in pages_of(dossier):
        assert client.get(url).status_code == 404


def test_the_data_migration_marks_every_existing_account_unverified(citizen) -> None:
    citizen.identity_verified_at = citizen.date_joined
    citizen.identity_proof = IdentityProof.COUNTER
    citizen.save()
    migration = importlib.import_module(
        "phuongso.accounts.migrations.0003_existing_accounts_are_unverified"
    )
    migration.mark_every_account_unverified(apps, None)
    citizen.refresh_from_db()
    assert not citizen.phone_verified and not citizen.identity_verified
    assert citizen.identity_proof == ""
