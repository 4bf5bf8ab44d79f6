"""Every write to people and roles goes through these functions."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from phuongso.accounts.backends import find_user_by_identifier
from phuongso.accounts.models import ADMIN_ROLES, Role, StaffRole, User
from phuongso.core.models import GovernmentUnit
from phuongso.core.throttle import count_and_check
from phuongso.notifications.services import Recipient, notify

# Roles that open the Django admin.
ADMINISTRATORS_GROUP = "Quản trị xã, phường"
# What a commune's administrator maintains in the admin: its structure, people, catalogue
# and calendar. Dossiers are changed only through the workflow services, never here.
ADMINISTERED_APPS = ["core", "accounts", "procedures", "notifications", "feedback"]


def administrators_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label__in=ADMINISTERED_APPS)
            | Q(content_type__app_label="dossiers", codename__startswith="view_")
            | Q(content_type__app_label="resolution", codename__startswith="view_")
            | Q(
                content_type__app_label="resolution",
                codename__in=[
                    "change_resolution",
                    "change_indicator",
                    "change_programme",
                    "change_plan",
                ],
            )
        )
    )
    return group


@transaction.atomic
def register_citizen(
    *,
    full_name: str,
    password: str,
    phone: str | None = None,
    email: str | None = None,
    personal_id: str | None = None,
) -> User:
    """Create a citizen's account; identifiers must already be validated and normalised."""
    user = User(
        username=phone or email or "",
        full_name=full_name,
        phone=phone or None,
        email=email or None,
        personal_id=personal_id or None,
    )
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def create_official(
    *,
    username: str,
    full_name: str,
    unit: GovernmentUnit | None,
    roles: Iterable[str],
    password: str,
    email: str | None = None,
    phone: str | None = None,
    job_title: str = "",
) -> User:
    """Create (or update, by username) an official with exactly the given roles."""
    user, _ = User.objects.get_or_create(username=username)
    user.full_name = full_name
    user.email = email or None
    user.phone = phone or None
    user.unit = unit
    user.commune = unit.commune if unit else None
    user.job_title = job_title
    user.set_password(password)
    user.save()
    set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def set_roles(*, user: User, roles: Iterable[str]) -> None:
    """Replace an official's roles; admin access follows the administrator roles."""
    wanted = {Role(role) for role in roles}
    user.roles.exclude(role__in=wanted).delete()
    for role in wanted:
        StaffRole.objects.get_or_create(user=user, role=role)
    user.is_staff = bool(wanted & set(ADMIN_ROLES))
    user.is_superuser = Role.PROVINCE_ADMINISTRATOR in wanted
    user.save(update_fields=["is_staff", "is_superuser"])
    if Role.ADMINISTRATOR in wanted:
        user.groups.add(administrators_group())
    else:
        user.groups.remove(*Group.objects.filter(name=ADMINISTRATORS_GROUP))
    user.__dict__.pop("role_set", None)


# --- Setting a password from a link ----------------------------------------------------------


def send_password_link(*, identifier: str) -> bool:
    """Send the account `identifier` names (phone, e-mail or login name) a link to set a new
    password, to every contact it has: how a citizen whose account the one-stop counter
    opened, with no password, starts using the portal, and how anyone who forgot one gets
    back in. Returns whether a link was sent, which the page must not tell the visitor."""
    user = find_user_by_identifier(identifier)
    if user is None or not user.is_active or not (user.email or user.phone):
        return False
    # Each link is an SMS the ward pays for and a message the person receives: a few an hour
    # per account, whatever the addresses asking (the page answers the same).
    if count_and_check(f"password-link-user:{user.pk}", limit=3, seconds=3600):
        return False
    path = reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    notify(
        event="password_link",
        recipient=Recipient(name=user.full_name, email=user.email or "", phone=user.phone or ""),
        context={
            "link": settings.SITE_URL.rstrip("/") + path,
            "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        },
        about=f"user:{user.pk}",
    )
    return True
