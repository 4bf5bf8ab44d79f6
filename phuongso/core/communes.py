"""Which commune a request is about, decided once: `CommuneMiddleware` sets `request.commune`.

The rule, in order:
1. the commune whose national code `xa` names (the query string, else a posted form's field);
   a value that names no commune of the deployment is a 404 ("?xa=abc", "?xa=99999");
2. else the signed-in person's own commune;
3. else the deployment's default commune: the first configured one (by code).
It is None only when no commune is configured. Whether the person may see that commune's
records is a separate question, answered by the views (core/access.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from phuongso.core import cache
from phuongso.core.models import Commune
from phuongso.core.text import parse_id

PARAMETER = "xa"


def commune_for(user: Any, code: str | int | None) -> Commune | None:
    """The rule above, for `code` as given (the middleware passes `xa`; the API its own
    parameter)."""
    if code not in (None, ""):
        number = parse_id(str(code).strip())  # no digits, or too many for any code: none
        commune = Commune.objects.filter(code=number).first() if number is not None else None
        if commune is None:
            raise Http404("Không tìm thấy xã, phường có mã này.")
        return commune
    own = getattr(user, "commune", None) if user is not None and user.is_authenticated else None
    return own or cache.default_commune()


class CommuneMiddleware:
    """Sets `request.commune` before the view runs (after the session, the user and CSRF)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: object) -> None:
        code = request.GET.get(PARAMETER)
        if not code and request.method == "POST":
            code = request.POST.get(PARAMETER)
        request.commune = commune_for(getattr(request, "user", None), code)  # type: ignore[attr-defined]
