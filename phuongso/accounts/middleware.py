"""Bind officials' sessions to their second factor (accounts/two_factor.py).

Deny by default: a signed-in person who needs a second factor and whose session has not passed
it reaches only the views marked `second_factor_page` (enrol, verify, sign out). Every other
page sends them to enrol (no device yet) or to verify, and the API answers 403. The admin site
is one more set of views here, so it is covered too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from phuongso.accounts import two_factor

NEEDS_SECOND_FACTOR = "Phiên đăng nhập chưa qua bước xác thực hai lớp."


def second_factor_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view a session waiting for its second factor may reach."""
    view.second_factor_page = True  # type: ignore[attr-defined]
    return view


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or getattr(view, "second_factor_page", False):
            return None
        if not two_factor.requires_second_factor(user) or two_factor.session_is_verified(request):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": NEEDS_SECOND_FACTOR}, status=403)
        target = "accounts:verify_second_factor"
        if not two_factor.is_enrolled(user):
            target = "accounts:enrol_second_factor"
        next_url = request.get_full_path() if request.method == "GET" else ""
        url = reverse(target)
        if next_url and next_url != "/":
            url += "?" + urlencode({"next": next_url})
        return redirect(url)
