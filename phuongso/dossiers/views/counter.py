"""Bộ phận Một cửa: walk-in dossiers, the queue of online submissions, returning results."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from phuongso.accounts.models import Role, User
from phuongso.core.access import staff_required
from phuongso.core.text import parse_id
from phuongso.dossiers import services
from phuongso.dossiers.access import visible_dossiers
from phuongso.dossiers.citizens import find_or_create_citizen
from phuongso.dossiers.forms import WalkInForm
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.services import Applicant, DossierError, Paper
from phuongso.dossiers.views.desk import counted_page
from phuongso.dossiers.workflow import Status
from phuongso.procedures.models import Procedure

COUNTER = (Role.COUNTER_OFFICER,)
COUNTER_LIST_SIZE = 100


@staff_required(*COUNTER)
def counter_home(request: HttpRequest) -> HttpResponse:
    dossiers = visible_dossiers(request.user).select_related("procedure", "commune")
    # The oldest first, a screenful each, with how many wait in all (one query per list).
    return render(
        request,
        "dossiers/counter_home.html",
        {
            "waiting": counted_page(
                dossiers.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk"),
                None,
                COUNTER_LIST_SIZE,
            ),
            "to_return": counted_page(
                dossiers.filter(status=Status.RESULT_READY).order_by("processing_ended_at", "pk"),
                None,
                COUNTER_LIST_SIZE,
            ),
            "supplements": counted_page(
                dossiers.filter(
                    status__in=[Status.INTAKE_SUPPLEMENT, Status.SUPPLEMENT_REQUESTED]
                ).order_by("updated_at", "pk"),
                None,
                COUNTER_LIST_SIZE,
            ),
        },
    )


def _counter_procedures(user) -> object:  # noqa: ANN001
    """The counter's own procedures, and those of the province's other communes that the
    province lists as received regardless of administrative boundaries (Decree 118/2025)."""
    return (
        Procedure.objects.filter(is_active=True, commune__province_code=user.commune.province_code)
        .filter(Q(commune=user.commune) | Q(commune__is_configured=True, boundary_free=True))
        .select_related("commune")
        # The counter's own commune first: most walk-ins are its own.
        .annotate(elsewhere=Case(When(commune=user.commune, then=Value(0)), default=Value(1)))
        .order_by("elsewhere", "commune__name", "name")
    )


@staff_required(*COUNTER)
def walk_in(request: HttpRequest) -> HttpResponse:
    procedures = _counter_procedures(request.user)
    if "chon_thu_tuc" in request.POST:  # choosing the procedure only redraws the form
        return redirect(
            f"{reverse('dossiers:walk_in')}?thu_tuc={request.POST.get('procedure', '')}"
        )
    # Its papers and channels are read by the form, the checks and the receipt: once here.
    chosen = (
        procedures.filter(pk=_int(request.POST.get("procedure") or request.GET.get("thu_tuc")))
        .prefetch_related("documents", "channels")
        .first()
    )
    decision = next((key for key in NOT_RECEIVED if key in request.POST), None)
    form = WalkInForm(
        request.POST or None,
        request.FILES or None,
        procedures=procedures,
        procedure=chosen,
        not_received=decision is not None,
        initial={"procedure": chosen},
    )
    if request.method == "POST" and chosen and form.is_valid():
        data = form.cleaned_data
        papers = _papers(chosen, data)
        try:
            if decision is None:
                dossier = _receive_walk_in(request.user, chosen, data, papers)
            else:
                dossier = _not_received(request.user, chosen, data, papers, decision)
        except DossierError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _done_message(dossier, decision))
            return redirect("dossiers:desk_dossier", pk=dossier.pk)
    return render(request, "dossiers/walk_in.html", {"form": form, "procedure": chosen})


# The buttons that end a walk-in's intake without receiving it: the service, and what to print.
NOT_RECEIVED = {
    "tu_choi": (services.refuse_at_counter, "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "huong_dan": (services.guide_at_counter, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
}


def _done_message(dossier: Dossier, decision: str | None) -> str:
    if decision is None:
        return f"Đã tiếp nhận hồ sơ {dossier.code}. In giấy tiếp nhận và hẹn trả kết quả."
    verb = "Đã từ chối tiếp nhận" if decision == "tu_choi" else "Đã hướng dẫn bổ sung"
    return f"{verb} hồ sơ của {dossier.applicant_name}. In {NOT_RECEIVED[decision][1].lower()} giao người nộp."


@transaction.atomic
def _not_received(
    officer: User, procedure: Procedure, data: dict[str, Any], papers: list[Paper], decision: str
) -> Dossier:
    """Refused (form 03) or guided once in writing (form 02) at intake. A refused person gets
    no account; a guided one is attached as a received one is, since they come back."""
    person = _applicant(data)
    service, _title = NOT_RECEIVED[decision]
    if decision == "huong_dan":
        person = _with_account(person, data, officer)
    note_key = "reason" if decision == "tu_choi" else "items"
    return service(
        procedure=procedure,
        actor=officer,
        applicant=person,
        papers=papers,
        channel=data["channel"],
        **{note_key: data["intake_note"]},
    )


def _applicant(data: dict[str, Any]) -> Applicant:
    return Applicant(
        name=data["full_name"],
        phone=data["phone"],
        email=data["email"],
        personal_id=data["personal_id"],
        address=data["address"],
    )


@transaction.atomic  # a refused receipt opens no account either
def _receive_walk_in(
    officer: User, procedure: Procedure, data: dict[str, Any], papers: list[Paper]
) -> Dossier:
    person = _applicant(data)
    return services.receive_at_counter(
        procedure=procedure,
        actor=officer,
        papers=papers,
        channel=data["channel"],
        fee_paid=data["fee_paid"],
        request_text=data["request_text"],
        applicant=_with_account(person, data, officer),
    )


def _with_account(person: Applicant, data: dict[str, Any], officer: User) -> Applicant:
    """The applicant with the account their dossier goes to (dossiers/citizens.py)."""
    account = find_or_create_citizen(person, card_checked=data["card_checked"], officer=officer)
    return replace(person, user=account)


def _int(value: str | None) -> int:
    return parse_id(value) or 0


def _papers(procedure: Procedure, data: dict) -> list[Paper]:
    """Every paper checked at the counter; those scanned are marked digitised."""
    scans = data.get("papers", {})
    return [
        Paper(
            name=document.name,
            file=scans.get(document.pk),
            required_document_id=document.pk,
            digitised=document.pk in scans,
        )
        for document in procedure.documents.all()
        if document.mandatory or document.pk in scans
    ]
