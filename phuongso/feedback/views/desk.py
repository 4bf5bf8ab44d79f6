"""The officials' side: an inbox per unit sorted by what is due first, the report page with
the actions the official's roles allow, and the actions themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from phuongso.accounts.models import Role
from phuongso.core.access import staff_required
from phuongso.feedback import deadlines, services
from phuongso.feedback.access import get_report_for_user, visible_reports
from phuongso.feedback.forms import ActionForm
from phuongso.feedback.models import Rating, Report
from phuongso.feedback.services import FeedbackError
from phuongso.feedback.similar import similar_reports
from phuongso.feedback.timeline import STAFF, timeline
from phuongso.feedback.workflow import (
    CLOCK_RUNS,
    OPEN,
    Action,
    allowed_actions,
)

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
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
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
