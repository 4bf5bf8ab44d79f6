"""Pages of the resolution: the leadership dashboard, the province overview, an indicator's
page, entering a figure, adjusting the path, the records behind a figure; programmes, plans
and tasks (follow a task to its progress reports, report progress, a unit's own tasks); the
periodic report (PDF and Word) and evidence files, served only after an access check."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from phuongso.accounts.models import Role
from phuongso.core.access import communes_for, staff_required
from phuongso.core.uploads import open_stored
from phuongso.resolution import access, report, services, sources
from phuongso.resolution.access import ALL_ROLES, OVERVIEW_ROLES, REPORT_ROLES
from phuongso.resolution.charts import indicator_chart
from phuongso.resolution.evaluation import Evaluation, evaluate, evaluate_all
from phuongso.resolution.formatting import with_unit
from phuongso.resolution.forms import (
    ActualForm,
    PathForm,
    ProgressForm,
    ReportForm,
    TaskForm,
    TaskStatusForm,
    task_initial,
)
from phuongso.resolution.models import Resolution
from phuongso.resolution.progress import IndicatorStatus
from phuongso.resolution.tracking import by_unit, programme_rows, task_row, task_rows

# --- indicators ---------------------------------------------------------------------------


def _status_counts(evaluations: list[Evaluation]) -> list[tuple[str, str, int]]:
    counts = {status: 0 for status in IndicatorStatus}
    for evaluation in evaluations:
        counts[evaluation.status] += 1
    return [(status.value, status.label, count) for status, count in counts.items() if count]


def _cards(resolution: Resolution) -> list[dict[str, object]]:
    indicators = list(
        resolution.indicators.select_related("resolution__commune").prefetch_related(
            "actuals", "planned_values"
        )
    )
    return [
        {"evaluation": evaluation, "chart": indicator_chart(evaluation, compact=True)}
        for evaluation in evaluate_all(indicators)
    ]


@staff_required(*ALL_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    """One screen for the leadership: every indicator's light, chart, and overdue tasks."""
    user = request.user
    if not access.sees_everything(user):
        if user.unit_id is None:
            raise Http404("Tài khoản chưa được gán đơn vị.")
        return redirect("resolution:unit", pk=user.unit_id)
    if user.is_province_administrator and not request.GET.get("xa"):
        return redirect("resolution:province")
    resolution = access.get_resolution_for_user(user, commune=request.commune)
    cards = _cards(resolution)
    programmes = programme_rows(resolution)
    overdue = [row for programme in programmes for row in programme.overdue]
    stalled = [row for programme in programmes for row in programme.stalled if not row.overdue]
    context = {
        "resolution": resolution,
        "commune": resolution.commune,
        "cards": cards,
        "counts": _status_counts([card["evaluation"] for card in cards]),
        "programmes": programmes,
        "overdue_by_unit": by_unit(overdue),
        "overdue_count": len(overdue),
        "stalled": stalled,
        "stalled_days": settings.RESOLUTION_STALLED_AFTER_DAYS,
    }
    return render(request, "resolution/dashboard.html", context)


@staff_required(*OVERVIEW_ROLES)
def province(request: HttpRequest) -> HttpResponse:
    """Every commune's resolution side by side (what a province administrator sees)."""
    resolutions = [
        resolution
        for commune in communes_for(request.user).filter(resolutions__isnull=False).distinct()
        if (resolution := access.current_resolution(commune)) is not None
    ]
    columns = []
    for resolution in resolutions:
        indicators = resolution.indicators.prefetch_related("actuals", "planned_values")
        evaluations = evaluate_all(list(indicators), with_quarters=False)
        programmes = programme_rows(resolution)
        columns.append({
            "resolution": resolution, "evaluations": evaluations,
            "counts": _status_counts(evaluations),
            "overdue": sum(len(programme.overdue) for programme in programmes),
            "programmes": programmes,
        })  # fmt: skip
    return render(request, "resolution/province.html", {"columns": columns})


@staff_required(*ALL_ROLES)
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_indicator_for_user(request.user, pk)
    evaluation = evaluate(item)
    years = [
        {
            "row": row,
            "quarters": [q for q in evaluation.quarters_of(row.year) if q.value is not None],
        }
        for row in evaluation.years
    ]
    context = {
        "indicator": item,
        "resolution": item.resolution,
        "evaluation": evaluation,
        "chart": indicator_chart(evaluation),
        "years": years,
        "actuals": item.actuals.select_related("entered_by", "verified_by").prefetch_related(
            "evidence"
        ),
        "tasks": access.tasks_for(request.user).filter(indicators=item),
        "changes": item.changes.select_related("actor").order_by("-at", "pk")[:50],
        "can_enter": not item.is_computed and access.can_enter_actual(request.user, item),
        "can_verify": request.user.has_role(Role.LEADER)
        and request.user.commune_id == item.resolution.commune_id,
        "can_edit_path": access.can_edit_path(request.user, item),
        "can_drill": item.is_computed and access.sees_everything(request.user),
        "source": sources.get_source(item.source_function) if item.is_computed else None,
    }
    return render(request, "resolution/indicator.html", context)


