"""How often one address may do something costly or guessable (a lookup, an SMS sent)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def over_limit(request: HttpRequest, *, what: str, limit: int, seconds: int) -> bool:
    """Count this request for its address; True past `limit` in a window of `seconds` that
    opens with the first. The count lives in the cache the workers share."""
    key = f"throttle:{what}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=seconds)
    return cache.incr(key) > limit
