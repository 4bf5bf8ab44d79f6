"""Officials who read household data or administer sign in with a second factor (TOTP, with
recovery codes); until their session passed it, they reach only the enrolment and verification
pages. Codes are computed here as an authenticator app computes them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, forget_second_factor
from phuongso.accounts import two_factor

pytestmark = pytest.mark.django_db

ENROL = reverse("accounts:enrol_second_factor")
VERIFY = reverse("accounts:verify_second_factor")


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    return f"{totp(device.bin_key, t0=-steps_ahead * device.step):06d}"


def later(device) -> None:
    """Some seconds pass: django-otp refuses every code for a moment after a wrong one."""
    past = timezone.now() - dt.timedelta(seconds=60)
    type(device).objects.filter(pk=device.pk).update(throttling_failure_timestamp=past)


def sign_in(client, user) -> object:
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def enrol(client, user) -> list[str]:
    """Sign in with the password, enrol with a first code; the recovery codes shown once."""
    sign_in(client, user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": code_for(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())


def test_who_needs_a_second_factor(
    citizen, counter_officer, specialist, other_unit_specialist, leader, administrator
) -> None:
    assert two_factor.requires_second_factor(specialist)  # culture–society: households
    assert two_factor.requires_second_factor(administrator)
    for user in (citizen, counter_officer, other_unit_specialist, leader):
        assert not two_factor.requires_second_factor(user), user


def test_a_surveyor_needs_a_second_factor(client, citizen, commune) -> None:
    from phuongso.core.models import ResidentialGroup
    from phuongso.households import review_services

    client.force_login(citizen)
    assert client.get(reverse("dossiers:my_dossiers")).status_code == 200  # cached as citizen
    review_year = review_services.open_review_year(commune=commune, year=2025, actor=None)
    group = ResidentialGroup.objects.filter(commune=commune).first()
    review_year.assignments.create(residential_group=group, surveyor=citizen)
    response = client.get(reverse("dossiers:my_dossiers"))
    assert response.status_code == 302 and response.url.startswith(ENROL)


def test_a_signed_in_official_without_a_device_reaches_only_enrolment(client, specialist) -> None:
    response = sign_in(client, specialist)
    for url in (reverse("households:list"), reverse("accounts:staff_home"), "/quan-tri/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(ENROL), url
    assert client.get("/api/v1/households/1").status_code == 403
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Thiết lập xác thực hai lớp" in html
    device = TOTPDevice.objects.get(user=specialist, confirmed=False)
    assert two_factor.secret_for_humans(device).replace(" ", "") in html.replace(" ", "")


def test_enrolment_refuses_a_wrong_code_and_confirms_a_right_one(client, specialist) -> None:
    sign_in(client, specialist)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=specialist, confirmed=False)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert "Mã không đúng" in response.content.decode()
    assert client.get(reverse("households:list")).status_code == 302
    response = client.post(ENROL, {"code": code_for(device)})
    assert "Mã không đúng" in response.content.decode()  # too soon after the wrong one
    later(device)
    response = client.post(ENROL, {"code": code_for(device)})
    html = response.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", html)
    assert len(codes) == 10 and "chỉ hiển thị một lần" in html
    assert client.get(reverse("households:list")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=specialist).token_set.count() == 10


def test_the_next_sign_in_asks_for_a_code_and_refuses_a_wrong_one(client, specialist) -> None:
    enrol(client, specialist)
    client.post(reverse("accounts:logout"))
    sign_in(client, specialist)
    response = client.get(reverse("households:list"))
    assert response.url.startswith(VERIFY) and "next=" in response.url
    device = TOTPDevice.objects.get(user=specialist)
    wrong = f"{(int(code_for(device, steps_ahead=1)) + 7) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert "Mã không đúng" in response.content.decode()
    assert client.get(reverse("households:list")).status_code == 302
    later(device)
    response = client.post(
        VERIFY, {"code": code_for(device, steps_ahead=1), "next": reverse("households:list")}
    )
    assert response.status_code == 302 and response.url == reverse("households:list")
    assert client.get(reverse("households:list")).status_code == 200


def used_code(device: TOTPDevice) -> str:
    """The code of the time step the device last accepted, whatever the clock says now (a slow
    run may cross into the next 30-second step, whose code is a new one)."""
    at_that_step = TOTP(device.bin_key, device.step, device.t0, device.digits)
    at_that_step.time = device.t0 + device.last_t * device.step
    return f"{at_that_step.token():0{device.digits}d}"


def test_a_code_already_used_is_refused(client, specialist) -> None:
    enrol(client, specialist)  # used the code of this step
    client.post(reverse("accounts:logout"))
    sign_in(client, specialist)
    device = TOTPDevice.objects.get(user=specialist)
    client.post(VERIFY, {"code": used_code(device)})
    assert client.get(reverse("households:list")).status_code == 302


def test_a_recovery_code_works_once(client, specialist) -> None:
    codes = enrol(client, specialist)
    for attempt in range(2):
        client.post(reverse("accounts:logout"))
        sign_in(client, specialist)
        client.post(VERIFY, {"code": codes[0].upper()})
        status = client.get(reverse("households:list")).status_code
        assert status == (200 if attempt == 0 else 302)
    assert StaticDevice.objects.get(user=specialist).token_set.count() == 9


def test_removing_the_device_ends_the_verified_session(client, specialist) -> None:
    enrol(client, specialist)
    assert client.get(reverse("households:list")).status_code == 200
    two_factor.reset(user=specialist)
    response = client.get(reverse("households:list"))
    assert response.status_code == 302 and response.url.startswith(ENROL)


def test_the_admin_site_asks_administrators_for_the_second_factor(client, administrator) -> None:
    client.force_login(administrator)
    assert client.get("/quan-tri/").status_code == 200  # the test sign-in passed it
    forget_second_factor(client)
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_officials_without_household_access_sign_in_with_the_password_only(
    client, counter_officer
) -> None:
    sign_in(client, counter_officer)
    assert client.get(reverse("dossiers:counter")).status_code == 200


def test_the_demo_key_gives_the_documented_code(commune) -> None:
    from phuongso.accounts.demo import load_demo_accounts
    from phuongso.accounts.demo_code import demo_code

    users = load_demo_accounts()
    device = TOTPDevice.objects.get(user__username="chuyenvien")
    assert device.confirmed and f"{totp(device.bin_key):06d}" == demo_code()
    assert {u.username for u in users if TOTPDevice.objects.filter(user=u).exists()} >= {
        "chuyenvien",
        "quantri",
    }


def test_the_admin_shows_no_device_secrets_and_resets_a_lost_phone(
    client, administrator, specialist
) -> None:
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
    specialist.commune = administrator.commune
    specialist.save()
    enrol(Client(), specialist)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [specialist.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=specialist).exists()
    assert not StaticDevice.objects.filter(user=specialist).exists()


def test_a_verified_official_replaces_the_recovery_codes(client, specialist) -> None:
    old = enrol(client, specialist)
    assert "Còn 10 mã dự phòng" in client.get(reverse("accounts:staff_home")).content.decode()
    response = client.post(reverse("accounts:recovery_codes"))
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("accounts:logout"))
    sign_in(client, specialist)
    client.post(VERIFY, {"code": old[0]})  # the old set no longer works
    assert client.get(reverse("households:list")).status_code == 302
