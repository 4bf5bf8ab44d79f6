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
    """Any procedure of a commune of the province: a counter receives for the whole province."""
    return (
        Procedure.objects.filter(is_active=True, commune__province_code=user.commune.province_code)
        .filter(Q(commune=user.commune) | Q(commune__is_configured=True))
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
    form = WalkInForm(
        request.POST or None,
        request.FILES or None,
        procedures=procedures,
        procedure=chosen,
        initial={"procedure": chosen},
    )
    if request.method == "POST" and chosen and form.is_valid():
        data = form.cleaned_data
        papers = _papers(chosen, data)
        try:
            dossier = _receive_walk_in(request.user, chosen, data, papers)
        except DossierError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"Đã tiếp nhận hồ sơ {dossier.code}. In giấy tiếp nhận và hẹn trả kết quả."
            )
            return redirect("dossiers:desk_dossier", pk=dossier.pk)
    return render(request, "dossiers/walk_in.html", {"form": form, "procedure": chosen})


@transaction.atomic  # a refused receipt opens no account either
def _receive_walk_in(
    officer: User, procedure: Procedure, data: dict[str, Any], papers: list[Paper]
) -> Dossier:
    person = Applicant(
        name=data["full_name"],
        phone=data["phone"],
        email=data["email"],
        personal_id=data["personal_id"],
        address=data["address"],
    )
    return services.receive_at_counter(
        procedure=procedure,
        actor=officer,
        papers=papers,
        fee_paid=data["fee_paid"],
        request_text=data["request_text"],
        applicant=replace(
            person,
            user=find_or_create_citizen(person, card_checked=data["card_checked"], officer=officer),
        ),
    )


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
