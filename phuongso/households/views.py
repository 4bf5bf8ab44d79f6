"""Pages of the household registry: search, a household's record, its changes, its survey.

Every read of a household's record is logged (who, when, which, why). Reads go through
access.get_household_for_user (404 outside the user's reach); writes through services.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from phuongso.accounts.models import Role
from phuongso.core.access import signed_in, staff_required
from phuongso.core.text import parse_id
from phuongso.households import access, answer_services, queries, review_services, services
from phuongso.households.forms import (
    ChangeForm,
    HouseholdForm,
    LeaveForm,
    MemberForm,
    MoveForm,
    PersonExportForm,
    SplitForm,
    SurveyForm,
)
from phuongso.households.models import (
    APPROVED_STATUSES,
    OPEN_STATUSES,
    AccessAction,
    Household,
    Member,
    Relation,
    ReviewYear,
)
from phuongso.households.privacy import person_data
from phuongso.households.standard import StandardError, classify, describe_line

SOCIAL = (Role.SPECIALIST, Role.LEADER)
PAGE_SIZE = 50


def _require_social(request: HttpRequest) -> int:
    commune_id = access.social_commune_id(request.user)
    if commune_id is None:
        raise PermissionDenied(access.NO_ACCESS)
    return commune_id


def _show_errors(request: HttpRequest, error: services.HouseholdError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- search and the record -------------------------------------------------------------------


@signed_in
def household_list(request: HttpRequest) -> HttpResponse:
    """Search by code, head, member, address or number; htmx asks for the results only."""
    access.require_household_access(request.user)
    query = request.GET.get("q", "").strip()[:100]
    group_id = request.GET.get("to", "")
    group_id = parse_id(group_id)
    found = queries.search_households(
        access.households_for(request.user), query=query, group_id=group_id
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("trang"))
    # A list of households is their data too, and a search by a number tells whose it is.
    services.log_access(
        user=request.user,
        action=AccessAction.SEARCH_HOUSEHOLDS,
        detail=f"tìm “{query}”, tổ {group_id or 'tất cả'}, trang {page.number}: "
        f"{page.paginator.count} hộ",
    )
    commune_id = access.social_commune_id(request.user)
    context = {
        "page": page,
        "query": query,
        "group_id": group_id,
        "groups": access.groups_for(request.user).select_related("former_unit"),
        "can_manage": commune_id is not None,
        "review_year": _review_for_surveyor(request),
    }
    template = "households/list.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context)


def _review_for_surveyor(request: HttpRequest) -> ReviewYear | None:
    commune_id = access.social_commune_id(request.user)
    if commune_id is not None:
        return queries.open_review_year(commune_id)
    return (
        access.review_years_for(request.user)
        .filter(status__in=OPEN_STATUSES, assignments__surveyor=request.user)
        .first()
    )


@signed_in
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_household_access(request.user)
    household = access.get_household_for_user(request.user, pk)
    services.log_access(user=request.user, action=AccessAction.VIEW_HOUSEHOLD, household=household)
    context = queries.household_record(household, request.user)
    review_year = context["review_year"]
    context["can_survey"] = bool(
        review_year and access.can_survey(request.user, review_year, household.residential_group_id)
    )
    context["change_form"] = ChangeForm() if context["can_manage"] else None
    context["approved_year"] = household.commune.review_years.filter(
        status__in=APPROVED_STATUSES
    ).first()
    return render(request, "households/detail.html", context)


# --- registry changes (social-affairs officials) ---------------------------------------------


@staff_required(*SOCIAL)
def household_create(request: HttpRequest) -> HttpResponse:
    commune_id = _require_social(request)
    groups = access.groups_for(request.user)
    form = HouseholdForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household = services.create_household(
                commune=request.user.commune,
                code=data["code"],
                residential_group=data["residential_group"],
                address=data["address"],
                head=form.member_data(Relation.HEAD),
                actor=request.user,
            )
        except services.HouseholdError as error:
            _show_errors(request, error)
        else:
            messages.success(request, f"Đã lập hộ {household.code}.")
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/create.html", {"form": form, "commune_id": commune_id})


CHANGE_FORMS = ("member", "leave", "move", "split")


def _change_forms(household: Household, data: Any, chosen: str) -> dict[str, Any]:
    present = household.members.filter(died_on=None, left_on=None)
    groups = access.groups_for_commune(household.commune_id)

    def bound(name: str) -> Any:
        return data if name == chosen else None

    return {
        "member": MemberForm(bound("member"), prefix="member"),
        "leave": LeaveForm(bound("leave"), members=present, prefix="leave"),
        "move": MoveForm(bound("move"), groups=groups, prefix="move"),
        "split": SplitForm(bound("split"), members=present, groups=groups, prefix="split"),
    }


@staff_required(*SOCIAL)
def household_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Births, arrivals, deaths, departures, moves and splits, each with its history row."""
    _require_social(request)
    household = access.get_household_for_user(request.user, pk)
    chosen = request.POST.get("bien_dong", "") if request.method == "POST" else ""
    forms = _change_forms(household, request.POST, chosen)
    if chosen in CHANGE_FORMS and forms[chosen].is_valid():
        try:
            result = _apply_change(request, household, chosen, forms[chosen])
        except services.HouseholdError as error:
            _show_errors(request, error)
        else:
            messages.success(request, "Đã ghi biến động.")
            return redirect("households:detail", pk=result.pk)
    return render(
        request,
        "households/change.html",
        {"household": household, "forms": forms, "chosen": chosen or "member"},
    )