@staff_required(*ALL_ROLES)
def enter_actual(request: HttpRequest, pk: int) -> HttpResponse:
    """Type in a year's or a quarter's figure with its source; the status follows at once."""
    item = access.get_indicator_for_user(request.user, pk)
    try:
        services.check_can_enter(item, request.user)
    except services.ResolutionError as error:
        context = {"indicator": item, "refusal": error.message}
        return render(request, "resolution/actual_form.html", context, status=403)
    form = ActualForm(request.POST or None, request.FILES or None, indicator=item)
    if request.method == "POST" and form.is_valid():
        before = evaluate(item).status
        data = form.cleaned_data
        files = [data["evidence"]] if data.get("evidence") else []
        try:
            actual = services.record_actual(
                indicator=item, year=data["year"], quarter=data["quarter"], value=data["value"],
                source=data["source"], files=files, actor=request.user,
            )  # fmt: skip
        except services.ResolutionError as error:
            form.add_error(None, error.message)
        else:
            after = evaluate(item).status
            change = (
                f"Trạng thái chuyển từ «{before.label}» sang «{after.label}»."
                if after != before else f"Trạng thái: {after.label}."
            )  # fmt: skip
            messages.success(
                request,
                f"Đã lưu số liệu {actual.period_label.lower()}: "
                f"{with_unit(actual.value, item.unit)}. {change}",
            )
            return redirect("resolution:indicator", pk=item.pk)
    context = {"indicator": item, "form": form, "evaluation": evaluate(item, with_quarters=False)}
    return render(request, "resolution/actual_form.html", context)


@staff_required(*ALL_ROLES)
@require_POST
def verify_actual(request: HttpRequest, pk: int) -> HttpResponse:
    actual = access.get_actual_for_user(request.user, pk)
    try:
        services.verify_actual(actual=actual, actor=request.user)
    except services.ResolutionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã xác nhận số liệu {actual.period_label.lower()}.")
    return redirect("resolution:indicator", pk=actual.indicator_id)


