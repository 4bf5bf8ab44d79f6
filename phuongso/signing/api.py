"""POST /api/v1/verify: the verification page's answer as JSON, for banks and agencies."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router

from phuongso.signing.uploads import read_upload, upload_status
from phuongso.signing.verify import ENCRYPTED, NOT_PDF, verify

# Files that cannot be checked at all; a damaged or unsigned PDF is an answer, not an error.
REFUSED = {NOT_PDF, ENCRYPTED}

router = Router(tags=["Xác thực văn bản"])


@router.post("/verify", auth=None, summary="Kiểm tra chữ ký số của một tệp PDF")
def verify_file(request: HttpRequest) -> HttpResponse:
    """Multipart field `file`: the PDF. Answers `valid`, `modified`, `signatures` (signer,
    organisation, signed_at, timestamped, trusted) and `document` (kind, dossier_code,
    matches_issued_copy); a file that cannot be checked gets 400 or 413 with `detail`."""
    data, error = read_upload(request)
    if data is None:
        return JsonResponse({"detail": error}, status=upload_status(error))
    report = verify(data)
    status = 400 if report.problem in REFUSED else 200
    return JsonResponse(report.as_json(), status=status)
