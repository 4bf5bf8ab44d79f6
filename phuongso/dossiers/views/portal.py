"""The citizen's side: submit online (with drafts), follow, supplement, withdraw, pay, rate."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from phuongso.core.access import signed_in
from phuongso.core.uploads import stored_bytes
from phuongso.dossiers import deadlines, drafts, services
from phuongso.dossiers.access import get_dossier_for_user, hidden_until_proven, own_dossiers
from phuongso.dossiers.forms import CitizenActionForm, RatingForm, SubmissionForm
from phuongso.dossiers.models import Dossier, Draft
from phuongso.dossiers.services import DossierError, Paper
from phuongso.dossiers.timeline import timeline
from phuongso.dossiers.workflow import CITIZEN, Action, Status, allowed_actions
from phuongso.payments.services import online_payment_available
from phuongso.procedures.models import Channel, Procedure
from phuongso.procedures.queries import (
    active_procedure,
    takes_online_submissions,
)

# Only while the dossier waits for the citizen's papers is a supplement cycle open.
WAITING_FOR_CITIZEN = frozenset({Status.INTAKE_SUPPLEMENT, Status.SUPPLEMENT_REQUESTED})
# What the citizen's dossier page shows and decides with (the most visited page of the portal:
# the rest of the row is not read). A field missing here costs one query more, which
# test_the_dossier_page_reads_a_fixed_number_of_rows catches.
CITIZEN_PAGE_FIELDS = (
    "code",
    "status",
    "version",
    "applicant_id",
    "appointment_at",
    "new_appointment_at",
    "fee_amount",
    "fee_paid",
    "paid_online",
    "result_file",
    "procedure__name",
    "commune__name",
    "rating__satisfied",
)


def _online_procedure(request: HttpRequest, national_code: str) -> Procedure:
    procedure = active_procedure(commune=request.commune, national_code=national_code)
    if procedure is None or not takes_online_submissions(procedure):
        raise Http404("Thủ tục này chưa nhận hồ sơ trực tuyến tại đây.")
    return procedure


@signed_in
@never_cache  # the Back button must not bring the form back with its spent one-time key
def submit(request: HttpRequest, national_code: str) -> HttpResponse:
    """Fill the form, upload the papers, save a draft or submit."""
    procedure = _online_procedure(request, national_code)
    draft = Draft.objects.filter(applicant=request.user, procedure=procedure).first()
    kept_bytes = (
        {paper.required_document_id: stored_bytes([paper.file]) for paper in draft.documents.all()}
        if draft
        else {}
    )
    initial = {
        "address": draft.address if draft else request.user.address,
        "request_text": draft.request_text if draft else "",
        "key": drafts.new_submission_key(),  # a form sent again carries the key it was sent with
    }
    form = SubmissionForm(
        request.POST or None,
        request.FILES or None,
        procedure=procedure,
        kept_bytes=kept_bytes,
        initial=initial,
    )
    uploaded = form.uploaded
    if request.method == "POST" and form.is_valid():
        sent = _sent(request, procedure, form, initial, form.cleaned_data["papers"])
        missing = form.missing_mandatory()
        if missing and (done := drafts.submitted_with(sent)):
            # Sent again after it went through: its draft's papers are in the dossier now.
            return redirect("dossiers:submitted", pk=done.pk)
        if "luu_nhap" not in request.POST and not missing:
            try:
                dossier = drafts.submit(sent, draft=draft)
            except DossierError as exc:
                if done := drafts.submitted_with(sent):  # the same form won just before
                    return redirect("dossiers:submitted", pk=done.pk)
                form.add_error(None, exc.message)
            else:
                return redirect("dossiers:submitted", pk=dossier.pk)
        # Saved, not submitted (asked for, papers missing or refused): nothing sent is lost.
        draft = drafts.save_draft(sent, draft=draft)
        uploaded = uploaded | set(sent.files)
        if "luu_nhap" in request.POST:
            messages.success(request, "Đã lưu nháp. Bạn có thể quay lại hoàn thành sau.")
            return redirect(_submit_url(procedure))
        if missing:
            form.add_error(None, "Hồ sơ còn thiếu giấy tờ bắt buộc: " + "; ".join(missing) + ".")
    elif request.method == "POST" and (kept := form.papers_kept_on_error()):
        # Another field is wrong: keep the papers that passed, so none has to be sent again.
        draft = drafts.save_draft(_sent(request, procedure, form, initial, kept), draft=draft)
        uploaded = uploaded | set(kept)
    return render(
        request,
        "dossiers/submit.html",
        {
            "procedure": procedure,
            "form": form,
            "draft": draft,
            "uploaded": uploaded,
            "rule": deadlines.rule_for(procedure, Channel.ONLINE),
        },
    )


def _submit_url(procedure: Procedure) -> str:
    """The form again, for the procedure's own commune (a citizen may apply to another's)."""
    url = reverse("dossiers:submit", kwargs={"national_code": procedure.national_code})
    return f"{url}?xa={procedure.commune.code}"


def _sent(
    request: HttpRequest,
    procedure: Procedure,
    form: SubmissionForm,
    initial: dict[str, str],
    files: dict[int, UploadedFile],
) -> drafts.Sent:
    """The form's fields as sent (what was there before for a field refused) and `files`."""
    return drafts.Sent(
        applicant=request.user,
        procedure=procedure,
        address=form.cleaned_data.get("address", initial["address"]),
        request_text=form.cleaned_data.get("request_text", initial["request_text"]),
        files=files,
        key=form.cleaned_data.get("key") or "",
    )


