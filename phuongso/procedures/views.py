"""Pages of the catalogue: public browsing and search, and the administrators' Excel page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from phuongso.accounts.models import ADMIN_ROLES
from phuongso.core.access import commune_in_reach, communes_for, public, staff_required
from phuongso.procedures import queries
from phuongso.procedures.forms import CatalogueUploadForm
from phuongso.procedures.workbook import export_catalogue, import_catalogue_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@public
def catalogue(request: HttpRequest) -> HttpResponse:
    """Browse by field and search ignoring diacritics; htmx asks for the results only."""
    chosen_code = request.GET.get("xa", "")
    commune = request.commune
    query = request.GET.get("q", "").strip()[:200]
    field_code = request.GET.get("linh_vuc", "").strip()[:60]
    context = {
        "commune": commune,
        "chosen_code": chosen_code,
        "query": query,
        "field_code": field_code,
        "fields": queries.fields_with_counts(commune=commune),
        "procedures": queries.search_procedures(
            commune=commune, query=query, field_code=field_code
        ),
        "can_manage": _can_manage(request),
    }
    template = "procedures/catalogue.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context)


@public
def procedure_detail(request: HttpRequest, national_code: str) -> HttpResponse:
    chosen_code = request.GET.get("xa", "")
    commune = request.commune
    procedure = queries.get_procedure(commune=commune, national_code=national_code)
    unit_names = queries.unit_names(commune=procedure.commune)
    context = {
        "procedure": procedure,
        "commune": commune,
        "chosen_code": chosen_code,
        "unit_name": unit_names[procedure.implementing_unit_kind],
        "own_system": queries.has_own_system(
            commune=procedure.commune, unit_kind=procedure.implementing_unit_kind
        ),
        "documents": list(procedure.documents.all()),
        "channels": [option for option in procedure.channels.all() if option.available],
        "steps": [(step, unit_names[step.unit_kind]) for step in procedure.steps.all()],
    }
    return render(request, "procedures/detail.html", context)


@staff_required(*ADMIN_ROLES)
def manage(request: HttpRequest) -> HttpResponse:
    """Download the catalogue as Excel, upload an edited one; errors are listed, nothing saved."""
    commune = commune_in_reach(request)
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_catalogue_workbook(commune, form.cleaned_data["workbook"])
        if result.ok:
            messages.success(request, result.summary())
            return redirect(f"{reverse('procedures:manage')}?xa={commune.code}")
    context = {
        "commune": commune,
        "form": form,
        "result": result,
        "communes": communes_for(request.user).filter(is_configured=True).order_by("name"),
        "procedure_count": commune.procedures.filter(is_active=True).count(),
    }
    return render(request, "procedures/manage.html", context)


@staff_required(*ADMIN_ROLES)
def export_workbook(request: HttpRequest) -> HttpResponse:
    commune = commune_in_reach(request)
    response = HttpResponse(export_catalogue(commune), content_type=XLSX)
    filename = f"danh-muc-thu-tuc-{commune.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _can_manage(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.has_role(*ADMIN_ROLES))
