"""Files of a dossier, served only to those allowed to see the dossier."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from phuongso.core.access import signed_in
from phuongso.core.uploads import detect_kind, open_stored
from phuongso.dossiers.access import get_document_for_user, get_dossier_for_user


def _serve(field_file, download_name: str) -> FileResponse:  # noqa: ANN001
    handle = open_stored(field_file)
    kind = detect_kind(handle)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name,
        content_type=kind[1] if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@signed_in
def document_file(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk, document_pk)
    return _serve(document.file, document.file.name.rsplit("/", 1)[-1])


@signed_in
def result_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The electronic result: to the applicant once returned, to officials who see the dossier."""
    dossier = get_dossier_for_user(request.user, pk)
    if not dossier.result_file:
        raise Http404("Hồ sơ chưa có kết quả điện tử.")
    if not request.user.is_official and dossier.status != "returned":
        raise Http404("Kết quả chưa được trả.")
    return _serve(dossier.result_file, f"ket-qua-{dossier.code}.pdf")


FORM_LABELS = {
    "receipt": "Giấy tiếp nhận và hẹn trả",
    "supplement": "Phiếu yêu cầu bổ sung",
    "refusal": "Phiếu từ chối",
    "apology": "Phiếu xin lỗi và hẹn lại",
    "stop": "Thông báo dừng xử lý",
    "control_sheet": "Phiếu kiểm soát",
}


def forms_available(dossier) -> list[tuple[str, str]]:  # noqa: ANN001
    """The official forms that make sense for the dossier as it stands."""
    wanted = []
    if dossier.code:
        wanted += ["receipt", "control_sheet"]
    if dossier.supplement_cycles.exists():
        wanted.append("supplement")
    if dossier.status == "refused":
        wanted.append("refusal")
    if dossier.new_appointment_at:
        wanted.append("apology")
    if dossier.status == "stopped":
        wanted.append("stop")
    return [(key, FORM_LABELS[key]) for key in FORM_LABELS if key in wanted]


@signed_in
def form_pdf(request: HttpRequest, pk: int, form: str) -> HttpResponse:
    """An official form of the dossier as a PDF, to print or to send."""
    from phuongso.dossiers.documents import render_form

    dossier = get_dossier_for_user(request.user, pk)
    if form not in dict(forms_available(dossier)):
        raise Http404("Không có mẫu này cho hồ sơ.")
    response = HttpResponse(render_form(form, dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{form}-{dossier.code or dossier.pk}.pdf"'
    return response
