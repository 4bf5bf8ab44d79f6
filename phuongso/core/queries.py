"""Reads of communes that nearly every page makes, kept in the shared cache."""

from __future__ import annotations

from django.core.cache import cache
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


@receiver([post_save, post_delete], sender=Commune, dispatch_uid="core-default-commune")
def forget_default_commune(**kwargs: object) -> None:
    cache.delete(DEFAULT_COMMUNE_KEY)
