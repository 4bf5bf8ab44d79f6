"""Forget cached users (accounts/backends.py) when what is cached with them changes."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from phuongso.accounts.backends import USER_GENERATION_KEY, new_user_generation, user_cache_key
from phuongso.accounts.models import StaffRole, User
from phuongso.core.models import Commune, GovernmentUnit


@receiver([post_save, post_delete], sender=User, dispatch_uid="accounts-forget-user")
def forget_user(instance: User, **kwargs: object) -> None:
    cache.delete(user_cache_key(instance.pk))


@receiver([post_save, post_delete], sender=StaffRole, dispatch_uid="accounts-forget-roles")
def forget_roles(instance: StaffRole, **kwargs: object) -> None:
    cache.delete(user_cache_key(instance.user_id))


@receiver([post_save, post_delete], sender=Commune, dispatch_uid="accounts-forget-communes")
@receiver([post_save, post_delete], sender=GovernmentUnit, dispatch_uid="accounts-forget-units")
def forget_everyone(**kwargs: object) -> None:
    """A unit's kind decides what its specialists see: every cached user starts again."""
    cache.set(USER_GENERATION_KEY, new_user_generation(), None)
