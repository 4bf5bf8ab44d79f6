"""API keys of Open311 clients: issued once, stored as a SHA-256 digest, revocable.

A key is 43 random URL-safe characters, so a fast digest is enough (nothing to brute-force);
the clear key is shown once to the administrator who issues it.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from phuongso.core.models import Commune
from phuongso.feedback.models import ApiKey


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def issue_api_key(*, name: str, commune: Commune | None = None) -> tuple[ApiKey, str]:
    """Create a key for a client; returns the row and the clear key (shown only now)."""
    raw = secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        name=name.strip(), commune=commune, prefix=raw[:8], key_hash=digest(raw)
    )
    return key, raw


def authenticate(raw: str | None) -> ApiKey | None:
    """The active key matching `raw`, or None; records when it was last used."""
    if not raw:
        return None
    key = ApiKey.objects.filter(key_hash=digest(raw.strip()), is_active=True).first()
    if key is not None:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def revoke(key: ApiKey) -> None:
    ApiKey.objects.filter(pk=key.pk).update(is_active=False)
