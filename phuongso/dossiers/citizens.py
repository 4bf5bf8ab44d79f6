"""Finding the citizen behind a walk-in dossier, or opening an account for them."""

from __future__ import annotations

from django.db.models import Q

from phuongso.accounts.models import User


def find_or_create_citizen(
    *, full_name: str, phone: str, personal_id: str, email: str, address: str
) -> User | None:
    """The citizen's account by phone or identification number; created when new.

    An account opened at the counter has no password: the citizen sets one later by proving
    the phone number. Without a phone or number nothing identifies them, so no account.
    """
    if not phone and not personal_id:
        return None
    match = Q()
    if phone:
        match |= Q(phone=phone)
    if personal_id:
        match |= Q(personal_id=personal_id)
    user = User.objects.filter(match).first()
    if user is not None:
        return user
    user = User(
        username=phone or f"cccd-{personal_id}",
        full_name=full_name,
        phone=phone or None,
        personal_id=personal_id or None,
        # An e-mail already on another account stays on the dossier only, never on two accounts.
        email=email if email and not User.objects.filter(email__iexact=email).exists() else None,
        address=address,
    )
    user.set_unusable_password()
    user.save()
    return user
