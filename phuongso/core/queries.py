"""Reads of communes that nearly every page makes, kept in the shared cache, and the two ways
of caching every such read uses (a read-through entry, a generation of keys)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from phuongso.core.models import Commune

T = TypeVar("T")
DEFAULT_COMMUNE_KEY = "core:default-commune"
# A change of communes clears the key at once (signals below); the timeout only bounds how long
# a change made outside the ORM (a SQL script) can go unseen.
DEFAULT_COMMUNE_SECONDS = 300
_NONE = "none"  # a cached "there is none", distinct from "not cached"


def read_through(key: str, seconds: int, read: Callable[[], T | None]) -> T | None:
    """The cached value of `key`, or `read()` cached for `seconds` (a None too)."""
    cached = cache.get(key)
    if cached is None:
        found = read()
        cached = _NONE if found is None else found
        cache.set(key, cached, seconds)
    return None if cached == _NONE else cached


def generation(key: str) -> str:
    """The current generation of a family of cached entries whose keys include it: forgetting
    `key` (forget_cached) makes every entry of the family unreachable at once."""
    return cache.get_or_set(key, secrets.token_hex(8), None)


def default_commune() -> Commune | None:
    """The deployment's first configured commune: whose portal an anonymous visitor sees."""
    return read_through(
        DEFAULT_COMMUNE_KEY,
        DEFAULT_COMMUNE_SECONDS,
        lambda: Commune.objects.filter(is_configured=True).order_by("code").first(),
    )


def home_commune(user: Any) -> Commune | None:
    """Whose portal a visitor sees: a signed-in person's own commune, else the default one."""
    own = getattr(user, "commune", None) if user is not None and user.is_authenticated else None
    return own or default_commune()


def forget_cached(*keys: str) -> None:
    """Drop cached copies of rows being changed: now, so this request reads the change, and
    again after commit, so no request re-caches the old row while the transaction is open."""
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


@receiver([post_save, post_delete], sender=Commune, dispatch_uid="core-default-commune")
def forget_default_commune(**kwargs: object) -> None:
    forget_cached(DEFAULT_COMMUNE_KEY)
