"""How often one address may do something costly or guessable (a lookup, an SMS sent)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from phuongso.core import cache


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Behind the TLS proxy (BEHIND_TLS_PROXY) every request comes from
    the proxy, which appends the visitor's address to X-Forwarded-For: the last entry is the
    one it wrote (earlier ones are whatever the visitor sent)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def over_limit(request: HttpRequest, *, what: str, limit: int, seconds: int) -> bool:
    """Count this request for its address; True past `limit` in a window of `seconds` that
    opens with the first."""
    return count_and_check(f"{what}:{client_address(request)}", limit=limit, seconds=seconds)


def over_limits(
    request: HttpRequest, *, what: str, per_address: int, overall: int, seconds: int = 3600
) -> bool:
    """Count this request for its address and, while the address is under its own limit, for
    everyone: True past either. One address that goes on past its limit does not use up what
    everyone else may do; many addresses together meet the overall limit."""
    return count_and_check(
        f"{what}:{client_address(request)}", limit=per_address, seconds=seconds
    ) or count_and_check(f"{what}:*", limit=overall, seconds=seconds)


def count_and_check(subject: str, *, limit: int, seconds: int) -> bool:
    """Count one more for `subject`; True past `limit` in a window of `seconds` that opens with
    the first. The count lives in the cache the workers share (core/cache.py)."""
    return cache.count(subject, seconds=seconds) > limit


def reached(subject: str, *, limit: int) -> bool:
    """Whether `subject` has been counted `limit` times in its current window (count_and_check
    counts); looking does not count."""
    return cache.counted(subject) >= limit


def forget(subject: str) -> None:
    """Start `subject`'s count again (its holder proved who they are)."""
    cache.forget_count(subject)
