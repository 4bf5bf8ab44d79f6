"""Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2), mounted at /open311/v2/.

Every resource answers in XML (the required format) or JSON by its suffix
(`services.xml`, `requests/12.json`). Reads are public and show only reports their reporter
agreed to publish, without personal data; POST requests is authenticated by the client's
api_key. `jurisdiction_id` is a commune's national code (7909); without it, the deployment's
first configured commune that takes reports. Errors follow the specification: a list of
{code, description}, 403 for a missing or invalid api_key, 404 for what does not exist,
400 for any other request that cannot be fulfilled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt

from phuongso.accounts.identity import normalise_phone
from phuongso.core.access import public
from phuongso.core.models import Commune
from phuongso.core.text import parse_id
from phuongso.feedback import apikeys, services
from phuongso.feedback.access import public_reports
from phuongso.feedback.models import Category, Channel, Open311Type, Report, ReportEvent
from phuongso.feedback.open311 import serialise
from phuongso.feedback.open311.formats import FORMATS, Open311Error, error_response, respond
from phuongso.feedback.workflow import OPEN311_STATUS

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# Dates asked for outside these years name no report, and adding 90 days to year 9999 fails.
FIRST_YEAR, LAST_YEAR = 2000, 2200
View = Callable[..., HttpResponse]


def open311(*methods: str) -> Callable[[View], View]:
    """A public GeoReport view: checks the format and method, turns errors into the
    specification's error document. POST is authenticated by api_key, not by a cookie."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            try:
                if fmt not in FORMATS:
                    raise Open311Error(
                        400, f"Định dạng «{fmt}» không được hỗ trợ; dùng .xml hoặc .json."
                    )
                if request.method not in methods:
                    raise Open311Error(
                        405, f"Phương thức {request.method} không được hỗ trợ ở đây."
                    )
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                return error_response(fmt, error)

        return public(csrf_exempt(wrapped))

    return decorator


def _param(request: HttpRequest, name: str) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return (source.get(name) or "").strip()


def default_jurisdiction() -> Commune | None:
    """Open311's jurisdiction when a request names none (an endpoint serving one jurisdiction
    may omit it): the deployment's first configured commune that takes reports. Not the
    pages' commune (request.commune): a client of the API has no home commune."""
    configured = Commune.objects.filter(is_configured=True).order_by("code")
    return configured.filter(feedback_categories__is_active=True).distinct().first()


def jurisdiction(request: HttpRequest) -> Commune:
    raw = _param(request, "jurisdiction_id")
    if not raw:
        commune = default_jurisdiction()
        if commune is None:
            raise Open311Error(400, "Thiếu jurisdiction_id.")
        return commune
    commune = (
        Commune.objects.filter(code=int(raw), is_configured=True).first()
        if parse_id(raw) is not None
        else None
    )
    if commune is None:
        raise Open311Error(404, f"Không tìm thấy jurisdiction_id «{raw}» (mã xã, phường).")
    return commune


# --- discovery and services ---------------------------------------------------------------


