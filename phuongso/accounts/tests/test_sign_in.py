from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, identifier: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": identifier, "password": password})


@pytest.mark.parametrize("identifier", ["0912000001", "+84912000001", "DAN@example.vn"])
def test_a_citizen_signs_in_with_phone_or_email(client, citizen, identifier: str) -> None:
    response = sign_in(client, identifier)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_an_official_lands_on_the_staff_home(client, counter_officer) -> None:
    response = sign_in(client, "mot_cua")
    assert response.url == reverse("accounts:after_login")
    assert client.get(response.url).url == reverse("accounts:staff_home")


def test_a_wrong_password_gets_a_vietnamese_message(client, citizen) -> None:
    response = sign_in(client, "0912000001", "sai-mat-khau")
    assert "Thông tin đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_from_that_address(client, citizen, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "0912000001", "sai-mat-khau")
    response = sign_in(client, "0912000001")  # even the right password is refused now
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_spelling_of_the_same_account_is_locked_too(client, citizen, settings) -> None:
    """Guessing under "0912000001", then "+84912000001", then "0912 000 001", then the e-mail
    address: all the same account, one count."""
    spellings = ["0912000001", "+84912000001", "0912 000 001", "DAN@example.vn", " dan@example.vn"]
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, spellings[number % len(spellings)], "sai-mat-khau")
    response = sign_in(client, "0912.000.001")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_behind_the_proxy_each_visitor_is_counted_apart(client, citizen, settings) -> None:
    """Behind the TLS proxy every request comes from the proxy: counting it would let anyone
    lock everyone out. The visitor's own address (appended by the proxy) is counted."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "0912000001", "password": "sai-mat-khau"},
            HTTP_X_FORWARDED_FOR="203.0.113.66",
            **proxied,
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "0912000001", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.5",
        **proxied,
    )
    assert response.status_code == 302


def test_the_staff_home_shows_the_officials_unit_and_roles(client, counter_officer) -> None:
    client.force_login(counter_officer)
    body = client.get(reverse("accounts:staff_home")).content.decode()
    assert "Trung tâm Phục vụ hành chính công phường" in body
    assert "Cán bộ Bộ phận Một cửa" in body
    assert "Phường Thanh Miếu" in body


def test_signing_out_needs_a_post(client, citizen) -> None:
    client.force_login(citizen)
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_the_staff_home_sends_others_to_poverty_figures_not_records(
    client, leader, specialist
) -> None:
    client.force_login(leader)
    assert (
        reverse("households:figures") in client.get(reverse("accounts:staff_home")).content.decode()
    )
    client.force_login(specialist)  # a culture–society specialist handles the records
    assert reverse("households:list") in client.get(reverse("accounts:staff_home")).content.decode()


def test_an_officials_session_lasts_a_working_day_a_citizens_two_weeks(
    client, counter_officer, citizen, settings
) -> None:
    sign_in(client, "mot_cua")
    assert client.session.get_expiry_age() == settings.OFFICIAL_SESSION_HOURS * 3600
    client.post(reverse("accounts:logout"))
    sign_in(client, "0912000001")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def sign_in_from(client, address: str, username: str, password: str = "sai-mat-khau"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_guessing_one_account_from_many_addresses_pauses_it(
    client, citizen, other_citizen, settings
) -> None:
    """Each address stays under django-axes' limit; the account's own count stops them."""
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 6
    for n in range(6):
        sign_in_from(client, f"203.0.113.{n}", "0912000001")
    refused = sign_in_from(client, "198.51.100.1", "0912 000 001", PASSWORD)
    assert "đã sai quá nhiều lần nên tạm dừng" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    assert sign_in_from(client, "198.51.100.1", "0912000002", PASSWORD).status_code == 302


def test_the_holder_of_a_paused_account_gets_back_in_with_a_password_link(
    client, citizen, settings
) -> None:
    import re

    from phuongso.notifications.models import Notification

    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 3
    for n in range(3):
        sign_in_from(client, f"203.0.113.{n}", "0912000001")
    client.post(reverse("accounts:password_link"), {"identifier": "0912000001"})
    sms = Notification.objects.get(event="password_link", medium="sms")
    link = re.search(r"https?://\S+", sms.body).group(0).split("/", 3)[3]
    form_url = client.get("/" + link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Moi-hoan-toan-9", "new_password2": "Moi-hoan-toan-9"})
    assert sign_in_from(client, "198.51.100.1", "0912000001", "Moi-hoan-toan-9").status_code == 302


def test_one_password_sprayed_over_many_accounts_pauses_the_address(
    client, citizen, other_citizen, settings
) -> None:
    settings.SIGN_IN_FAILURES_PER_ADDRESS = 4
    for n in range(4):
        sign_in_from(client, "203.0.113.9", f"09120009{n:02d}")  # accounts that may not exist
    refused = sign_in_from(client, "203.0.113.9", "0912000002", PASSWORD)
    assert "tạm dừng" in refused.content.decode() and "_auth_user_id" not in client.session
    assert sign_in_from(client, "198.51.100.2", "0912000002", PASSWORD).status_code == 302
