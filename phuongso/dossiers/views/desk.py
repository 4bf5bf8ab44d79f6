"""The processing desk: inboxes sorted by what is due first, the dossier page, the actions."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from phuongso.accounts.models import Role
from phuongso.core.access import staff_required
from phuongso.core.views import show_form_errors
from phuongso.dossiers import deadlines, services
from phuongso.dossiers.access import get_dossier_for_user, visible_dossiers
from phuongso.dossiers.forms import ActionForm
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.services import DossierError, Paper
from phuongso.dossiers.timeline import timeline
from phuongso.dossiers.views.files import forms_available
from phuongso.dossiers.workflow import CLOCK_RUNS, FINAL, Action, Status, allowed_actions
from phuongso.payments.models import PaymentStatus
from phuongso.payments.services import may_record_refund

OFFICIALS = (
    Role.COUNTER_OFFICER,
    Role.SPECIALIST,
    Role.LEADER,
    Role.LEADERSHIP,
    Role.ADMINISTRATOR,
    Role.PROVINCE_ADMINISTRATOR,
)
WORKERS = (Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER)
# An inbox page is what an official deals with next, most urgent first: a screenful.
INBOX_PAGE_SIZE = 20
# The columns an inbox row shows and sorts by (the rest of the row is not read).
INBOX_FIELDS = (
    "code",
    "status",
    "applicant_name",
    "appointment_at",
    "new_appointment_at",
    "procedure__name",
    "current_unit__name",
    "assignee__full_name",
)
OPEN = [s for s in Status.values if s not in FINAL]


def most_urgent_first(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Dossiers whose legal clock runs first, soonest promised date first (remaining working
    time orders the same way); then those whose clock stands still, whose date is frozen or
    past without being late: waiting for the citizen's papers, the result waiting to be
    handed back, not yet received."""
    return dossiers.annotate(
        due=Coalesce("new_appointment_at", "appointment_at"),
        clock_stands=Case(When(status__in=CLOCK_RUNS, then=Value(0)), default=Value(1)),
    ).order_by("clock_stands", F("due").asc(nulls_last=True), "pk")


def decorate(dossiers: list[Dossier]) -> list[Dossier]:
    now = timezone.now()
    for dossier in dossiers:
        dossier.overdue = deadlines.is_overdue(dossier, now=now)
        dossier.due_soon = deadlines.is_due_soon(dossier, now=now)
        dossier.remaining = deadlines.remaining_working_time(dossier, now=now)
        dossier.paused = deadlines.is_paused(dossier)
    return dossiers


def counted_page(dossiers: QuerySet[Dossier], number: str | None, size: int) -> Page:
    """A page of dossiers (a page past the end shows the last one)."""
    return Paginator(dossiers, size).get_page(number)


INBOXES = {
    "cua-toi": ("Hồ sơ giao cho tôi", lambda user, qs: qs.filter(assignee=user)),
    "don-vi": ("Hồ sơ của đơn vị", lambda user, qs: qs.filter(current_unit_id=user.unit_id)),
    "chua-giao": ("Hồ sơ chưa phân công", lambda user, qs: qs.filter(status=Status.RECEIVED)),
    "cho-duyet": (
        "Chờ lãnh đạo phê duyệt",
        lambda user, qs: qs.filter(status=Status.AWAITING_APPROVAL),
    ),
    "tat-ca": ("Tất cả hồ sơ đang giải quyết", lambda user, qs: qs),
}


@staff_required(*OFFICIALS)
def inbox(request: HttpRequest, box: str = "") -> HttpResponse:
    box = box or ("cho-duyet" if request.user.has_role(Role.LEADER) else "cua-toi")
    if box not in INBOXES:
        raise Http404
    title, narrow = INBOXES[box]
    dossiers = narrow(request.user, visible_dossiers(request.user).filter(status__in=OPEN))
    dossiers = most_urgent_first(
        dossiers.select_related("procedure", "current_unit", "assignee").only(*INBOX_FIELDS)
    )
    page = counted_page(dossiers, request.GET.get("trang"), INBOX_PAGE_SIZE)
    decorate(page.object_list)
    return render(
        request,
        "dossiers/inbox.html",
        {"page": page, "box": box, "title": title, "boxes": INBOXES},
    )


