"""Give an official's session its working-day length; count failed sign-ins beyond one
address (accounts/lockout.py). (What makes a cached user stale is declared in core/cache.py.)"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from phuongso.accounts.lockout import count_failure
from phuongso.accounts.models import User


@receiver(user_logged_in, dispatch_uid="accounts-official-session-length")
def officials_sign_in_for_a_working_day(
    sender: object, request: Any, user: User, **kwargs: Any
) -> None:
    """An official's session ends after OFFICIAL_SESSION_HOURS (a working day), not the two
    weeks a citizen's phone keeps: a desk left signed in opens dossiers and households."""
    if request is not None and user.is_official:
        request.session.set_expiry(settings.OFFICIAL_SESSION_HOURS * 3600)


@receiver(user_login_failed, dispatch_uid="accounts-count-failed-sign-in")
def count_failed_sign_in(
    sender: object, credentials: dict, request: Any = None, **kwargs: Any
) -> None:
    count_failure(request, credentials.get("username") or "")
