"""The public verification page: anyone checks a PDF phuongso issued, without signing in."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from phuongso.core.access import public
from phuongso.signing import csc_simulator as csc
from phuongso.signing import pki
from phuongso.signing.models import IssuedDocument
from phuongso.signing.signers import SigningError, demo_timestamp_reply
from phuongso.signing.uploads import read_upload, upload_status
from phuongso.signing.verify import verify


@public
def verify_page(request: HttpRequest) -> HttpResponse:
    context: dict = {"max_mb": settings.SIGNING_VERIFY_MAX_MB}
    status = 200
    if request.method == "POST":
        data, error = read_upload(request)
        if data is None:
            context["error"] = error
            status = upload_status(error)
        else:
            report = verify(data)
            context["report"] = report
            if report.problem and not report.signatures:
                context["error"] = report.problem
    return render(request, "signing/verify.html", context, status=status)


@public
@require_GET
def document(request: HttpRequest, token: str) -> HttpResponse:
    """Where a document's QR code leads: the copy phuongso keeps, checked again now."""
    issued = get_object_or_404(IssuedDocument.objects.select_related("dossier"), token=token)
    with issued.file.open("rb") as kept:
        report = verify(kept.read())
    context = {
        "issued": issued,
        "report": report,
        "max_mb": settings.SIGNING_VERIFY_MAX_MB,
        "from_qr": True,
    }
    return render(request, "signing/verify.html", context)


@public
@require_GET
def demo_crl(request: HttpRequest) -> HttpResponse:
    """The demo authority's revocation list, at the address its certificates name."""
    path = Path(settings.SIGNING_DIR) / pki.CRL_FILE
    if not settings.SIGNING_DEMO_PKI or not path.exists():
        raise Http404("Không có danh sách chứng thư bị thu hồi.")
    return HttpResponse(path.read_bytes(), content_type="application/pkix-crl")


@public
@csrf_exempt  # an RFC 3161 client posts a DER request, not a form
@require_POST
def demo_timestamp(request: HttpRequest) -> HttpResponse:
    """The demo's RFC 3161 timestamp service (SIGNING_TSA_URL may point here); off unless the
    demo authority is on."""
    if not settings.SIGNING_DEMO_PKI:
        raise Http404("Không có dịch vụ cấp dấu thời gian.")
    if request.content_type != "application/timestamp-query":
        return HttpResponse("Cần một yêu cầu RFC 3161.", status=415)
    try:
        reply = demo_timestamp_reply(request.body)
    except (ValueError, TypeError):
        return HttpResponse("Yêu cầu cấp dấu thời gian không hợp lệ.", status=400)
    except SigningError as error:
        return HttpResponse(error.message, status=503)
    return HttpResponse(reply, content_type="application/timestamp-reply")


@public
@csrf_exempt  # a CSC client posts JSON with a bearer token, not a form
@require_POST
def csc_simulator(request: HttpRequest, endpoint: str) -> HttpResponse:
    """The demo's remote signing service (csc_simulator.py); off unless the demo authority is."""
    if not settings.SIGNING_DEMO_PKI:
        raise Http404("Không có dịch vụ ký số từ xa.")
    try:
        body = json.loads(request.body or b"{}")
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return JsonResponse(csc.handle(endpoint, body, bearer=bearer))
    except (ValueError, TypeError):
        return JsonResponse({"error": "invalid_request"}, status=400)
    except csc.CscError as error:
        return JsonResponse(error.as_json(), status=error.status)
