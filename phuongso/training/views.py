"""Pages of the digital-skills registry: rates, courses, who still needs what, an official's
record with completions and certificates (served only to the official and the managers)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from phuongso.core.access import commune_in_reach, staff_required
from phuongso.core.text import parse_id
from phuongso.core.uploads import open_stored
from phuongso.training import access, figures, services
from phuongso.training.forms import CompletionForm, EnrolForm
from phuongso.training.models import Course, Enrolment


def _errors(request: HttpRequest, error: services.TrainingError) -> None:
    for message in error.messages:
        messages.error(request, message)


@staff_required()
def overview(request: HttpRequest) -> HttpResponse:
    commune = commune_in_reach(request)
    today = timezone.localdate()
    context = {
        "commune": commune,
        "today": today,
        "ward": figures.digital_skills_rate(commune=commune, start=today, end=today),
        "units": figures.rates_by_unit(commune=commune, end=today),
        "courses": figures.course_counts(commune=commune),
        "need_count": len(figures.needs(commune=commune)),
        "can_manage": access.is_training_manager(request.user, commune.pk),
    }
    return render(request, "training/overview.html", context)


@staff_required()
def needs(request: HttpRequest) -> HttpResponse:
    """Who still needs which course; filter by course."""
    commune = commune_in_reach(request)
    rows = figures.needs(commune=commune)
    course_id = request.GET.get("khoa", "")
    if parse_id(course_id) is not None:
        rows = [row for row in rows if any(c.pk == int(course_id) for c in row.missing)]
    context = {
        "commune": commune,
        "rows": rows,
        "course_id": course_id,
        "courses": Course.objects.filter(is_active=True).order_by("order"),
    }
    return render(request, "training/needs.html", context)


@staff_required()
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = access.get_course_for_user(request.user, pk)
    commune = commune_in_reach(request)
    can_manage = access.is_training_manager(request.user, commune.pk)
    officials = access.officials_of(commune.pk)
    enrolments = (
        Enrolment.objects.filter(course=course, official__in=officials)
        .select_related("official__unit")
        .order_by("official__unit__name", "official__full_name")
    )
    waiting = officials.exclude(pk__in=enrolments.values("official_id")).order_by("full_name")
    form = EnrolForm(request.POST or None, officials=waiting)
    if request.method == "POST" and can_manage and form.is_valid():
        _enrol_all(request, course, form.cleaned_data["officials"])
        return redirect("training:course", pk=course.pk)
    context = {
        "course": course,
        "commune": commune,
        "enrolments": enrolments,
        "form": form if can_manage and waiting.exists() else None,
        "can_manage": can_manage,
    }
    return render(request, "training/course.html", context)


def _enrol_all(request: HttpRequest, course: Course, officials: list) -> None:
    count = 0
    for official in officials:
        try:
            services.enrol(official=official, course=course, actor=request.user)
            count += 1
        except services.TrainingError as error:
            _errors(request, error)
    if count:
        messages.success(request, f"Đã ghi danh {count} cán bộ.")


@staff_required()
def official_detail(request: HttpRequest, pk: int) -> HttpResponse:
    official = access.get_official_for_user(request.user, pk)
    can_record = access.can_record_for(request.user, official)
    courses = Course.objects.filter(is_active=True).order_by("order")
    form = CompletionForm(request.POST or None, request.FILES or None, courses=courses)
    if request.method == "POST" and can_record and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_completion(
                official=official,
                course=data["course"],
                completed_on=data["completed_on"],
                certificate=data["certificate"],
                actor=request.user,
                note=data["note"],
            )
        except services.TrainingError as error:
            _errors(request, error)
        else:
            messages.success(request, f"Đã ghi hoàn thành khóa «{data['course']}».")
            return redirect("training:official", pk=official.pk)
    enrolments = official.enrolments.select_related("course").order_by("course__order")
    required = figures.required_for(official, list(courses))
    done = {e.course_id for e in enrolments if e.is_completed}
    context = {
        "official": official,
        "enrolments": enrolments,
        "can_record": can_record,
        "form": form if can_record else None,
        "missing": [course for course in required if course.pk not in done],
    }
    return render(request, "training/official.html", context)


@staff_required()
def my_training(request: HttpRequest) -> HttpResponse:
    return redirect("training:official", pk=request.user.pk)


@staff_required()
def certificate(request: HttpRequest, pk: int) -> FileResponse:
    """The certificate file, for the official and the training managers only."""
    enrolment = access.get_enrolment_for_user(request.user, pk)
    if not enrolment.certificate:
        raise Http404("Chưa có chứng nhận.")
    response = FileResponse(
        open_stored(enrolment.certificate, "Tệp chứng nhận"),
        content_type=enrolment.certificate_type,
    )
    extension = enrolment.certificate.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'inline; filename="chung-nhan-{enrolment.pk}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response
