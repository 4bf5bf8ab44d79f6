"""Pages of the resolution's indicators: the leadership dashboard, the province overview,
an indicator's page, entering a figure, adjusting the path, the records behind a figure."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from phuongso.accounts.models import Role
from phuongso.core.access import communes_for, staff_required
from phuongso.resolution import access, services, sources
from phuongso.resolution.access import ALL_ROLES, OVERVIEW_ROLES
from phuongso.resolution.charts import indicator_chart
from phuongso.resolution.evaluation import Evaluation, evaluate, evaluate_all
from phuongso.resolution.formatting import with_unit
from phuongso.resolution.forms import ActualForm, PathForm
from phuongso.resolution.models import Resolution
from phuongso.resolution.progress import IndicatorStatus
from phuongso.resolution.tracking import by_unit, programme_rows


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
