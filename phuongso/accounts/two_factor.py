"""Officials' second factor: a TOTP app (django-otp's totp device) with recovery codes (its
static device), required of everyone who reads household data or administers.

A session of such a person counts as signed in only once it passed the second factor: the
persistent id of the device that verified it is kept in the session (django-otp's key) and
must name one of the person's confirmed devices (cached with the user, accounts/backends.py,
and forgotten when a device changes). Until then accounts/middleware.py lets the session reach
only the pages marked `second_factor_page` (enrol, verify, sign out).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from phuongso.accounts.models import ADMIN_ROLES, User

TOTP_NAME = "Ứng dụng xác thực"
RECOVERY_NAME = "Mã dự phòng"


def requires_second_factor(user: Any) -> bool:
    """Administrators (of the admin site or the system) and whoever reads household data:
    the ward's social-affairs officials and the surveyors of a poverty review."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff or user.has_role(*ADMIN_ROLES):
        return True
    from phuongso.households.access import is_social_official

    return is_social_official(user, user.commune_id) or user.is_surveyor


def confirmed_device_ids(user: User) -> frozenset[str]:
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).values_list("pk", flat=True)
    static = StaticDevice.objects.filter(user=user, confirmed=True).values_list("pk", flat=True)
    return frozenset(
        [f"{TOTPDevice.model_label()}/{pk}" for pk in totp]
        + [f"{StaticDevice.model_label()}/{pk}" for pk in static]
    )


def is_enrolled(user: Any) -> bool:
    return any(device_id.startswith("otp_totp.") for device_id in user.second_factor_ids)


def session_is_verified(request: Any) -> bool:
    device_id = request.session.get(DEVICE_ID_SESSION_KEY)
    return bool(device_id) and device_id in request.user.second_factor_ids


# --- enrolment -------------------------------------------------------------------------------


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (one per person, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_for_humans(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    return device.config_url


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG QR code (the page shows the secret too)."""
    return segno.make(provisioning_uri(device), error="m").svg_inline(
        scale=5, dark="#000", light="#fff"
    )


def confirm_enrolment(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the TOTP device with a first code from the app; replace any older devices and
    return the new recovery codes (shown once), or None when the code is wrong (or the pending
    device is gone: the page shows a new one)."""
    code = normalise_code(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user).first()
        if device is None or not code.isdecimal() or not device.verify_token(code):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=user).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """A fresh set of recovery codes; any earlier set stops working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enrol_with_key(*, user: User, hex_key: str) -> TOTPDevice:
    """Give `user` a confirmed TOTP device with a known key (the demo's documented one)."""
    try:
        binascii.unhexlify(hex_key)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("Khóa TOTP phải là chuỗi hex.") from exc
    TOTPDevice.objects.filter(user=user).exclude(key=hex_key).delete()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, key=hex_key, defaults={"name": TOTP_NAME, "confirmed": True}
    )
    return device


def reset(*, user: User) -> None:
    """Remove every device (a lost phone): the person enrols again at the next sign-in, and
    any session they verified with a removed device loses its verification."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# --- verification ----------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(code.split()).lower()


def verify(*, user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts `code`: a TOTP code from the app, or an unused recovery code
    (then used up). django-otp throttles each device after failures."""
    code = normalise_code(code)
    if not code:
        return None
    with transaction.atomic():
        if code.isdecimal():
            for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
                if device.verify_token(code):
                    return device
        for device in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    return None


def mark_verified(request: Any, device: TOTPDevice | StaticDevice) -> None:
    """The session passed the second factor with `device`; a new session key (as at sign-in)."""
    request.session.cycle_key()
    otp_login(request, device)


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
