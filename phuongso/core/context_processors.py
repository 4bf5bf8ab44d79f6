from __future__ import annotations

from django.http import HttpRequest

from phuongso.core.models import Commune
from phuongso.core.queries import default_commune


def site(request: HttpRequest) -> dict[str, object]:
    """The commune whose portal this is: the user's own, else the deployment's first configured."""

    def home_commune() -> Commune | None:
        user = getattr(request, "user", None)
        commune = getattr(user, "commune", None) if user and user.is_authenticated else None
        return commune or default_commune()

    from django.utils.functional import SimpleLazyObject

    return {"home_commune": SimpleLazyObject(home_commune)}
