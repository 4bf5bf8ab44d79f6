from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from phuongso.core.queries import home_commune


def site(request: HttpRequest) -> dict[str, object]:
    """The commune whose portal this is (core.queries.home_commune), read only if shown."""
    return {"home_commune": SimpleLazyObject(lambda: home_commune(getattr(request, "user", None)))}
