"""The public side: recent reports with the ward's answers, each report's page, the figures.

Nothing here shows who reported: no name, phone or e-mail ever reaches these templates.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from phuongso.core.access import public, signed_in
from phuongso.core.uploads import detect_kind, open_stored
from phuongso.feedback import deadlines, figures, services
from phuongso.feedback.access import (
    get_photo_for_user,
    get_public_report,
    public_reports,
    shows_content,
)
from phuongso.feedback.forms import FilterForm
from phuongso.feedback.models import Category, ReportEvent
from phuongso.feedback.services import FeedbackError
from phuongso.feedback.timeline import PUBLIC, timeline
from phuongso.feedback.views.common import page_commune, this_year
from phuongso.feedback.workflow import REPORTER, Action, Status, allowed_actions


@public
def report_list(request: HttpRequest) -> HttpResponse:
    """Recent public reports of the commune, by category, residential group and state."""
    commune = page_commune(request)
    form = FilterForm(request.GET or None, commune=commune, statuses=Status.choices)
    reports = public_reports().filter(commune=commune)
    if form.is_valid():
        data = form.cleaned_data
        if data["linh_vuc"]:
            reports = reports.filter(category=data["linh_vuc"])
        if data["to"]:
            reports = reports.filter(residential_group=data["to"])
        if data["trang_thai"]:
            reports = reports.filter(status=data["trang_thai"])
    answers = (
        ReportEvent.objects.filter(is_public=True).exclude(note="").exclude(actor_role=REPORTER)
    )
    reports = reports.select_related("category", "residential_group", "commune").prefetch_related(
        Prefetch("events", queryset=answers.order_by("at", "pk"), to_attr="public_notes")
    )
    page = Paginator(reports, 20).get_page(request.GET.get("trang"))
    deadlines.decorate(page.object_list)  # overdue reports are flagged publicly too
    start, end = this_year()
    return render(
        request,
        "feedback/list.html",
        {
            "commune": commune,
            "form": form,
            "page": page,
            "summary": figures.summary(commune=commune, start=start, end=end),
            "year": start.year,
            "query": _query_without_page(request),
            "filtered": form.is_valid() and any(form.cleaned_data.values()),
        },
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("trang", None)
    return query.urlencode()


@public
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_public_report(pk)
    deadlines.decorate([report])
    user = request.user
    can_follow = user.is_authenticated and any(
        rule.action == Action.FOLLOW
        for rule in allowed_actions(report.status, services.roles_on(report, user))
    )
    following = user.is_authenticated and report.followers.filter(user=user).exists()
    return render(
        request,
        "feedback/detail.html",
        {
            "report": report,
            "shows_content": shows_content(report),
            "photos": report.photos.all() if shows_content(report) else [],
            "events": timeline(report, audience=PUBLIC),
            "can_follow": can_follow and not following and report.reporter_id != user.pk,
            "following": following,
            "is_reporter": user.is_authenticated and report.reporter_id == user.pk,
            "followers": report.followers.count(),
        },
    )


@signed_in
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a public report instead of sending the same problem again."""
    report = get_public_report(pk)
    if request.method != "POST":
        raise Http404
    try:
        services.follow(report, actor=request.user)
    except FeedbackError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã theo dõi phản ánh. Bạn sẽ nhận thông báo khi phường trả lời.")
    return redirect("feedback:detail", pk=pk)


@public
def photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    item = get_photo_for_user(request.user, pk, photo_pk)
    handle = open_stored(item.file, "Ảnh")
    kind = detect_kind(handle)
    if kind is None:
        handle.close()
        raise Http404("Không tìm thấy ảnh.")
    response = FileResponse(handle, content_type=kind[1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="phan-anh-{pk}-{photo_pk}.{kind[0]}"'
    return response


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "")
    today = timezone.localdate()
    return int(raw) if raw.isdecimal() and 2000 <= int(raw) <= today.year else today.year


@public
def figures_page(request: HttpRequest) -> HttpResponse:
    """Received, resolved on time, average time, satisfaction, and indicator 5.2, by year."""
    commune = page_commune(request)
    year = _year(request)
    start, end = date(year, 1, 1), min(date(year, 12, 31), timezone.localdate())
    period = {"commune": commune, "start": start, "end": end}
    by_category = [
        (category, figures.received_in(commune, start, end).filter(category=category).count())
        for category in Category.objects.filter(commune=commune)
    ]
    return render(
        request,
        "feedback/figures.html",
        {
            "commune": commune,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
            "start": start,
            "end": end,
            "summary": figures.summary(**period),
            "by_category": by_category,
        },
    )
