"""Finding the citizen behind a walk-in dossier, or opening an account for them.

The trust model (issue: account takeover): what a citizen typed when registering is a claim.
A walk-in dossier, with its scans, is attached only to an account whose identity was proven
for the person at the counter, or to one that can see it only once its holder proves the
phone the dossier was given with (dossiers/access.py checks that on every read).
"""

from __future__ import annotations

from phuongso.accounts import services as accounts
from phuongso.accounts.models import IdentityProof, User
from phuongso.core.text import fold
from phuongso.dossiers.services import Applicant


def find_or_create_citizen(person: Applicant, *, card_checked: bool, officer: User) -> User | None:
    """The citizen's account, found by what the counter checked; opened when they have none.

    1. A personal number the officer checked on the card in person names the person: the
       account that proved that number (at a counter or by the national identity) is theirs.
       A number typed at registration proves nothing and finds nothing.
    2. A phone proves nothing either (people give a relative's number, and an account may
       hold a number its holder never proved): its account is used only if it holds the same
       name and no other personal number, and it sees the dossier only while it has proven
       that phone (access.own_dossiers) — so a claimed number gives a stranger nothing.
    3. Otherwise a new account: with the checked number recorded as proven by this officer,
       and with the phone only if no account has it. It has no password: the citizen sets
       one from a link sent by SMS, which proves the phone. Without a phone or a checked
       number nothing identifies them, so no account. Existing accounts are never changed.
    """
    full_name, phone = person.name, person.phone
    checked_id = person.personal_id if card_checked else ""
    if checked_id and (
        user := User.objects.filter(
            personal_id=checked_id, identity_verified_at__isnull=False
        ).first()
    ):
        return user
    holder = User.objects.filter(phone=phone).first() if phone else None
    if (
        holder is not None
        and holder.personal_id in (None, "", person.personal_id)
        and fold(holder.full_name) == fold(full_name)
    ):
        return holder
    if holder is not None:
        phone = ""  # the number stays on the dossier only, as the contact it was given as
    if not phone and not checked_id:
        return None
    user = User(
        username=phone or f"cccd-{checked_id}",
        full_name=full_name,
        phone=phone or None,
        email=_unused_email(person.email),
        address=person.address,
    )
    user.set_unusable_password()
    user.save()
    if checked_id:
        accounts.prove_identity(
            user=user, personal_id=checked_id, proof=IdentityProof.COUNTER, by=officer
        )
    return user


def _unused_email(email: str) -> str | None:
    """An e-mail already on another account stays on the dossier only, never on two accounts."""
    return email if email and not User.objects.filter(email__iexact=email).exists() else None
