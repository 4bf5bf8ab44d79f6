"""The framework floor: a signed-in page through the same middleware, rendering a template
(the site's layout, base.html) with no query of its own.

bench_http.py serves it beside the real pages from a second settings module (this file is
both: `DJANGO_SETTINGS_MODULE=bench.floor`), so the floor is measured in the same run, by the
same gunicorn, with the same middleware, and the shipped URLs carry nothing for benchmarks.
The inbox and the citizen's dossier page are judged as ratios to it (throughput at least 0.5
of the floor's, p99 at most 3 times the floor's).
"""

from __future__ import annotations

from phuongso.settings import *  # noqa: F403 - the production settings, one change below

ROOT_URLCONF = "bench.floor"
FLOOR_PATH = "/_san/"


def floor(request):  # type: ignore[no-untyped-def]
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<h1>Sàn đo</h1>'
        "<p>Xin chào {{ user.full_name }}.</p>{% endblock %}"
    )
    return HttpResponse(template.render({}, request))


def _urlpatterns() -> list:
    from django.urls import path

    from phuongso import urls

    return [path(FLOOR_PATH.strip("/") + "/", floor), *urls.urlpatterns]


def __getattr__(name: str) -> object:
    # The URL patterns are built when Django first asks (after setup), not on import.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)
