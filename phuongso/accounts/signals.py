"""Forget cached users (accounts/backends.py) when what is cached with them changes; give an
official's session its working-day length."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from phuongso.accounts.backends import user_cache_key
from phuongso.accounts.models import StaffRole, User
from phuongso.core import page_cache
from phuongso.core.models import Commune, GovernmentUnit
from phuongso.core.queries import forget_cached


@receiver([post_save, post_delete], sender=User, dispatch_uid="accounts-forget-user")
def forget_user(instance: User, **kwargs: object) -> None:
    forget_cached(user_cache_key(instance.pk))


@receiver(post_save, sender=User, dispatch_uid="accounts-official-in-histories")
def forget_pages_naming_the_unit(
    instance: User, update_fields: frozenset[str] | None, **kwargs: object
) -> None:
    """Dossier histories name the unit of the official who acted: an official moved to another
    unit renders kept pages anew (a sign-in, which saves only last_login, does not)."""
    if instance.unit_id and not (update_fields and set(update_fields) <= {"last_login"}):
        page_cache.forget_all()


@receiver([post_save, post_delete], sender=StaffRole, dispatch_uid="accounts-forget-roles")
def forget_roles(instance: StaffRole, **kwargs: object) -> None:
    forget_cached(user_cache_key(instance.user_id))


# Communes and units in use cannot be deleted (PROTECT): only their edits matter.
@receiver(post_save, sender=Commune, dispatch_uid="accounts-forget-commune-people")
def forget_commune_people(instance: Commune, **kwargs: object) -> None:
    _forget(User.objects.filter(commune=instance))


@receiver(post_save, sender=GovernmentUnit, dispatch_uid="accounts-forget-unit-officials")
def forget_unit_officials(instance: GovernmentUnit, **kwargs: object) -> None:
    """A unit's kind decides what its specialists see."""
    _forget(User.objects.filter(unit=instance))


def _forget(users: QuerySet[User]) -> None:
    forget_cached(*(user_cache_key(pk) for pk in users.values_list("pk", flat=True)))


@receiver(user_logged_in, dispatch_uid="accounts-official-session-length")
def officials_sign_in_for_a_working_day(
    sender: object, request: Any, user: User, **kwargs: Any
) -> None:
    """An official's session ends after OFFICIAL_SESSION_HOURS (a working day), not the two
    weeks a citizen's phone keeps: a desk left signed in opens dossiers and households."""
    if request is not None and user.is_official:
        request.session.set_expiry(settings.OFFICIAL_SESSION_HOURS * 3600)


# The second factor (accounts/two_factor.py): confirmed devices and survey assignments are
# cached with the user; a removed device ends the sessions it verified at once.
def forget_device_owner(instance: Any, **kwargs: object) -> None:
    forget_cached(user_cache_key(instance.user_id))


def forget_surveyor(instance: Any, **kwargs: object) -> None:
    forget_cached(user_cache_key(instance.surveyor_id))


def connect_second_factor_signals() -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from phuongso.households.models import SurveyorAssignment

    for model in (TOTPDevice, StaticDevice):
        for signal in (post_save, post_delete):
            signal.connect(forget_device_owner, sender=model, dispatch_uid=f"2fa-{model.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(forget_surveyor, sender=SurveyorAssignment, dispatch_uid="2fa-surveyor")
