"""The citizen's side: report a problem in two steps (what and where, then the details after
seeing similar open reports), follow one's reports, add information, reopen, rate."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from phuongso.core.access import public, signed_in
from phuongso.core.models import Commune
from phuongso.core.text import parse_id
from phuongso.feedback import deadlines, services
from phuongso.feedback.access import get_own_report
from phuongso.feedback.forms import DetailsForm, InfoForm, LocationForm, RatingForm, ReopenForm
from phuongso.feedback.models import Rating, Report
from phuongso.feedback.services import FeedbackError, Reporter
from phuongso.feedback.similar import similar_reports
from phuongso.feedback.timeline import REPORTER_VIEW, timeline
from phuongso.feedback.views.common import page_commune, taking_communes
from phuongso.feedback.workflow import REPORTER, Action, allowed_actions

SESSION_KEY = "feedback_submitted"


def _reporter(request: HttpRequest, details: DetailsForm) -> Reporter:
    if request.user.is_authenticated:
        return Reporter.from_user(request.user)
    data = details.cleaned_data
    return Reporter(
        name=data.get("name", ""), phone=data.get("phone", ""), email=data.get("email", "")
    )


def _send(request: HttpRequest, commune: Commune, where: dict, details: DetailsForm) -> Report:
    data = details.cleaned_data
    return services.submit_report(
        commune=commune,
        category=where["category"],
        description=data["description"],
        reporter=_reporter(request, details),
        residential_group=where["residential_group"],
        address=where["address"],
        latitude=where["latitude"],
        longitude=where["longitude"],
        photos=data["photos"],
        may_publish=data["may_publish"],
    )


@public
def submit(request: HttpRequest) -> HttpResponse:
    """Step 1 (GET, or POST buoc=1): category and place. Step 2 (POST buoc=2): similar open
    reports to follow instead, then the description, photos, contact and consent."""
    commune = page_commune(request)
    anonymous = not request.user.is_authenticated
    step = request.POST.get("buoc", "1") if request.method == "POST" else "1"
    where = LocationForm(request.POST or None, commune=commune)
    details = DetailsForm(anonymous=anonymous, initial={"may_publish": True})
    context = {
        "commune": commune,
        "communes": taking_communes(),
        "where": where,
        "anonymous": anonymous,
    }
    if step == "sua" or not where.is_valid():
        return render(request, "feedback/submit.html", {**context, "step": 1})
    if step == "2":
        details = DetailsForm(request.POST, request.FILES, anonymous=anonymous)
        if details.is_valid():
            try:
                report = _send(request, commune, where.cleaned_data, details)
            except FeedbackError as exc:
                details.add_error(None, exc.message)
            else:
                request.session[SESSION_KEY] = report.pk
                return redirect("feedback:submitted")
    similar = similar_reports(
        commune=commune,
        category=where.cleaned_data["category"],
        residential_group=where.cleaned_data["residential_group"],
        latitude=where.cleaned_data["latitude"],
        longitude=where.cleaned_data["longitude"],
    )
    return render(
        request,
        "feedback/submit.html",
        {**context, "step": 2, "details": details, "similar": similar, "place": where.cleaned_data},
    )


@public
def submitted(request: HttpRequest) -> HttpResponse:
    """The acknowledgement, shown to whoever has just sent the report (anonymous too)."""
    pk = request.session.get(SESSION_KEY)
    report = (
        Report.objects.select_related("commune", "category", "current_unit").filter(pk=pk).first()
        if pk
        else None
    )
    if report is None:
        return redirect("feedback:submit")
    return render(request, "feedback/submitted.html", {"report": report})


@signed_in
def my_reports(request: HttpRequest) -> HttpResponse:
    reports = (
        Report.objects.filter(Q(reporter=request.user) | Q(followers__user=request.user))
        .select_related("category", "commune", "residential_group")
        .distinct()
        .order_by("-received_at")
    )
    reports = deadlines.decorate(reports)
    return render(request, "feedback/my_reports.html", {"reports": reports})


@signed_in
def my_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_own_report(request.user, pk)
    actions = {rule.action for rule in allowed_actions(report.status, {REPORTER})}
    version = {"version": report.version}
    rating = Rating.objects.filter(report=report).first()
    return render(
        request,
        "feedback/my_report.html",
        {
            "report": report,
            "photos": report.photos.all(),
            "events": timeline(report, audience=REPORTER_VIEW),
            "question": report.events.filter(action=Action.REQUEST_INFO)
            .order_by("at", "pk")
            .last(),
            "info_form": InfoForm(initial=version),
            "reopen_form": ReopenForm(initial=version),
            "rating_form": RatingForm(),
            "can_give_info": Action.PROVIDE_INFO in actions,
            "can_reopen": Action.REOPEN in actions and deadlines.may_reopen(report),
            "reopen_until": deadlines.reopen_until(report),
            "can_close": Action.CLOSE in actions,
            "can_rate": Action.RATE in actions and rating is None,
            "rating": rating,
            "overdue": deadlines.is_overdue(report),
            "remaining": deadlines.remaining_working_time(report),
        },
    )


def _version(request: HttpRequest, report: Report) -> Report:
    raw = request.POST.get("version", "")
    if parse_id(raw) is not None:
        report.version = int(raw)  # a stale page loses with a clear message
    return report


def _reopen(request: HttpRequest, report: Report) -> str:
    form = ReopenForm(request.POST)
    if not form.is_valid():
        raise FeedbackError("Vui lòng cho biết vì sao cần mở lại.")
    services.reopen(
        _version(request, report), actor=request.user, reason=form.cleaned_data["reason"]
    )
    return "Đã mở lại phản ánh. Phường sẽ xử lý tiếp và trả lời bạn."


def _provide_info(request: HttpRequest, report: Report) -> str:
    form = InfoForm(request.POST)
    if not form.is_valid():
        raise FeedbackError("Vui lòng nhập thông tin bổ sung.")
    services.provide_info(
        _version(request, report), actor=request.user, info=form.cleaned_data["info"]
    )
    return "Đã gửi thông tin bổ sung. Thời hạn giải quyết được tính tiếp."


def _rate(request: HttpRequest, report: Report) -> str:
    form = RatingForm(request.POST)
    if not form.is_valid():
        raise FeedbackError("Vui lòng chọn mức độ hài lòng.")
    data = form.cleaned_data
    services.rate(report, actor=request.user, level=data["level"], comment=data["comment"])
    return "Cảm ơn bạn đã đánh giá kết quả giải quyết."


def _close(request: HttpRequest, report: Report) -> str:
    services.close(_version(request, report), actor=request.user)
    return "Đã đóng phản ánh."


CITIZEN_STEPS = {
    Action.REOPEN: _reopen,
    Action.PROVIDE_INFO: _provide_info,
    Action.RATE: _rate,
    Action.CLOSE: _close,
}


@signed_in
def citizen_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = get_own_report(request.user, pk)
    if request.method != "POST" or action not in CITIZEN_STEPS:
        raise Http404
    try:
        messages.success(request, CITIZEN_STEPS[action](request, report))
    except FeedbackError as exc:
        messages.error(request, exc.message)
    anchor = "#danh-gia" if action == Action.RATE else ""
    return redirect(reverse("feedback:my_report", args=[pk]) + anchor)
