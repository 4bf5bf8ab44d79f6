"""What a request carries, cleaned once before any view, form or API handler reads it; and
what a response may leave behind in a browser or a proxy (NoStoreMiddleware).

Every query and form value, and every string of an API request's JSON body, goes through
core.text.clean_text (NFC, no control characters): no view has to remember that PostgreSQL
refuses NUL or that XML cannot carry an escape character. Password fields are left exactly as
typed. A path with control characters names nothing: 404. A body larger than
REQUEST_MAX_BODY_MB is refused before it is read (413).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.cache import add_never_cache_headers
from ninja.parser import Parser

from phuongso.core.text import clean_text

FORM_TYPES = {"multipart/form-data", "application/x-www-form-urlencoded"}


def _secret(name: str) -> bool:
    return "password" in name


def cleaned_query(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for name, values in query.lists():
        cleaned.setlist(
            clean_text(name), values if _secret(name) else [clean_text(v) for v in values]
        )
    cleaned._mutable = False
    return cleaned


def cleaned_json(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [cleaned_json(item) for item in value]
    if isinstance(value, dict):
        return {
            clean_text(k) if isinstance(k, str) else k: v if _secret(str(k)) else cleaned_json(v)
            for k, v in value.items()
        }
    return value


class CleanParser(Parser):
    """django-ninja's JSON and form parser, returning cleaned text."""

    def parse_body(self, request: HttpRequest) -> Any:
        return cleaned_json(super().parse_body(request))


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django itself refuses a malformed length
    return length > settings.REQUEST_MAX_BODY_MB * 1024 * 1024


class CleanInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(ord(ch) < 0x20 or ch == "\x7f" for ch in request.path):
            raise Http404("Không tìm thấy trang.")
        if _too_large(request):
            message = (
                f"Tệp quá lớn: dữ liệu gửi lên lớn hơn {settings.REQUEST_MAX_BODY_MB} MB cho "
                "phép; vui lòng gửi tệp nhỏ hơn."
            )
            if request.path.startswith("/api/"):  # the API's own shape of an error
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        request.GET = cleaned_query(request.GET)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = cleaned_query(request.POST)
        return self.get_response(request)


class NoStoreMiddleware:
    """Cache-Control: no-store on every page, export and file the application serves (static
    files are served before this by WhiteNoise). A signed-in person's pages, dossier files,
    household records and exports always; an anonymous response too unless its view chose its
    own Cache-Control: anonymous pages show personal data as well (a dossier's status by its
    code, a registration's confirmation), and one rule cannot forget a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or not response.has_header("Cache-Control"):
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            add_never_cache_headers(response)
        return response
