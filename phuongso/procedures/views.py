from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phuongso.core.access import public


@public
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(request, "procedures/catalogue.html", {"procedures": []})
