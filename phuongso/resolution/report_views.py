"""The periodic report (PDF and Word) and evidence files, served only after an access check."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from phuongso.core.access import staff_required
from phuongso.core.uploads import open_stored
from phuongso.resolution import access, report
from phuongso.resolution.access import ALL_ROLES, REPORT_ROLES
from phuongso.resolution.forms import ReportForm


@staff_required(*REPORT_ROLES)
def report_page(request: HttpRequest) -> HttpResponse:
    """Choose the year or quarter; download the report as PDF or Word."""
    resolution = access.get_resolution_for_user(request.user, commune_code=request.GET.get("xa"))
    form = ReportForm(request.GET or None, resolution=resolution)
    data = None
    if form.is_valid():
        data = report.build_report(
            resolution, year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"]
        )
    context = {"resolution": resolution, "form": form, "data": data}
    return render(request, "resolution/report_page.html", context)


@staff_required(*REPORT_ROLES)
def report_download(request: HttpRequest) -> HttpResponse:
    resolution = access.get_resolution_for_user(request.user, commune_code=request.GET.get("xa"))
    form = ReportForm(request.GET, resolution=resolution)
    if not form.is_valid():
        raise Http404("Kỳ báo cáo không hợp lệ.")
    data = report.build_report(
        resolution, year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"]
    )
    if request.GET.get("dinh_dang") == "doc":
        response = HttpResponse(
            report.render_word(data), content_type=f"{report.WORD}; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{data.filename}.doc"'
        return response
    response = HttpResponse(report.render_pdf(data), content_type=report.PDF)
    response["Content-Disposition"] = f'attachment; filename="{data.filename}.pdf"'
    return response


@staff_required(*ALL_ROLES)
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    item = access.get_evidence_for_user(request.user, pk)
    handle = open_stored(item.file, "Tệp minh chứng")
    response = FileResponse(handle, content_type=item.content_type,
                            as_attachment=item.content_type == "application/pdf",
                            filename=item.original_name)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response
