"""Reads of communes that nearly every page makes, kept in the shared cache."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from phuongso.core.models import Commune

DEFAULT_COMMUNE_KEY = "core:default-commune"
# A change of communes clears the key at once (signals below); the timeout only bounds how long
# a change made outside the ORM (a SQL script) can go unseen.
DEFAULT_COMMUNE_SECONDS = 300
_NONE = "none"  # cached "no configured commune yet", distinct from "not cached"


def default_commune() -> Commune | None:
    """The deployment's first configured commune: whose portal an anonymous visitor sees."""
    cached = cache.get(DEFAULT_COMMUNE_KEY)
    if cached is None:
        cached = Commune.objects.filter(is_configured=True).order_by("code").first() or _NONE
        cache.set(DEFAULT_COMMUNE_KEY, cached, DEFAULT_COMMUNE_SECONDS)
    return None if cached == _NONE else cached


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
