"""Walk every URL of the project and prove access is denied by default.

Each page view states its audience (public, signed_in or staff); a non-public page sends an
anonymous visitor to sign in, and a staff page refuses a citizen. Each private API operation
answers 401 to an anonymous caller. The admin refuses everyone but administrators.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from phuongso.api import api

pytestmark = pytest.mark.django_db

SAMPLE = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
}


def walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name in {"admin", "api"}:
                continue  # walked below with their own rules
            yield from walk(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def concrete(route: str) -> str:
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m.group(1) or "str"], route)


PAGES = [
    (concrete(route), pattern)
    for route, pattern in walk(get_resolver())
    if isinstance(pattern.pattern, RoutePattern)
]


def test_the_walk_finds_the_pages() -> None:
    assert len(PAGES) >= 5


@pytest.mark.parametrize(("url", "pattern"), PAGES, ids=[url for url, _ in PAGES])
def test_every_page_states_its_audience(url: str, pattern: URLPattern) -> None:
    assert getattr(pattern.callback, "audience", None) in {"public", "signed_in", "staff"}, (
        f"{url} does not say who may use it"
    )


@pytest.mark.parametrize(("url", "pattern"), PAGES, ids=[url for url, _ in PAGES])
def test_anonymous_visitors_are_sent_to_sign_in(client, url: str, pattern: URLPattern) -> None:
    if pattern.callback.audience == "public":
        assert client.get(url).status_code < 500
        return
    response = client.get(url)
    assert response.status_code == 302, url
    assert response.url.startswith(reverse(settings.LOGIN_URL)), url


# Public on purpose: the load balancer's health probe (figures only, nothing personal) and the
# metrics, which check their own token (phuongso/ops/tests/).
PUBLIC_MACHINE_URLS = {"/healthz", "/metrics"}


def test_the_machine_endpoints_are_marked_public() -> None:
    public = {url for url, pattern in PAGES if pattern.callback.audience == "public"}
    assert PUBLIC_MACHINE_URLS <= public


STAFF_PAGES = [
    url for url, pattern in PAGES if getattr(pattern.callback, "audience", "") == "staff"
]


def test_the_walk_finds_staff_pages() -> None:
    assert STAFF_PAGES


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_citizens_are_refused_staff_pages(client, citizen, url: str) -> None:
    client.force_login(citizen)
    assert client.get(url).status_code == 403, url


def api_operations() -> list[tuple[str, str, bool]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return [
        (path, method, "security" in operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def test_private_api_operations_answer_401_to_anonymous_callers(client) -> None:
    for path, method, private in api_operations():
        if not private:
            continue
        url = re.sub(r"\{\w+\}", "1", path)
        response = client.generic(method.upper(), url)
        assert response.status_code == 401, f"{method} {path}"
        assert response.json()["detail"] == "Vui lòng đăng nhập."


# Public operations that are not reads must store nothing: pure computations only.
PUBLIC_COMPUTATIONS = {
    ("/api/v1/households/classify", "post"),
    ("/api/v1/verify", "post"),  # checks an uploaded PDF; keeps nothing
}


def test_public_api_operations_are_only_reads_or_pure_computations() -> None:
    for path, method, private in api_operations():
        if not private:
            assert method == "get" or (path, method) in PUBLIC_COMPUTATIONS, f"{method} {path}"


def admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return urls


@pytest.mark.parametrize("who", [None, "citizen", "counter_officer", "leader"])
def test_the_admin_refuses_everyone_but_administrators(client, request, who) -> None:
    if who:
        client.force_login(request.getfixturevalue(who))
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response.url or response.url.startswith("/dang-nhap/"), url
