from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from phuongso.core.communes import commune_for


def site(request: HttpRequest) -> dict[str, object]:
    """The commune the page is about (request.commune, core/communes.py), for the layout. A
    page that never reached a view (a 404 for an unknown address) gets the rule without
    `xa`: the person's own commune, else the default one."""
    return {
        "home_commune": SimpleLazyObject(
            lambda: (
                getattr(request, "commune", None)
                or commune_for(getattr(request, "user", None), None)
            )
        ),
        # The ward's working hours as settings say them (WORKING_HOURS), for the footer.
        "working_hours": ", ".join(p.replace("-", "–") for p in settings.WORKING_HOURS),
    }
