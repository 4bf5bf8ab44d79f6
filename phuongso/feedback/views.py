"""Pages of citizens' feedback. What they share: the commune a page is about and the current
year's period. The public side: recent reports with the ward's answers, each report's page,
the figures; nothing there shows who reported (no name, phone or e-mail reaches those
templates). The citizen's side: report a problem in two steps (what and where, then the
details after seeing similar open reports), follow one's reports, add information, reopen,
rate. The officials' side: an inbox per unit sorted by what is due first, the report page with
the actions the official's roles allow, and the actions themselves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from phuongso.accounts.models import Role
from phuongso.core.access import public, signed_in, staff_required
from phuongso.core.models import Commune
from phuongso.core.text import parse_id
from phuongso.core.throttle import over_limits
from phuongso.core.uploads import detect_kind, open_stored
from phuongso.core.views import show_form_errors
from phuongso.feedback import deadlines, figures, services
from phuongso.feedback.access import (
    get_own_report,
    get_photo_for_user,
    get_public_report,
    get_report_for_user,
    public_reports,
    shows_content,
    visible_reports,
)
from phuongso.feedback.forms import (
    ActionForm,
    DetailsForm,
    FilterForm,
    InfoForm,
    LocationForm,
    RatingForm,
    ReopenForm,
)
from phuongso.feedback.models import Category, Rating, Report, ReportEvent
from phuongso.feedback.services import FeedbackError, Reporter
from phuongso.feedback.similar import similar_reports
from phuongso.feedback.timeline import PUBLIC, REPORTER_VIEW, STAFF, timeline
from phuongso.feedback.workflow import (
    CLOCK_RUNS,
    OPEN,
    REPORTER,
    Action,
    Status,
    allowed_actions,
)

# --- what the pages share ----------------------------------------------------------------


def configured_commune(request: HttpRequest) -> Commune:
    """The commune the page is about (request.commune, core/communes.py), which must be one
    this deployment runs (configured): 404 otherwise."""
    commune = request.commune  # type: ignore[attr-defined]
    if commune is None or not commune.is_configured:
        raise Http404("Chưa có xã, phường nào nhận phản ánh.")
    return commune


def taking_communes() -> list[Commune]:
    return list(
        Commune.objects.filter(is_configured=True, feedback_categories__is_active=True)
        .distinct()
        .order_by("name")
    )


def this_year() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year, 1, 1), today


# --- the public side ----------------------------------------------------------------------


@public
def report_list(request: HttpRequest) -> HttpResponse:
    """Recent public reports of the commune, by category, residential group and state."""
    commune = configured_commune(request)
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
    commune = configured_commune(request)
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


# --- the citizen's side -------------------------------------------------------------------

SESSION_KEY = "feedback_submitted"
# Reports sent without signing in, per address and by everyone, an hour.
ANONYMOUS_PAUSED = (
    "Đã có quá nhiều phản ánh gửi không đăng nhập trong giờ qua. Vui lòng thử lại sau, hoặc "
    "đăng nhập để gửi ngay. Nội dung bạn nhập vẫn còn trên trang."
)


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
        dossier_code=data.get("dossier_code", ""),
    )


@public
def submit(request: HttpRequest) -> HttpResponse:
    """Step 1 (GET, or POST buoc=1): category and place. Step 2 (POST buoc=2): similar open
    reports to follow instead, then the description, photos, contact and consent."""
    commune = configured_commune(request)
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
                if anonymous and over_limits(
                    request,
                    what="feedback-anonymous",
                    per_address=settings.FEEDBACK_ANONYMOUS_PER_ADDRESS,
                    overall=settings.FEEDBACK_ANONYMOUS_PER_HOUR,
                ):
                    raise FeedbackError(ANONYMOUS_PAUSED)
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


# --- the officials' side -------------------------------------------------------------------

OFFICIALS = (
    Role.COUNTER_OFFICER,
    Role.SPECIALIST,
    Role.LEADER,
    Role.LEADERSHIP,
    Role.ADMINISTRATOR,
    Role.PROVINCE_ADMINISTRATOR,
)
WORKERS = (Role.SPECIALIST, Role.LEADER)
# Actions taken on the report page ("follow" and "rate" belong to citizens).
DESK_ACTIONS = {
    Action.ACCEPT,
    Action.REFUSE,
    Action.TRANSFER,
    Action.REQUEST_INFO,
    Action.PROVIDE_INFO,
    Action.START,
    Action.REPLY,
    Action.RESOLVE,
    Action.CLOSE,
    Action.MERGE,
}


def _unit(user: Any, reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.filter(current_unit_id=user.unit_id, status__in=OPEN)


def _overdue(user: Any, reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.filter(status__in=CLOCK_RUNS, due_at__lt=timezone.now())


def _open(user: Any, reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.filter(status__in=OPEN)


def _done(user: Any, reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.exclude(status__in=OPEN)


INBOXES: dict[str, tuple[str, Callable[[Any, QuerySet[Report]], QuerySet[Report]]]] = {
    "don-vi": ("Phản ánh giao đơn vị tôi", _unit),
    "qua-han": ("Phản ánh quá hạn", _overdue),
    "dang-mo": ("Tất cả phản ánh đang xử lý", _open),
    "da-xong": ("Đã giải quyết, đã đóng", _done),
}


def _by_due(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Soonest deadline first; reports without one (answered, waiting) last."""
    return reports.order_by(F("due_at").asc(nulls_last=True), "pk")