def _apply_change(request: HttpRequest, household: Household, chosen: str, form: Any) -> Household:
    data, actor = form.cleaned_data, request.user
    if chosen == "member":
        services.add_member(
            household=household,
            member=form.member_data(data["relation"]),
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            actor=actor,
            note=data["note"],
        )
    elif chosen == "leave":
        record = services.record_death if data["kind"] == "death" else services.record_departure
        date_name = "died_on" if data["kind"] == "death" else "left_on"
        record(
            member=data["member"],
            actor=actor,
            note=data["note"],
            new_head=data["new_head"],
            **{date_name: data["occurred_on"]},
        )
    elif chosen == "move":
        services.move_household(
            household=household,
            residential_group=data["residential_group"],
            address=data["address"],
            occurred_on=data["occurred_on"],
            actor=actor,
            note=data["note"],
        )
    else:
        return services.split_household(
            household=household,
            relations=form.relations(),
            new_code=data["new_code"],
            residential_group=data["residential_group"],
            address=data["address"],
            occurred_on=data["occurred_on"],
            actor=actor,
            note=data["note"],
        )
    return household


@staff_required(*SOCIAL)
def record_change(request: HttpRequest, pk: int) -> HttpResponse:
    """A household recognised as entering or leaving poverty during the year."""
    _require_social(request)
    household = access.get_household_for_user(request.user, pk)
    if request.method != "POST":
        return redirect("households:detail", pk=household.pk)
    review_year = household.commune.review_years.filter(status__in=APPROVED_STATUSES).first()
    form = ChangeForm(request.POST)
    if review_year is None or not form.is_valid():
        messages.error(request, "Chưa ghi được: hãy điền đủ phân loại mới, ngày và lý do.")
        return redirect("households:detail", pk=household.pk)
    try:
        review_services.record_change_during_year(
            review_year=review_year,
            household=household,
            actor=request.user,
            **form.cleaned_data,
        )
    except services.HouseholdError as error:
        _show_errors(request, error)
    else:
        messages.success(request, "Đã ghi biến động hộ nghèo, cận nghèo trong năm.")
    return redirect("households:detail", pk=household.pk)


# --- the survey form -------------------------------------------------------------------------


def _survey_review(request: HttpRequest, household: Household) -> ReviewYear:
    review_year = queries.open_review_year(household.commune_id)
    if review_year is None:
        raise Http404("Hiện không có đợt rà soát nào đang mở.")
    if not access.can_survey(request.user, review_year, household.residential_group_id):
        raise PermissionDenied("Bạn không được phân công rà soát tổ dân phố của hộ này.")
    return review_year