@staff_required(*OFFICIALS)
def desk_dossier(
    request: HttpRequest, pk: int, retry: tuple[str, dict] | None = None
) -> HttpResponse:
    """The dossier with the actions the official's roles allow; after a failed action, that
    action's form comes back with what was typed (and the current version)."""
    dossier = get_dossier_for_user(request.user, pk)
    roles = services.roles_on(dossier, request.user)
    forms = []
    for rule in allowed_actions(dossier.status, roles):
        if rule.action not in STEPS or not services.step_applies(dossier, rule.action):
            continue  # the applicant's own steps (an official may be one) are on the portal;
            # fee steps that do not apply to this dossier's fee are not offered
        if retry and retry[0] == rule.action:
            data = {**retry[1], f"{rule.action}-version": dossier.version}
            form = ActionForm(data, action=rule.action, dossier=dossier, prefix=rule.action)
            form.is_valid()
        else:
            form = ActionForm(
                action=rule.action,
                dossier=dossier,
                initial={"version": dossier.version},
                prefix=rule.action,
            )
        forms.append((rule, form))
    decorate([dossier])
    return render(
        request,
        "dossiers/desk_dossier.html",
        {
            "dossier": dossier,
            "forms": forms,
            "events": timeline(dossier, show_names=True),
            "documents": dossier.documents.all(),
            "cycles": dossier.supplement_cycles.all(),
            "verdict": deadlines.verdict(dossier),
            "rating": getattr(dossier, "rating", None),
            "forms_available": forms_available(dossier),
            # Money the gateway took that no longer settled the fee: the counter pays it back.
            "refunds": dossier.payments.filter(
                status__in=[PaymentStatus.REFUND_DUE, PaymentStatus.REFUNDED]
            ).select_related("refunded_by"),
            "can_record_refund": may_record_refund(request.user, dossier),
        },
    )


@staff_required(*WORKERS)
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Carry out one workflow action from the dossier page; a stale page loses cleanly."""
    dossier = get_dossier_for_user(request.user, pk)
    if request.method != "POST" or action not in STEPS:
        raise Http404
    form = ActionForm(request.POST, request.FILES, action=action, dossier=dossier, prefix=action)
    if form.is_valid():
        dossier.version = form.cleaned_data["version"]
        try:
            STEPS[action](dossier, request.user, form)
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã thực hiện: {Action(action).label}.")
            return redirect("dossiers:desk_dossier", pk=pk)
    else:
        show_form_errors(request, form)
    return desk_dossier(request, pk, retry=(action, request.POST.dict()))


def _note(form: ActionForm) -> str:
    return form.cleaned_data.get("note", "")


def _supplement_papers(form: ActionForm) -> list[Paper]:
    return Paper.supplements(form.cleaned_data.get("supplement_file"))


Step = Callable[[Dossier, object, ActionForm], Dossier]
STEPS: dict[str, Step] = {
    Action.RECEIVE: lambda d, u, f: services.receive(d, actor=u),
    Action.REQUEST_INTAKE_SUPPLEMENT: lambda d, u, f: services.request_intake_supplement(
        d, actor=u, items=_note(f)
    ),
    Action.INTAKE_SUPPLEMENTED: lambda d, u, f: services.intake_supplemented(
        d, actor=u, papers=_supplement_papers(f)
    ),
    Action.REFUSE: lambda d, u, f: services.refuse(d, actor=u, reason=_note(f)),
    Action.ASSIGN: lambda d, u, f: services.assign(d, actor=u, assignee=f.cleaned_data["assignee"]),
    Action.TRANSFER: lambda d, u, f: services.transfer(
        d,
        actor=u,
        unit=f.cleaned_data["unit"],
        assignee=f.cleaned_data.get("assignee"),
        reason=_note(f),
    ),
    Action.REQUEST_SUPPLEMENT: lambda d, u, f: services.request_supplement(
        d, actor=u, items=_note(f), second_request_reason=f.cleaned_data.get("second_reason", "")
    ),
    Action.SUPPLEMENT_RECEIVED: lambda d, u, f: services.supplement_received(
        d, actor=u, papers=_supplement_papers(f)
    ),
    Action.PROPOSE_RESULT: lambda d, u, f: services.propose_result(
        d,
        actor=u,
        result_code=f.cleaned_data.get("result_code", ""),
        result_file=f.cleaned_data.get("result_file"),
        note=_note(f),
    ),
    Action.RETURN_FOR_REWORK: lambda d, u, f: services.return_for_rework(
        d, actor=u, reason=_note(f)
    ),
    Action.APPROVE: lambda d, u, f: services.approve(d, actor=u),
    Action.REQUEST_FEES: lambda d, u, f: services.request_fees(
        d, actor=u, amount=f.cleaned_data["amount"]
    ),
    Action.RECORD_PAYMENT: lambda d, u, f: services.record_payment(d, actor=u, online=False),
    Action.FEES_PAID_EARLY: lambda d, u, f: services.record_payment(d, actor=u, online=False),
    Action.APOLOGISE: lambda d, u, f: services.apologise(
        d, actor=u, reason=_note(f), new_appointment_at=f.new_appointment_at()
    ),
    Action.STOP: lambda d, u, f: services.stop(d, actor=u, reason=_note(f)),
    Action.WITHDRAW: lambda d, u, f: services.withdraw(d, actor=u, reason=_note(f)),
    Action.RETURN_RESULT: lambda d, u, f: services.return_result(
        d,
        actor=u,
        electronic=f.cleaned_data.get("electronic", False),
        fee_collected_now=f.cleaned_data.get("fee_collected_now", False),
    ),
}