@staff_required(*access.PLANNING_ROLES)
def edit_path(request: HttpRequest, pk: int) -> HttpResponse:
    """Adjust the planned value of any year; an empty field goes back to the derived value."""
    item = access.get_indicator_for_user(request.user, pk)
    evaluation = evaluate(item, with_quarters=False)
    resolution = item.resolution
    years = list(range(resolution.term_start, max(resolution.term_end, item.target_year) + 1))
    manual = {p.year: p.value for p in item.planned_values.all()}
    initial = {f"y{year}": with_unit(value, "").strip() for year, value in manual.items()}
    form = PathForm(request.POST or None, years=years, unit=item.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            for year, value in form.values().items():
                if value != manual.get(year):
                    services.set_planned_value(
                        indicator=item, year=year, value=value, actor=request.user
                    )
        except services.ResolutionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Đã lưu lộ trình.")
            return redirect("resolution:indicator", pk=item.pk)
    rows = [(form[f"y{year}"], evaluation.row(year)) for year in years]
    context = {"indicator": item, "form": form, "rows": rows, "evaluation": evaluation}
    return render(request, "resolution/path_form.html", context)


@staff_required(*OVERVIEW_ROLES)
def records(request: HttpRequest, pk: int) -> HttpResponse:
    """The records counted in a computed figure (drill-down for leaders)."""
    item = access.get_indicator_for_user(request.user, pk)
    if not item.is_computed:
        raise Http404("Chỉ tiêu này nhập tay, không có bản ghi chi tiết.")
    evaluation = evaluate(item, with_quarters=False)
    year = request.GET.get("nam", "")
    rows = [row for row in evaluation.years if row.figure is not None]
    chosen = next((row for row in rows if str(row.year) == year), rows[-1] if rows else None)
    source = sources.get_source(item.source_function)
    listed = sources.records(item.source_function, chosen.figure.record_ids) if chosen else None
    table = [
        [getattr(record, attr)() if callable(getattr(record, attr)) else getattr(record, attr)
         for attr, _ in source.record_columns]
        for record in listed or []
    ]  # fmt: skip
    context = {"indicator": item, "evaluation": evaluation, "rows": rows, "chosen": chosen,
               "source": source, "table": table, "listed": listed is not None,
               "back": reverse("resolution:indicator", args=[item.pk])}  # fmt: skip
    return render(request, "resolution/records.html", context)


# --- programmes, plans and tasks -----------------------------------------------------------


@staff_required(*ALL_ROLES)
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_programme_for_user(request.user, pk)
    rows = programme_rows(item.resolution, tasks=access.tasks_for(request.user), programmes=[item])
    context = {"programme": item, "row": rows[0], "resolution": item.resolution,
               "sees_everything": access.sees_everything(request.user)}  # fmt: skip
    return render(request, "resolution/programme.html", context)


@staff_required(*ALL_ROLES)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_plan_for_user(request.user, pk)
    rows = task_rows(access.tasks_for(request.user).filter(plan=item))
    context = {"plan": item, "programme": item.programme, "rows": rows,
               "can_create": access.can_create_task(request.user, item)}  # fmt: skip
    return render(request, "resolution/plan.html", context)


@staff_required(*ALL_ROLES)
def create_task(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a new task of a plan (ward leaders and administrators)."""
    item = access.get_plan_for_user(request.user, pk)
    form = TaskForm(request.POST or None, plan=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.create_task(
                plan=item, actor=request.user, name=data["name"],
                description=data["description"], lead_unit=data["lead_unit"],
                start_date=data["start_date"], deadline=data["deadline"],
                coordinating_units=list(data["coordinating_units"]),
                indicators=list(data["indicators"]),
            )  # fmt: skip
        except services.ResolutionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã giao nhiệm vụ cho {task.lead_unit.name}.")
            return redirect("resolution:task", pk=task.pk)
    allowed = access.can_create_task(request.user, item)
    context = {"plan": item, "programme": item.programme, "form": form, "allowed": allowed}
    return render(request, "resolution/task_form.html", context, status=200 if allowed else 403)


@staff_required(*ALL_ROLES)
def task(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_task_for_user(request.user, pk)
    can_update = access.can_update_task(request.user, item)
    form = TaskStatusForm(request.POST or None, initial=task_initial(item))
    if request.method == "POST":
        if not can_update:
            messages.error(request, services.refusal_for_other_unit(item))
            return redirect("resolution:task", pk=item.pk)
        if form.is_valid():
            try:
                services.update_task(task=item, actor=request.user,
                                     version=form.cleaned_data["version"],
                                     status=form.cleaned_data["status"],
                                     deadline=form.cleaned_data["deadline"])  # fmt: skip
            except services.ResolutionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Đã cập nhật nhiệm vụ.")
                return redirect("resolution:task", pk=item.pk)
    context = {
        "task": item,
        "row": task_row(item),
        "plan": item.plan,
        "programme": item.plan.programme,
        "reports": item.reports.select_related("reported_by").prefetch_related("evidence"),
        "changes": item.changes.select_related("actor").order_by("-at", "pk")[:50],
        "coordinating": item.coordinating_units.all(),
        "indicators": item.indicators.all(),
        "can_update": can_update,
        "form": form,
    }
    return render(request, "resolution/task.html", context)


@staff_required(*ALL_ROLES)
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead unit's report: date, percentage, what was done, evidence files."""
    item = access.get_task_for_user(request.user, pk)
    if not access.can_update_task(request.user, item):
        context = {"task": item, "refusal": services.refusal_for_other_unit(item)}
        return render(request, "resolution/progress_form.html", context, status=403)
    form = ProgressForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        files = [data["evidence"]] if data.get("evidence") else []
        try:
            services.report_progress(
                task=item, actor=request.user, percent=data["percent"], text=data["text"],
                reported_on=data["reported_on"], files=files,
            )  # fmt: skip
        except services.ResolutionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Đã ghi báo cáo tiến độ.")
            return redirect("resolution:task", pk=item.pk)
    return render(request, "resolution/progress_form.html", {"task": item, "form": form})


@staff_required(*ALL_ROLES)
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's tasks: those it leads, those it coordinates, and the indicators it follows."""
    item = access.get_unit_for_user(request.user, pk)
    visible = access.tasks_for(request.user)
    context = {
        "unit": item,
        "led": task_rows(visible.filter(lead_unit=item)),
        "coordinated": task_rows(visible.filter(coordinating_units=item).exclude(lead_unit=item)),
        "indicators": access.indicators_for(request.user).filter(responsible_unit=item),
        "sees_everything": access.sees_everything(request.user),
    }
    return render(request, "resolution/unit.html", context)


# --- the periodic report and evidence files ------------------------------------------------


@staff_required(*REPORT_ROLES)
def report_page(request: HttpRequest) -> HttpResponse:
    """Choose the year or quarter; download the report as PDF or Word."""
    resolution = access.get_resolution_for_user(request.user, commune=request.commune)
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
    resolution = access.get_resolution_for_user(request.user, commune=request.commune)
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