@staff_required(*OFFICIALS)
def inbox(request: HttpRequest, box: str = "") -> HttpResponse:
    user = request.user
    box = box or ("don-vi" if user.has_role(Role.SPECIALIST) and user.unit_id else "dang-mo")
    if box not in INBOXES:
        raise Http404
    title, narrow = INBOXES[box]
    reports = narrow(user, visible_reports(user))
    reports = reports.select_related("category", "residential_group", "current_unit", "commune")
    reports = _by_due(reports) if box != "da-xong" else reports.order_by("-updated_at")
    page = Paginator(reports, 50).get_page(request.GET.get("trang"))
    deadlines.decorate(page.object_list)
    return render(
        request,
        "feedback/inbox.html",
        {"page": page, "box": box, "title": title, "boxes": INBOXES},
    )


def _forms(report: Report, user: Any, retry: tuple[str, dict] | None) -> list:
    roles = services.roles_on(report, user)
    forms = []
    for rule in allowed_actions(report.status, roles):
        if rule.action not in DESK_ACTIONS:
            continue
        if retry and retry[0] == rule.action:
            data = {**retry[1], f"{rule.action}-version": report.version}
            form = ActionForm(data, action=rule.action, report=report, prefix=rule.action)
            form.is_valid()
        else:
            initial = {"version": report.version}
            form = ActionForm(
                action=rule.action, report=report, initial=initial, prefix=rule.action
            )
        forms.append((rule, form))
    return forms


@staff_required(*OFFICIALS)
def desk_report(
    request: HttpRequest, pk: int, retry: tuple[str, dict] | None = None
) -> HttpResponse:
    """The report with the reporter's contact, the history and the allowed actions."""
    report = get_report_for_user(request.user, pk)
    deadlines.decorate([report])
    similar = similar_reports(
        commune=report.commune,
        category=report.category,
        residential_group=report.residential_group,
        latitude=float(report.latitude) if report.latitude is not None else None,
        longitude=float(report.longitude) if report.longitude is not None else None,
        limit=6,
    )
    return render(
        request,
        "feedback/desk_report.html",
        {
            "report": report,
            "forms": _forms(report, request.user, retry),
            "events": timeline(report, audience=STAFF),
            "photos": report.photos.all(),
            "similar": [other for other in similar.public if other.pk != report.pk],
            "rating": Rating.objects.filter(report=report).first(),
            "followers": report.followers.count(),
            "duplicates": report.duplicates.all(),
            "decision_due": deadlines.decision_due(report.received_at),
            "info_due": deadlines.info_due(report.received_at),
        },
    )


@staff_required(*WORKERS)
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Carry out one action from the report page; a stale page loses cleanly."""
    report = get_report_for_user(request.user, pk)
    if request.method != "POST" or action not in STEPS:
        raise Http404
    form = ActionForm(request.POST, action=action, report=report, prefix=action)
    if form.is_valid():
        report.version = form.cleaned_data["version"]
        try:
            STEPS[action](report, request.user, form)
        except FeedbackError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã thực hiện: {Action(action).label}.")
            if visible_reports(request.user).filter(pk=pk).exists():
                return redirect("feedback:desk_report", pk=pk)
            return redirect("feedback:inbox")
    else:
        show_form_errors(request, form)
    return desk_report(request, pk, retry=(action, request.POST.dict()))


def _note(form: ActionForm) -> str:
    return form.cleaned_data.get("note", "")


def _merge(report: Report, user: Any, form: ActionForm) -> Report:
    into = Report.objects.filter(pk=form.cleaned_data["into"], commune=report.commune).first()
    if into is None:
        raise FeedbackError(f"Không tìm thấy phản ánh số {form.cleaned_data['into']}.")
    return services.merge(report, actor=user, into=into)


Step = Callable[[Report, Any, ActionForm], Report]
STEPS: dict[str, Step] = {
    Action.ACCEPT: lambda r, u, f: services.accept(r, actor=u, note=_note(f)),
    Action.REFUSE: lambda r, u, f: services.refuse(r, actor=u, reason=_note(f)),
    Action.TRANSFER: lambda r, u, f: services.transfer(
        r, actor=u, unit=f.cleaned_data["unit"], reason=_note(f)
    ),
    Action.REQUEST_INFO: lambda r, u, f: services.request_info(r, actor=u, question=_note(f)),
    Action.PROVIDE_INFO: lambda r, u, f: services.provide_info(r, actor=u, info=_note(f)),
    Action.START: lambda r, u, f: services.start(r, actor=u, note=_note(f)),
    Action.REPLY: lambda r, u, f: services.reply(r, actor=u, message=_note(f)),
    Action.RESOLVE: lambda r, u, f: services.resolve(r, actor=u, answer=_note(f)),
    Action.CLOSE: lambda r, u, f: services.close(r, actor=u, note=_note(f)),
    Action.MERGE: _merge,
}
