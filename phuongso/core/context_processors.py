from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from phuongso.core.queries import home_commune


def site(request: HttpRequest) -> dict[str, object]:
    """The commune whose portal this is (core.queries.home_commune), read only if shown."""
    return {
        "home_commune": SimpleLazyObject(lambda: home_commune(getattr(request, "user", None))),
        # The ward's working hours as settings say them (WORKING_HOURS), for the footer.
        "working_hours": ", ".join(p.replace("-", "–") for p in settings.WORKING_HOURS),
    }
