"""Send a small table of odd input shapes to every public form and API parameter: no 500.

The same walk as test_access_walk.py: every public page (and the search forms of the officials'
pages), every public API operation's parameters, every Open311 parameter. Each shape is a way
real input goes wrong: a NUL byte (PostgreSQL refuses it in text), control characters (XML 1.0
cannot carry them), a number too big for any integer column, a very long string, bidi
overrides and zero-width characters, bytes that are not UTF-8, dates out of every range.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client

from phuongso.core.tests.test_access_walk import PAGES, api_operations
from phuongso.feedback.demo import seed_categories

pytestmark = pytest.mark.django_db

SHAPES = {
    "nul": "a\x00b",
    "controls": "a\x01\x08\x0b\x1b\x1f\x7fb",
    "digits30": "9" * 30,
    "negative": "-99999999999999999999",
    "long": "Nguyễn Văn " * 600,
    "bidi": "\u202egnứ\u200bđ\u2066",
    "combining": "\u0301\u0303\u0309",
    "fullwidth": "０１２３４５６７８９",
    "far_date": "9999-12-31T23:59:59-23:59",
    "zero_date": "0000-00-00T00:00:00Z",
}
# Bytes that are not UTF-8 (a lone surrogate's encoding, invalid lead bytes): raw in the query.
INVALID_UTF8 = "%ED%A0%80%FF%FE"

# Query parameters read by pages directly, besides those their forms show.
COMMON_PARAMS = ["trang", "q", "nam", "xa"]

FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"")
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)


def forms(html: str) -> list[tuple[str, list[str]]]:
    """(method, field names) of each form of a page."""
    found = []
    for attributes, body in FORM.findall(html):
        method = "post" if re.search(r"method=\"post\"", attributes, re.I) else "get"
        names = [name for name in FIELD.findall(body) if name != "csrfmiddlewaretoken"]
        found.append((method, names))
    return found


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"


PUBLIC_PAGES = [url for url, pattern in PAGES if pattern.callback.audience == "public"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_take_odd_shapes_in_every_field(client: Client, url: str) -> None:
    page = client.get(url)
    html = page.content.decode() if page.get("Content-Type", "").startswith("text/html") else ""
    page_forms = forms(html)
    query = set(COMMON_PARAMS).union(
        *(names for method, names in page_forms if method == "get"), set()
    )
    for shape, value in SHAPES.items():
        for name in sorted(query):
            response = client.get(url, {name: value})
            assert_no_server_error(response, f"GET {url}?{name}=<{shape}>")
        for method, names in page_forms:
            if method == "post" and names:
                response = client.post(url, dict.fromkeys(names, value))
                assert_no_server_error(response, f"POST {url} <{shape}>")
    response = client.get(f"{url}?{'&'.join(f'{n}={INVALID_UTF8}' for n in sorted(query))}")
    assert_no_server_error(response, f"GET {url} <invalid utf-8>")


@pytest.mark.parametrize("who", ["specialist", "leader", "counter_officer"])
def test_officials_forms_take_odd_shapes(client: Client, request, who: str) -> None:
    """Every page a signed-in official opens, with its search and its forms: the specialist
    searches households, the leader the figures, the counter officer receives walk-ins."""
    client.force_login(request.getfixturevalue(who))
    for url, pattern in PAGES:
        if pattern.callback.audience == "public":
            continue
        page = client.get(url)
        if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
            continue
        page_forms = forms(page.content.decode())
        query = set(COMMON_PARAMS).union(
            *(names for method, names in page_forms if method == "get"), set()
        )
        for shape in ("nul", "controls", "digits30", "long", "bidi"):
            response = client.get(url, dict.fromkeys(query, SHAPES[shape]))
            assert_no_server_error(response, f"{who} GET {url} <{shape}>")
            for method, names in page_forms:
                if method == "post" and names and "/dang-xuat/" not in url:
                    response = client.post(url, dict.fromkeys(names, SHAPES[shape]))
                    assert_no_server_error(response, f"{who} POST {url} <{shape}>")


def public_api_parameters() -> list[tuple[str, list[str], list[str]]]:
    from phuongso.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    found = []
    for path, method, private in api_operations():
        if private or method != "get":
            continue
        parameters = schema["paths"][path][method].get("parameters", [])
        in_path = [p["name"] for p in parameters if p["in"] == "path"]
        in_query = [p["name"] for p in parameters if p["in"] == "query"]
        found.append((path, in_path, in_query))
    return found


def test_the_walk_finds_public_api_parameters() -> None:
    assert any(query for _, _, query in public_api_parameters())


def test_public_api_parameters_take_odd_shapes(client: Client) -> None:
    for path, in_path, in_query in public_api_parameters():
        plain = re.sub(r"\{\w+\}", "1", path)
        for shape, value in SHAPES.items():
            for name in in_path:
                url = path.replace("{" + name + "}", quote(value, safe=""))
                url = re.sub(r"\{\w+\}", "1", url)
                assert_no_server_error(client.get(url), f"GET {path} {name}=<{shape}>")
            for name in in_query:
                response = client.get(plain, {name: value})
                assert_no_server_error(response, f"GET {path}?{name}=<{shape}>")
        for name in in_query:
            response = client.get(f"{plain}?{name}={INVALID_UTF8}")
            assert_no_server_error(response, f"GET {path}?{name}=<invalid utf-8>")


OPEN311_READ = [
    "jurisdiction_id",
    "service_request_id",
    "service_code",
    "status",
    "start_date",
    "end_date",
]


@pytest.fixture
def open311_base(commune) -> dict[str, str]:
    """A request Open311 accepts, with a key and a category: each shape replaces one value of
    it, so that every parameter reaches the code that stores it."""
    from phuongso.feedback import apikeys
    from phuongso.feedback.tests.conftest import INSIDE

    categories = seed_categories(commune)
    _, raw = apikeys.issue_api_key(name="Ứng dụng thử", commune=commune)
    return {
        "api_key": raw,
        "jurisdiction_id": str(commune.code),
        "service_code": categories[0].code,
        "lat": str(INSIDE[0]),
        "long": str(INSIDE[1]),
        "address_string": "Ngõ 12 phố Hàm Nghi",
        "email": "dan@example.vn",
        "first_name": "Lan",
        "last_name": "Nguyễn",
        "phone": "0912000009",
        "description": "Đèn đường không sáng.",
        "media_url": "https://example.vn/anh.jpg",
    }


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_open311_takes_odd_shapes_in_every_parameter(
    client: Client, open311_base: dict[str, str], fmt: str
) -> None:
    response = client.post(f"/open311/v2/requests.{fmt}", open311_base)
    assert response.status_code == 200, response.content
    for shape, value in SHAPES.items():
        for name in OPEN311_READ:
            response = client.get(f"/open311/v2/requests.{fmt}", {name: value})
            assert_no_server_error(response, f"requests.{fmt}?{name}=<{shape}>")
        for resource in ("requests", "services", "tokens"):
            response = client.get(f"/open311/v2/{resource}/{quote(value, safe='')}.{fmt}")
            assert_no_server_error(response, f"{resource}/<{shape}>.{fmt}")
        for name in [*open311_base, "address_id", "device_id", "account_id"]:
            if name == "api_key":
                continue
            response = client.post(f"/open311/v2/requests.{fmt}", open311_base | {name: value})
            assert_no_server_error(response, f"POST requests.{fmt} {name}=<{shape}>")
    # Every report the shapes made is still readable in both formats.
    for listing in ("xml", "json"):
        response = client.get(f"/open311/v2/requests.{listing}")
        assert response.status_code == 200


def test_the_admin_sign_in_page_answers_anonymous_visitors(client: Client) -> None:
    # It asked every model admin whether an anonymous visitor sees every commune: a 500.
    assert client.get("/quan-tri/login/?next=/quan-tri/").status_code == 200
    response = client.post("/quan-tri/login/", {"username": "a\x00", "password": "b"})
    assert response.status_code == 200


def test_a_long_household_search_makes_a_query_of_bounded_size() -> None:
    # Each word OR-ed two copies of the query so far: 18 words of a pasted paragraph made a
    # query of 2^18 terms that never finished (the specialist's page hung).
    from phuongso.households.models import Household
    from phuongso.households.queries import search_households

    found = search_households(Household.objects.all(), query=" ".join(["nguyen van"] * 9))
    assert len(str(found.query)) < 20_000
