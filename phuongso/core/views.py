from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phuongso.core.access import public


@public
def home(request: HttpRequest) -> HttpResponse:
    """The ward's front door: what a citizen can do here."""
    return render(request, "core/home.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
