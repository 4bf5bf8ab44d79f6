from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from phuongso import settings as project_settings
from phuongso.accounts.models import User
from phuongso.notifications.models import Medium, Notification

pytestmark = pytest.mark.django_db

GOOD = {
    "full_name": "Lê Thị Hạnh",
    "phone": "0912 345 678",
    "email": "hanh@example.vn",
    "personal_id": "025195004321",
    "password1": "Hoa-sen-2025",
    "password2": "Hoa-sen-2025",
}


def register(client, REMOTE_ADDR: str = "127.0.0.1", **changes: str):  # noqa: N803 (WSGI name)
    return client.post(reverse("accounts:register"), {**GOOD, **changes}, REMOTE_ADDR=REMOTE_ADDR)


def sms_code(phone: str = "+84912345678") -> str:
    sms = Notification.objects.filter(
        medium=Medium.SMS, event="verification_code", recipient=phone
    ).latest("pk")
    return re.search(r"\b(\d{6})\b", sms.body).group(1)


def confirm(client, code: str):
    return client.post(reverse("accounts:register_confirm"), {"code": code})


def test_a_citizen_registers_with_the_code_sent_to_the_phone_and_is_signed_in(client) -> None:
    response = register(client)
    assert response.url == reverse("accounts:register_confirm")
    assert not User.objects.exists()  # nothing until the phone is proven
    page = client.get(response.url).content.decode()
    assert "Mã xác minh gồm 6 chữ số vừa được gửi tới <strong>0912 345 678</strong>" in page
    assert confirm(client, sms_code()).status_code == 302
    user = User.objects.get(phone="+84912345678")
    assert user.full_name == "Lê Thị Hạnh"
    assert user.phone_verified and user.check_password("Hoa-sen-2025")
    # The number typed is kept as a claim: it proves nothing until the card is checked.
    assert user.personal_id == "025195004321" and not user.identity_verified
    assert not user.is_official
    assert client.get(reverse("core:home")).context["user"] == user


def test_a_wrong_code_opens_nothing_and_says_how_many_tries_are_left(client, settings) -> None:
    settings.VERIFICATION_CODE_ATTEMPTS = 2
    register(client)
    right = sms_code()
    wrong = "000000" if right != "000000" else "111111"
    assert "Bạn còn 1 lần thử" in confirm(client, wrong).content.decode()
    assert "Nhập sai mã quá số lần cho phép" in confirm(client, wrong).content.decode()
    # Spent: even the right code no longer opens the account.
    assert "Vui lòng gửi mã mới" in confirm(client, right).content.decode()
    assert not User.objects.exists()


def test_an_expired_code_opens_nothing(client, settings) -> None:
    settings.VERIFICATION_CODE_MINUTES = -1
    register(client)
    assert "Mã xác minh đã hết hạn" in confirm(client, sms_code()).content.decode()
    assert not User.objects.exists()


def test_a_new_code_replaces_the_first(client) -> None:
    register(client)
    first = sms_code()
    client.post(reverse("accounts:register_confirm"), {"gui_lai": "1"})
    second = sms_code()
    if first != second:
        assert "không đúng" in confirm(client, first).content.decode()
    assert confirm(client, second).status_code == 302
    assert User.objects.get().phone_verified


class ProviderGateway:
    """A provider's gateway as the SMS adapter sees one: it takes the text away."""

    name = "provider"
    sent: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> None:
        self.sent.append((phone, text))


def test_the_code_is_not_kept_readable_once_a_provider_delivered_it(client, settings) -> None:
    settings.SMS_GATEWAY = f"{__name__}.ProviderGateway"
    ProviderGateway.sent.clear()
    register(client)
    row = Notification.objects.get(event="verification_code")
    assert "đã xóa sau khi gửi" in row.body and not re.search(r"\d{6}", row.body)
    phone, text = ProviderGateway.sent[-1]
    code = re.search(r"\b(\d{6})\b", text).group(1)
    assert phone == "+84912345678" and confirm(client, code).status_code == 302


def test_registration_with_email_only_proves_the_address_by_mail(client) -> None:
    register(client, phone="")
    assert not User.objects.exists()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    confirm(client, code)
    user = User.objects.get(email="hanh@example.vn")
    assert user.phone is None and not user.phone_verified


def test_registration_needs_a_phone_or_an_email(client) -> None:
    response = register(client, phone="", email="")
    assert "Vui lòng nhập số điện thoại hoặc thư điện tử" in response.content.decode()
    assert not User.objects.exists()


