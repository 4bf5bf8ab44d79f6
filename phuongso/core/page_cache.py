"""Rendered pages kept in the shared cache, keyed by everything they show.

For a page read far more often than what it shows changes (the citizen's own dossier page,
an official's inbox): the view reads the rows the page is about, and a page rendered from the
same values is served again without rendering or reading the rest (a dossier's history). Because the key holds the values
themselves, there is nothing to forget when they change; what the key cannot hold (names of
units in the history) draws a new generation when edited (signals below).

The CSRF token is not kept: the copy holds a placeholder that each request fills with its own.
A request with messages waiting is rendered in full, so they show once, where they belong.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.translation import get_language

from phuongso.core.models import GovernmentUnit
from phuongso.core.queries import forget_cached, generation, home_commune

GENERATION_KEY = "pages:generation"
# Long enough for a citizen's visits while their dossier waits; the key, not the timeout, keeps
# pages current. The timeout only bounds the space unused copies take.
PAGE_SECONDS = 3600
_CSRF_PLACEHOLDER = "\x00csrf-token\x00"


def render_kept(
    request: HttpRequest,
    template_name: str,
    *,
    shows: tuple[Hashable, ...],
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """The page as `render` would give it, served from a copy rendered from the same `shows`.

    `shows` must hold every value the page shows or decides with that can change without
    changing the others; `context` builds the rest of what the template reads and is called
    only when the page is rendered.
    """
    if not settings.KEEP_RENDERED_PAGES or len(get_messages(request)):
        return render(request, template_name, context())
    key = _key(request, template_name, shows)
    kept = cache.get(key)
    if kept is None:
        token = get_token(request)
        response = render(request, template_name, {**context(), "csrf_token": token})
        cache.set(key, response.content.decode().replace(token, _CSRF_PLACEHOLDER), PAGE_SECONDS)
        return response
    return HttpResponse(kept.replace(_CSRF_PLACEHOLDER, get_token(request)))


def field_values(instance: object, names: Iterable[str]) -> tuple[Any, ...]:
    """The values of `names` on a model instance, as `only()` names them: "procedure__name"
    follows the relation; a relation that is not there gives None."""
    values = []
    for name in names:
        value = instance
        for part in name.split("__"):
            value = None if value is None else getattr(value, part, None)
        values.append(value)
    return tuple(values)


def _key(request: HttpRequest, template_name: str, shows: tuple[Hashable, ...]) -> str:
    user = request.user
    commune = home_commune(user)
    layout = (
        user.pk,
        user.username,
        getattr(user, "full_name", ""),
        getattr(user, "is_official", False),
        user.is_staff,
        commune and (commune.pk, commune.name, commune.province_name, commune.address),
        get_language(),
    )
    kept = (generation(GENERATION_KEY), _code_stamp(), template_name, layout, shows)
    digest = hashlib.sha256(repr(kept).encode()).hexdigest()
    return f"pages:{digest}"


@functools.cache
def _code_stamp() -> int:
    """The newest change of the code, templates and styles (once per process): a new release
    renders every page anew instead of serving copies of the old HTML, which may name files
    and addresses that no longer exist."""
    package = Path(__file__).resolve().parents[1]
    kinds = {".py", ".html", ".css", ".js"}
    return max(f.stat().st_mtime_ns for f in package.rglob("*") if f.suffix in kinds)


def forget_all() -> None:
    """Every kept page is rendered again on its next visit (a new generation of keys)."""
    forget_cached(GENERATION_KEY)


@receiver([post_save, post_delete], sender=GovernmentUnit, dispatch_uid="pages-new-generation")
def new_generation(**kwargs: object) -> None:
    """Unit names show in dossier histories: a renamed unit makes every kept page stale."""
    forget_all()
