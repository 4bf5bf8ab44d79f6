"""Open311 keys are issued once, stored as a digest, and revocable; the admin issues them."""

from __future__ import annotations

import hashlib
import re
from io import StringIO

import pytest
from django.core.management import call_command

from phuongso.feedback import apikeys
from phuongso.feedback.models import ApiKey

pytestmark = pytest.mark.django_db


def test_only_the_digest_of_a_key_is_stored(commune) -> None:
    key, raw = apikeys.issue_api_key(name="Ứng dụng Phố Xanh", commune=commune)
    stored = ApiKey.objects.get(pk=key.pk)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiKey.objects.values().get(pk=key.pk))
    assert stored.prefix == raw[:8] and len(raw) >= 40


def test_a_key_authenticates_until_revoked(commune) -> None:
    key, raw = apikeys.issue_api_key(name="Ứng dụng Phố Xanh")
    assert apikeys.authenticate(raw) == key
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None
    assert apikeys.authenticate(raw + "x") is None and apikeys.authenticate("") is None
    apikeys.revoke(key)
    assert apikeys.authenticate(raw) is None


def test_the_admin_issues_a_key_and_shows_it_once(admin_client, commune) -> None:
    response = admin_client.post(
        "/quan-tri/feedback/apikey/add/", {"name": "Ứng dụng Phố Xanh", "commune": ""}, follow=True
    )
    shown = re.search(r"hãy gửi cho đơn vị sử dụng\): (\S+)<", response.content.decode())
    assert shown, response.content.decode()[:2000]
    assert apikeys.authenticate(shown.group(1)).name == "Ứng dụng Phố Xanh"
    assert ApiKey.objects.count() == 1


def test_the_command_issues_a_key(commune) -> None:
    out = StringIO()
    call_command("issue_open311_key", "Ứng dụng Phố Xanh", "--commune", "7909", stdout=out)
    raw = out.getvalue().strip().rsplit(" ", 1)[-1]
    assert apikeys.authenticate(raw).commune == commune
