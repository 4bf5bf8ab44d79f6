"""Every write to people and roles goes through these functions."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from phuongso.accounts.backends import find_user_by_identifier
from phuongso.accounts.models import ADMIN_ROLES, IdentityProof, Role, StaffRole, User
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
    password: str = "",
    encoded_password: str = "",
    phone: str | None = None,
    email: str | None = None,
    personal_id: str | None = None,
) -> User:
    """Create a citizen's account; identifiers must already be validated and normalised.

    The caller has proven the phone with a one-time code (accounts/verification.py: the
    registration page sends one before calling this), so it is recorded as verified. A
    personal number typed here stays a claim until the counter or the national identity
    proves it. The password comes as typed, or already hashed (`encoded_password`, as the
    registration page keeps it while the code travels).
    """
    user = User(
        username=phone or email or "",
        full_name=full_name,
        phone=phone or None,
        phone_verified_at=timezone.now() if phone else None,
        email=email or None,
        personal_id=personal_id or None,
    )
    if encoded_password:
        user.password = encoded_password
    else:
        user.set_password(password)
    user.save()
    return user


def confirm_phone(*, user: User) -> None:
    """Record that the account's holder proved its phone (a one-time code, or a password link
    that travelled by SMS): walk-in dossiers given with that number become theirs to see."""
    if user.phone and not user.phone_verified_at:
        user.phone_verified_at = timezone.now()
        user.save(update_fields=["phone_verified_at"])


def prove_identity(
    *, user: User, personal_id: str, proof: IdentityProof, by: User | None = None
) -> None:
    """Record that the account's holder is the person this personal number names."""
    user.personal_id = personal_id
    user.identity_verified_at = timezone.now()
    user.identity_proof = proof
    user.identity_verified_by = by
    user.save(
        update_fields=[
            "personal_id",
            "identity_verified_at",
            "identity_proof",
            "identity_verified_by",
        ]
    )


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
    # One link per medium: the one that travelled by SMS also proves the phone when used.
    for recipient, tokens in (
        (Recipient(name=user.full_name, email=user.email or ""), default_token_generator),
        (Recipient(name=user.full_name, phone=user.phone or ""), sms_link_tokens),
    ):
        if recipient.email or recipient.phone:
            notify(
                event="password_link",
                recipient=recipient,
                context={
                    "link": _password_link(user, tokens),
                    "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
                },
                about=f"user:{user.pk}",
            )
    return True


class SmsLinkTokens(PasswordResetTokenGenerator):
    """Django's password-link tokens (once, for PASSWORD_RESET_TIMEOUT) under a key of their
    own, for links sent by SMS: using one proves the phone."""

    key_salt = "phuongso.accounts.services.SmsLinkTokens"


class PasswordLinkTokens:
    """What the page that sets a password accepts: a link sent by e-mail or by SMS."""

    def check_token(self, user: User | None, token: str | None) -> bool:
        return default_token_generator.check_token(user, token) or sms_link_tokens.check_token(
            user, token
        )


sms_link_tokens = SmsLinkTokens()


def _password_link(user: User, tokens: PasswordResetTokenGenerator) -> str:
    path = reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": tokens.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path