@signed_in
def submitted(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk)
    return render(
        request,
        "dossiers/submitted.html",
        {
            "dossier": dossier,
            "preview": deadlines.expected_appointment(dossier),
        },
    )


@signed_in
def my_dossiers(request: HttpRequest) -> HttpResponse:
    user = request.user
    dossiers = own_dossiers(user).select_related("procedure", "commune").order_by("-created_at")
    my_drafts = Draft.objects.filter(applicant=user).select_related("procedure__commune")
    return render(
        request,
        "dossiers/my_dossiers.html",
        {"dossiers": dossiers, "drafts": my_drafts, "hidden": hidden_until_proven(user)},
    )


@signed_in
def my_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_object_or_404(
        own_dossiers(request.user)
        .select_related("procedure", "commune", "rating")
        .only(*CITIZEN_PAGE_FIELDS),
        pk=pk,
    )
    return render(request, "dossiers/my_dossier.html", _my_dossier_context(dossier))


def _my_dossier_context(dossier: Dossier) -> dict[str, object]:
    actions = {rule.action for rule in allowed_actions(dossier.status, {CITIZEN})}
    return {
        "dossier": dossier,
        "events": timeline(dossier),
        "actions": actions,
        "open_cycle": (
            dossier.supplement_cycles.filter(completed_at__isnull=True).last()
            if dossier.status in WAITING_FOR_CITIZEN
            else None
        ),
        "action_form": CitizenActionForm(initial={"version": dossier.version}),
        "rating_form": RatingForm(),
        "can_rate": Action.RATE in actions and not hasattr(dossier, "rating"),
        "can_pay": services.payment_step(dossier) is not None and online_payment_available(),
        "overdue": deadlines.is_overdue(dossier),
    }


@signed_in
def citizen_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Withdraw, or answer a supplement request, from the citizen's own dossier page."""
    dossier = get_object_or_404(own_dossiers(request.user), pk=pk)
    if request.method != "POST" or action not in {
        Action.WITHDRAW,
        Action.SUPPLEMENT_RECEIVED,
        Action.INTAKE_SUPPLEMENTED,
    }:
        raise Http404
    stored = stored_bytes(p.file for p in dossier.documents.all()) if request.FILES else 0
    form = CitizenActionForm(request.POST, request.FILES, stored_bytes=stored)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("dossiers:my_dossier", pk=pk)
    dossier.version = form.cleaned_data["version"]  # a stale page loses with a clear message
    upload = form.cleaned_data.get("files")
    papers = Paper.supplements(upload)
    try:
        if action == Action.WITHDRAW:
            services.withdraw(dossier, actor=request.user, reason=form.cleaned_data["note"])
            messages.success(request, "Đã rút hồ sơ.")
        else:
            if not papers:
                raise DossierError("Vui lòng tải lên giấy tờ bổ sung.")
            step = (
                services.supplement_received
                if action == Action.SUPPLEMENT_RECEIVED
                else services.intake_supplemented
            )
            step(dossier, actor=request.user, papers=papers)
            messages.success(request, "Đã gửi giấy tờ bổ sung. Thời hạn giải quyết được tính tiếp.")
    except DossierError as exc:
        messages.error(request, exc.message)
    return redirect("dossiers:my_dossier", pk=pk)


@signed_in
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_object_or_404(own_dossiers(request.user), pk=pk)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate(
                dossier,
                citizen=request.user,
                satisfied=form.cleaned_data["satisfied"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, "Cảm ơn bạn đã đánh giá.")
        except DossierError as exc:
            messages.error(request, exc.message)
    elif request.method == "POST":
        # Nothing chosen: the page again, with what they wrote and the error by the choice.
        context = _my_dossier_context(dossier)
        return render(
            request, "dossiers/my_dossier.html", {**context, "rating_form": form}, status=400
        )
    return redirect(reverse("dossiers:my_dossier", kwargs={"pk": pk}) + "#danh-gia")