def test_a_malformed_phone_is_refused_and_nothing_saved(client) -> None:
    response = register(client, phone="09123")
    assert response.status_code == 200
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert not User.objects.exists()


def test_an_identification_number_with_an_unknown_province_is_refused(client) -> None:
    response = register(client, personal_id="099195004321")
    assert "Mã tỉnh nơi đăng ký khai sinh (3 số đầu: 099) không tồn tại" in (
        response.content.decode()
    )
    assert not User.objects.exists()


def test_a_phone_already_registered_is_refused_with_the_way_in(client, citizen) -> None:
    """The walk-in citizen whose account the counter opened is told how to set a password."""
    response = register(client, phone="0912000001", email="new@example.vn", personal_id="")
    assert "Số điện thoại này đã có tài khoản" in response.content.decode()
    assert "Quên mật khẩu" in response.content.decode()
    assert User.objects.count() == 1


def test_past_the_limit_nobody_learns_which_numbers_have_an_account(
    client, citizen, settings
) -> None:
    """Each "already has an account" answer tells something about a number: one address gets
    a few of them an hour, then only a request to come back later."""
    settings.REGISTER_IN_USE_LIMIT = 2
    taken = {"phone": "0912000001", "email": "new@example.vn", "personal_id": ""}
    for _ in range(2):
        assert "Số điện thoại này đã có tài khoản" in register(client, **taken).content.decode()
    page = register(client, **taken).content.decode()
    assert "Số điện thoại này đã có tài khoản" not in page
    assert "Bạn đã thử đăng ký quá nhiều lần" in page
    # From then on nothing from this address is checked: with passwords that differ, a
    # number with an account and one without get the same answer, and nothing is created.
    answers = [
        register(client, phone=phone, email="", personal_id="", password2="khac").content
        for phone in ("0912000001", "0912999999")
    ]
    for answer in answers:
        assert "Bạn đã thử đăng ký quá nhiều lần" in answer.decode()
        assert "Hai mật khẩu không giống nhau" not in answer.decode()
    assert register(client, phone="0912999998", email="", personal_id="").status_code == 200
    # Another address is answered as before.
    elsewhere = register(client, **taken, REMOTE_ADDR="203.0.113.9")
    assert "Số điện thoại này đã có tài khoản" in elsewhere.content.decode()
    assert User.objects.count() == 1


def test_a_short_password_is_refused(client) -> None:
    response = register(client, password1="Ab1-x", password2="Ab1-x")
    body = response.content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in body
    assert not User.objects.exists()


def test_mismatched_passwords_are_refused(client) -> None:
    response = register(client, password2="Khac-hoan-toan-9")
    assert "Hai mật khẩu không giống nhau" in response.content.decode()
    assert not User.objects.exists()


def test_a_personal_number_proven_by_another_account_is_refused(client, citizen) -> None:
    citizen.identity_verified_at = citizen.date_joined
    citizen.save()
    response = register(client, personal_id=citizen.personal_id)
    assert "Số định danh này đã được dùng cho một tài khoản khác" in response.content.decode()


def test_a_personal_number_only_claimed_by_another_account_is_still_a_claim(
    client, citizen
) -> None:
    register(client, personal_id=citizen.personal_id)
    confirm(client, sms_code())
    newcomer = User.objects.get(phone="+84912345678")
    assert newcomer.personal_id == citizen.personal_id and not newcomer.identity_verified


def test_passwords_are_stored_with_argon2_in_production(client) -> None:
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        register(client)
        confirm(client, sms_code())
    assert User.objects.get().password.startswith("argon2")


def test_help_and_errors_are_tied_to_their_fields_for_screen_readers(client) -> None:
    """Every aria-describedby names an element of the page: a screen reader reads the error
    and the help when the field is focused."""
    import re

    page = register(client, phone="09123", password2="khac").content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert described, "no field is described"
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    for names in described:
        for name in names.split():
            assert name in ids, name
    assert 'aria-invalid="true"' in page


def test_registrations_are_limited_per_address_and_overall(client, settings) -> None:
    settings.REGISTRATIONS_PER_ADDRESS = 2
    settings.REGISTRATIONS_PER_HOUR = 3
    for n in range(2):
        assert register(client, phone=f"091234500{n}", email="").status_code == 302
    refused = register(client, phone="0912345009", email="").content.decode()
    assert "quá nhiều lượt đăng ký" in refused
    assert register(client, "203.0.113.2", phone="0912345008", email="").status_code == 302
    assert "quá nhiều lượt đăng ký" in (
        register(client, "203.0.113.3", phone="0912345007", email="").content.decode()
    )
    assert Notification.objects.filter(event="verification_code").count() == 3