@open311("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    commune = default_jurisdiction()
    changed = Category.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    changeset = serialise.w3c(changed) or "2026-01-01T00:00:00+07:00"
    contact = (
        f"Ủy ban nhân dân {commune.name}" + (f", {commune.email}" if commune.email else "")
        if commune
        else "Ủy ban nhân dân xã, phường"
    )
    data = {
        "changeset": changeset,
        "contact": contact,
        "key_service": "Khóa API (api_key) do quản trị hệ thống của xã, phường cấp theo đề nghị.",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": request.build_absolute_uri("/open311/v2"),
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", data)


@open311("GET")
def services_list(request: HttpRequest, fmt: str) -> HttpResponse:
    commune = jurisdiction(request)
    categories = Category.objects.filter(commune=commune, is_active=True)
    return respond(fmt, "services", [serialise.service(category) for category in categories])


@open311("GET")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    commune = jurisdiction(request)
    category = Category.objects.filter(commune=commune, code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, f"Không tìm thấy service_code «{code}».")
    # No extra attributes are asked for (metadata is false): an empty definition.
    return respond(fmt, "service_definition", {"service_code": category.code, "attributes": []})


# --- requests ---------------------------------------------------------------------------------


@open311("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    commune = jurisdiction(request)
    reports = _with_details(_filtered(request, public_reports().filter(commune=commune)))
    data = [serialise.service_request(report, request) for report in reports]
    return respond(fmt, "service_requests", data)


@open311("GET")
def request_detail(request: HttpRequest, ident: str, fmt: str) -> HttpResponse:
    commune = jurisdiction(request)
    reports = public_reports().filter(commune=commune)
    found = parse_id(ident)
    report = _with_details(reports.filter(pk=found)).first() if found is not None else None
    if report is None:
        raise Open311Error(404, f"Không tìm thấy service_request_id «{ident}».")
    return respond(fmt, "service_requests", [serialise.service_request(report, request)])


@open311("GET")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    commune = jurisdiction(request)
    report = Report.objects.filter(commune=commune, token=token).first()
    if report is None:
        raise Open311Error(404, f"Không tìm thấy token «{token}».")
    return respond(
        fmt, "service_requests", [{"service_request_id": str(report.pk), "token": report.token}]
    )


def _with_details(reports: QuerySet[Report]) -> QuerySet[Report]:
    notes = ReportEvent.objects.filter(is_public=True).exclude(note="").order_by("at", "pk")
    return reports.select_related(
        "category", "category__responsible_unit", "current_unit", "residential_group", "commune"
    ).prefetch_related("photos", Prefetch("events", queryset=notes, to_attr="public_notes"))


def _split(request: HttpRequest, name: str) -> list[str]:
    return [part.strip() for part in _param(request, name).split(",") if part.strip()]


def _moment(request: HttpRequest, name: str) -> datetime | None:
    # A "+" of an offset that was not URL-encoded arrives as a space.
    raw = _param(request, name).replace(" ", "+")
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
    except ValueError:
        moment = None
    if moment is None:
        day = parse_date(raw)
        moment = datetime.combine(day, datetime.min.time()) if day else None
    if moment is None:
        raise Open311Error(
            400, f"{name} «{raw}» không đúng định dạng W3C, ví dụ 2026-02-12T00:00:00+07:00."
        )
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise Open311Error(400, f"{name} «{raw}» nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}.")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _period(request: HttpRequest) -> tuple[datetime, datetime]:
    """start_date..end_date, at most 90 days; the most recent 90 days by default."""
    span = timedelta(days=settings.FEEDBACK_OPEN311_MAX_DAYS)
    start, end = _moment(request, "start_date"), _moment(request, "end_date")
    if start and end and end < start:
        raise Open311Error(400, "end_date phải sau start_date.")
    if start and end and end - start > span:
        raise Open311Error(400, f"Khoảng start_date–end_date không được quá {span.days} ngày.")
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - span
    if end is None:
        end = start + span
    return start, end


def _filtered(request: HttpRequest, reports: QuerySet[Report]) -> QuerySet[Report]:
    ids = _split(request, "service_request_id")
    limit = settings.FEEDBACK_OPEN311_MAX_REQUESTS
    if ids:  # overrides every other argument
        if not all(parse_id(part) is not None for part in ids):
            raise Open311Error(400, "service_request_id phải là các số, cách nhau bằng dấu phẩy.")
        return reports.filter(pk__in=[int(part) for part in ids]).order_by("-received_at")[:limit]
    codes = _split(request, "service_code")
    if codes:
        reports = reports.filter(category__code__in=codes)
    statuses = _split(request, "status")
    if statuses:
        if not set(statuses) <= {"open", "closed"}:
            raise Open311Error(400, "status chỉ nhận open hoặc closed.")
        internal = [state for state, public in OPEN311_STATUS.items() if public in statuses]
        reports = reports.filter(status__in=internal)
    start, end = _period(request)
    reports = reports.filter(received_at__gte=start, received_at__lte=end)
    return reports.order_by("-received_at")[:limit]


# --- POST requests -----------------------------------------------------------------------------


def _category(request: HttpRequest, commune: Commune) -> Category:
    code = _param(request, "service_code")
    if not code:
        raise Open311Error(400, "Thiếu service_code.")
    category = Category.objects.filter(commune=commune, code=code, is_active=True).first()
    if category is None:
        raise Open311Error(
            400, f"service_code «{code}» không có trong danh mục của {commune.name}."
        )
    return category


def _float(request: HttpRequest, name: str) -> float | None:
    raw = _param(request, name)
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise Open311Error(400, f"{name} «{raw}» không phải là số.") from None


def _place(request: HttpRequest, commune: Commune) -> dict:
    latitude, longitude = _float(request, "lat"), _float(request, "long")
    address_id = _param(request, "address_id")
    group = None
    if address_id:
        group = (
            commune.residential_groups.filter(pk=int(address_id)).first()
            if parse_id(address_id) is not None
            else None
        )
        if group is None:
            raise Open311Error(
                400, f"address_id «{address_id}» không phải tổ dân phố của {commune.name}."
            )
    address = _param(request, "address_string")
    if latitude is None and longitude is None and not address and group is None:
        raise Open311Error(400, "Cần vị trí: lat và long, hoặc address_string, hoặc address_id.")
    return {
        "latitude": latitude,
        "longitude": longitude,
        "address": address,
        "residential_group": group,
    }


def _reporter(request: HttpRequest) -> services.Reporter:
    email, phone = _param(request, "email"), _param(request, "phone")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Open311Error(400, f"Thư điện tử «{email}» không hợp lệ.") from None
    try:
        phone = normalise_phone(phone) if phone else ""
    except ValidationError as exc:
        raise Open311Error(400, " ".join(exc.messages)) from None
    name = " ".join(
        part for part in (_param(request, "first_name"), _param(request, "last_name")) if part
    )
    return services.Reporter(name=name, phone=phone, email=email)


def _media_url(request: HttpRequest) -> str:
    url = _param(request, "media_url")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise Open311Error(
                400, f"media_url «{url}» không phải địa chỉ http(s) hợp lệ."
            ) from None
    return url


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    key = apikeys.authenticate(request.POST.get("api_key"))
    if key is None:
        raise Open311Error(403, "Thiếu hoặc sai api_key: không thể tạo phản ánh.")
    commune = jurisdiction(request)
    if key.commune_id and key.commune_id != commune.pk:
        raise Open311Error(403, f"api_key này không được gửi phản ánh cho {commune.name}.")
    category = _category(request, commune)
    try:
        report = services.submit_report(
            commune=commune,
            category=category,
            description=_param(request, "description"),
            reporter=_reporter(request),
            photos=request.FILES.getlist("media"),
            may_publish=True,
            channel=Channel.OPEN311,
            media_url=_media_url(request),
            api_key=key,
            **_place(request, commune),
        )
    except services.FeedbackError as exc:
        raise Open311Error(400, exc.message) from None
    created: dict[str, Any] = (
        {"token": report.token}
        if category.open311_type == Open311Type.BATCH
        else {"service_request_id": str(report.pk)}
    )
    created |= {"service_notice": serialise.service_notice(category), "account_id": None}
    return respond(fmt, "service_requests", [created])
