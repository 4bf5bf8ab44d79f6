"""The JSON API at /api/v1/: each app contributes a router; pages and API share services."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from phuongso.core.api import router as core_router
from phuongso.core.inputs import CleanParser
from phuongso.dossiers.api import router as dossiers_router
from phuongso.feedback.api import router as feedback_router
from phuongso.households.api import router as households_router
from phuongso.procedures.api import router as procedures_router
from phuongso.quality.api import router as quality_router
from phuongso.resolution.api import router as resolution_router
from phuongso.signing.api import router as signing_router
from phuongso.training.api import router as training_router

api = NinjaAPI(
    title="phuongso API",
    version="1",
    description="API của phường số: danh mục, hồ sơ một cửa, chỉ tiêu nghị quyết.",
    urls_namespace="api",
    auth=django_auth,  # private by default; public endpoints say auth=None
    parser=CleanParser(),  # JSON text cleaned as forms are (core/inputs.py)
)
api.add_router("/", core_router)
api.add_router("/", dossiers_router)
api.add_router("/", procedures_router)
api.add_router("/", quality_router)
api.add_router("/", resolution_router)
api.add_router("/", households_router)
api.add_router("/", training_router)
api.add_router("/", feedback_router)
api.add_router("/", signing_router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Vui lòng đăng nhập."}, status=401)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "Dữ liệu gửi lên không hợp lệ.", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    message = str(exc) or "Không tìm thấy."
    return api.create_response(request, {"detail": message}, status=404)
