"""An account whose phone was never proven proves it with a one-time code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from phuongso.accounts.models import User
from phuongso.notifications.models import Medium, Notification

pytestmark = pytest.mark.django_db
URL = reverse("accounts:verify_phone")


@pytest.fixture
def unproven(citizen) -> User:
    """An account from before codes were asked: the data migration marked it unverified."""
    User.objects.filter(pk=citizen.pk).update(phone_verified_at=None)
    citizen.refresh_from_db()
    return citizen


def last_code() -> str:
    sms = Notification.objects.filter(medium=Medium.SMS, event="verification_code").latest("pk")
    return re.search(r"\b(\d{6})\b", sms.body).group(1)


def test_the_holder_proves_the_phone_with_the_code_sent_to_it(client, unproven) -> None:
    client.force_login(unproven)
    page = client.get(URL).content.decode()
    assert "Số điện thoại <strong>0912 000 001</strong> của tài khoản chưa được xác minh" in page
    sent = client.post(URL, {"gui_ma": "1"}).content.decode()
    assert "vừa được gửi tới <strong>0912 000 001</strong>" in sent
    sms = Notification.objects.get(event="verification_code")
    assert sms.recipient == "+84912000001"
    response = client.post(URL, {"code": last_code()})
    assert response.url == reverse("dossiers:my_dossiers")
    unproven.refresh_from_db()
    assert unproven.phone_verified


def test_a_wrong_code_proves_nothing(client, unproven) -> None:
    client.force_login(unproven)
    client.post(URL, {"gui_ma": "1"})
    wrong = "000000" if last_code() != "000000" else "111111"
    page = client.post(URL, {"code": wrong}).content.decode()
    assert "Mã xác minh không đúng" in page
    unproven.refresh_from_db()
    assert not unproven.phone_verified


def test_a_code_sent_to_another_number_does_not_prove_this_one(client, unproven) -> None:
    """The account's phone changed after the code left: the code proves the old number."""
    client.force_login(unproven)
    client.post(URL, {"gui_ma": "1"})
    code = last_code()
    unproven.phone = "+84912000009"
    unproven.save()
    page = client.post(URL, {"code": code}).content.decode()
    assert "Mã này được gửi tới một số khác" in page
    assert not User.objects.get(pk=unproven.pk).phone_verified


def test_codes_to_one_number_are_limited(client, unproven, settings) -> None:
    settings.VERIFICATION_CODES_PER_HOUR = 2
    client.force_login(unproven)
    for _ in range(2):
        client.post(URL, {"gui_ma": "1"})
    page = client.post(URL, {"gui_ma": "1"}, follow=True).content.decode()
    assert "Đã gửi quá nhiều mã tới địa chỉ này" in page
    assert Notification.objects.filter(event="verification_code").count() == 2


def test_a_proven_phone_needs_no_code(client, citizen) -> None:
    client.force_login(citizen)
    assert client.get(URL).status_code == 302
