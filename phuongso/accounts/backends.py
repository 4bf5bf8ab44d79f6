from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest

from phuongso.accounts.identity import normalise_phone
from phuongso.accounts.models import User


def find_user_by_identifier(identifier: str) -> User | None:
    """A user by login name, e-mail or phone number (any common spelling of it)."""
    identifier = identifier.strip()
    if not identifier:
        return None
    query = Q(username=identifier) | Q(email__iexact=identifier)
    try:
        query |= Q(phone=normalise_phone(identifier))
    except ValidationError:
        pass
    return User.objects.filter(query).first()


def lockout_name(request: HttpRequest | None, credentials: dict | None) -> str:
    """The name django-axes counts failed sign-ins under: the account the identifier names
    (so "0912 000 001", "+84912000001" and "0912000001" share one count), or the identifier
    as typed, folded, when it names no account."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username", "")
    typed = (typed or "").strip()
    user = find_user_by_identifier(typed)
    return f"user:{user.pk}" if user is not None else typed.casefold()


class IdentifierBackend(ModelBackend):
    """Sign in with a login name, an e-mail address or a phone number."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: object,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = find_user_by_identifier(username)
        if user is None:
            User().set_password(password)  # same cost whether or not the user exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: int) -> User | None:
        """The signed-in user of each request, with the commune, unit and roles every page
        uses, from the shared cache (accounts/signals.py forgets it when any of them changes)."""
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = User.objects.select_related("commune", "unit").filter(pk=user_id).first()
            if user is None:
                return None
            # Computed now, so that they are cached with the user: every request asks whether
            # the session passed the second factor the user needs (accounts/two_factor.py).
            user.role_set  # noqa: B018
            user.is_surveyor  # noqa: B018
            user.second_factor_ids  # noqa: B018
            cache.set(key, user, USER_CACHE_SECONDS)
        return user if self.user_can_authenticate(user) else None


# Changes through the ORM forget the cached user at once; the timeout bounds how long a change
# made around it (SQL by hand) can go unseen.
USER_CACHE_SECONDS = 300


def user_cache_key(user_id: int | str) -> str:
    return f"accounts:user:{user_id}"
