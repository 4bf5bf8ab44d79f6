"""Finding the citizen behind a walk-in dossier, or opening an account for them."""

from __future__ import annotations

from phuongso.accounts.models import User
from phuongso.core.text import fold
from phuongso.dossiers.services import Applicant


def find_or_create_citizen(person: Applicant) -> User | None:
    """The citizen's account, found by what the counter checked; opened when they have none.

    The identification number on the card the officer holds names the person, so its account
    is theirs. A phone number alone proves nothing (people give a relative's number): its
    account is theirs only if it holds the same name and no other identification number.
    Otherwise their dossier must not land in someone else's account: a new account is opened,
    with the phone only if no account has it. An account opened at the counter has no
    password: the citizen sets one later by proving the phone number. Without a phone or a
    number nothing identifies them, so no account. Existing accounts are never changed.
    """
    full_name, phone, personal_id = person.name, person.phone, person.personal_id
    if personal_id and (user := User.objects.filter(personal_id=personal_id).first()):
        return user
    holder = User.objects.filter(phone=phone).first() if phone else None
    if (
        holder is not None
        and holder.personal_id in (None, "")
        and fold(holder.full_name) == fold(full_name)
    ):
        return holder
    if holder is not None:
        phone = ""  # the number stays on the dossier only, as the contact it was given as
    if not phone and not personal_id:
        return None
    user = User(
        username=phone or f"cccd-{personal_id}",
        full_name=full_name,
        phone=phone or None,
        personal_id=personal_id or None,
        email=_unused_email(person.email),
        address=person.address,
    )
    user.set_unusable_password()
    user.save()
    return user


def _unused_email(email: str) -> str | None:
    """An e-mail already on another account stays on the dossier only, never on two accounts."""
    return email if email and not User.objects.filter(email__iexact=email).exists() else None