def _preview(review_year: ReviewYear, household: Household, form: SurveyForm) -> dict[str, Any]:
    """The instant classification shown while the form is filled in (nothing is saved)."""
    income = form.cleaned_data.get("monthly_income_per_person") if form.is_valid() else None
    if income is None:
        return {"error": _first_error(form) or "Nhập thu nhập để xem kết quả phân loại."}
    try:
        result = classify(
            year=review_year.list_year,
            area=household.area,
            monthly_income_per_person=income,
            deprivations=form.cleaned_data["deprivations"],
        )
    except StandardError as error:
        return {"error": error.message}
    return {"result": result, "line": describe_line(result.standard, household.area)}


def _first_error(form: SurveyForm) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return ""


@signed_in
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_household_access(request.user)
    household = access.get_household_for_user(request.user, pk)
    review_year = _survey_review(request, household)
    entry = review_year.entries.filter(household=household).first()
    initial = _initial_answers(entry)
    form = SurveyForm(request.POST or None, standard=review_year.standard, initial=initial)
    if request.method == "POST" and request.POST.get("xem_truoc"):
        preview = _preview(review_year, household, form)
        return render(request, "households/survey.html#preview", {"preview": preview})
    if request.method == "POST" and form.is_valid():
        try:
            answer_services.record_answers(
                review_year=review_year,
                household=household,
                actor=request.user,
                monthly_income_per_person=form.cleaned_data["monthly_income_per_person"],
                deprivations=form.cleaned_data["deprivations"],
            )
        except services.HouseholdError as error:
            _show_errors(request, error)
        else:
            messages.success(request, f"Đã lưu phiếu rà soát của hộ {household.code}.")
            return redirect("households:detail", pk=household.pk)
    if request.method == "GET":
        services.log_access(
            user=request.user,
            action=AccessAction.VIEW_SURVEY,
            household=household,
            review_year=review_year,
        )
    rows = queries.member_rows(household)
    context = {
        "household": household,
        "review_year": review_year,
        "form": form,
        "entry": entry,
        "standard": review_year.standard,
        "members": rows,
        "dependant_hint": queries.dependant_hint(rows),
        "line": describe_line(review_year.standard, household.area),
        "preview": _preview(review_year, household, form) if entry or form.is_bound else None,
    }
    return render(request, "households/survey.html", context)


def _initial_answers(entry: Any) -> dict[str, Any]:
    if entry is None or not entry.is_surveyed:
        return {}
    return {
        "monthly_income_per_person": entry.monthly_income_per_person,
        "deprivations": list(entry.deprivations),
    }


# --- a person's data on request ---------------------------------------------------------------


def _find_member(request: HttpRequest, identifier: str) -> Member | None:
    identifier = "".join(identifier.split())
    members = Member.objects.filter(household__in=access.households_for(request.user))
    if len(identifier) == 12 and identifier.isdecimal():
        return members.filter(personal_id=identifier).first()
    if parse_id(identifier) is not None:
        return members.filter(pk=int(identifier)).first()
    return None


@staff_required(*SOCIAL)
def person_export(request: HttpRequest) -> HttpResponse:
    """Everything held about one person, as a JSON file, for a data subject's request."""
    _require_social(request)
    form = PersonExportForm(request.POST or None, initial={"identifier": request.GET.get("ma")})
    if request.method == "POST" and form.is_valid():
        member = _find_member(request, form.cleaned_data["identifier"])
        if member is None:
            form.add_error("identifier", "Không tìm thấy người có số định danh hoặc mã này.")
        else:
            return _person_file(request, member, form.cleaned_data["request_reference"])
    return render(request, "households/person_export.html", {"form": form})


def _person_file(request: HttpRequest, member: Member, reference: str) -> HttpResponse:
    services.log_access(
        user=request.user,
        action=AccessAction.EXPORT_PERSON,
        household=member.household,
        member=member,
        detail=f"Theo yêu cầu: {reference}",
    )
    body = json.dumps(person_data(member), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"du-lieu-ca-nhan-{member.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
