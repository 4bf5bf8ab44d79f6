"""Pages of the programmes, plans and tasks: follow a task from its programme to its
progress reports; report progress; change a task; a unit's own tasks."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from phuongso.core.access import staff_required
from phuongso.resolution import access, services
from phuongso.resolution.access import ALL_ROLES
from phuongso.resolution.forms import ProgressForm, TaskForm, TaskStatusForm, task_initial
from phuongso.resolution.tracking import programme_rows, task_row, task_rows


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
