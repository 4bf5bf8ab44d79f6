"""A link to set a password: for a citizen the counter registered, or one who forgot it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from phuongso.accounts import services
from phuongso.accounts.models import User
from phuongso.notifications.models import Medium, Notification

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Tho-Son-2026"


@pytest.fixture
def walk_in_citizen(db) -> User:
    """As the counter creates one: a phone, no password."""
    user = User.objects.create_user(
        username="0977123456", full_name="Hoàng Thị Lan", phone="+84977123456"
    )
    user.set_unusable_password()
    user.save()
    return user


def ask(client, identifier: str):
    return client.post(reverse("accounts:password_link"), {"identifier": identifier}, follow=True)


def sent_link() -> str:
    sms = Notification.objects.get(medium=Medium.SMS, event="password_link")
    return re.search(r"https?://\S+", sms.body).group(0).split("://", 1)[1].split("/", 1)[1]


def test_a_walk_in_citizen_sets_a_password_from_the_sms_and_signs_in(
    client, walk_in_citizen
) -> None:
    page = ask(client, "0977 123 456").content.decode()  # any spelling of the number
    assert "đường dẫn đặt mật khẩu vừa được gửi" in page
    sms = Notification.objects.get(medium=Medium.SMS, recipient="+84977123456")
    assert "dung 1 lan trong 30 phut" in sms.body
    form_page = client.get("/" + sent_link(), follow=True)
    assert "Mật khẩu mới" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Đã đặt mật khẩu" in done.content.decode()
    signed_in = client.post(
        reverse("accounts:login"), {"username": "0977123456", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302 and signed_in.url == reverse("accounts:after_login")


def test_a_link_works_once(client, walk_in_citizen) -> None:
    ask(client, "0977123456")
    link = "/" + sent_link()
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True).content.decode()
    assert "Đường dẫn này không còn dùng được" in again
    assert "Mật khẩu mới" not in again


def test_an_unknown_contact_gets_the_same_answer_and_nothing_is_sent(
    client, walk_in_citizen
) -> None:
    known = ask(client, "0977123456").content.decode()
    unknown = ask(client, "0900000000").content.decode()
    message = "Nếu số điện thoại hoặc thư điện tử này thuộc một tài khoản"
    assert message in known and message in unknown
    assert Notification.objects.count() == 1


def test_a_citizen_with_e_mail_gets_the_link_by_mail_too(client, citizen) -> None:
    assert services.send_password_link(identifier="DAN@example.vn")
    assert mail.outbox[0].subject == "Đặt mật khẩu tài khoản dịch vụ công"
    assert "/dat-mat-khau/" in mail.outbox[0].body
    assert Notification.objects.filter(medium=Medium.SMS, recipient="+84912000001").exists()


def test_the_link_is_not_kept_once_delivered_elsewhere(citizen, settings) -> None:
    """The e-mail went out through the mail server: its row keeps no usable link. The SMS row
    of the default outbox gateway is itself the delivery and keeps it."""
    services.send_password_link(identifier="0912000001")
    email = Notification.objects.get(medium=Medium.EMAIL, event="password_link")
    sms = Notification.objects.get(medium=Medium.SMS, event="password_link")
    assert "/dat-mat-khau/" in mail.outbox[0].body
    assert "/dat-mat-khau/" not in email.body and "đã xóa sau khi gửi" in email.body
    assert "/dat-mat-khau/" in sms.body


def test_mismatched_passwords_are_refused_in_vietnamese(client, walk_in_citizen) -> None:
    ask(client, "0977123456")
    form_url = client.get("/" + sent_link(), follow=True).redirect_chain[-1][0]
    page = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "khac-han-1"})
    assert "Hai mật khẩu đã nhập không khớp nhau" in page.content.decode()
    walk_in_citizen.refresh_from_db()
    assert not walk_in_citizen.has_usable_password()


def test_one_account_gets_a_few_links_an_hour_whoever_asks(client, walk_in_citizen) -> None:
    """From many addresses, the page answers the same and the phone stops receiving SMS."""
    for number in range(5):
        client.post(
            reverse("accounts:password_link"),
            {"identifier": "0977123456"},
            REMOTE_ADDR=f"203.0.113.{number}",
        )
    assert Notification.objects.filter(recipient="+84977123456").count() == 3


def test_asking_too_often_is_refused(client, walk_in_citizen, settings) -> None:
    settings.PASSWORD_LINK_LIMIT = 2
    for _ in range(2):
        ask(client, "0977123456")
    page = ask(client, "0977123456").content.decode()
    assert "quá nhiều lần" in page
    assert Notification.objects.count() == 2


def test_a_link_that_came_by_sms_proves_the_phone(client, walk_in_citizen) -> None:
    assert not walk_in_citizen.phone_verified
    ask(client, "0977123456")
    form_url = client.get("/" + sent_link(), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    walk_in_citizen.refresh_from_db()
    assert walk_in_citizen.phone_verified


def test_a_link_that_came_by_mail_proves_no_phone(client, walk_in_citizen) -> None:
    walk_in_citizen.email = "lan@example.vn"
    walk_in_citizen.save()
    ask(client, "lan@example.vn")
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0).split("/", 3)[3]
    form_url = client.get("/" + link, follow=True).redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Đã đặt mật khẩu" in done.content.decode()
    walk_in_citizen.refresh_from_db()
    assert walk_in_citizen.has_usable_password() and not walk_in_citizen.phone_verified
