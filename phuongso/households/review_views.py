"""Pages of the annual review: its steps, surveyors, Excel import and export, the figures,
and the public list.

Open → survey → group meetings → ward approval → published. Each step is a service call;
this module only reads input, checks who may act, and shows the result.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from phuongso.accounts.models import Role, User
from phuongso.core.access import commune_in_reach, public, signed_in, staff_required
from phuongso.core.text import format_number, parse_id
from phuongso.households import access, figures, review_services, services, workbook
from phuongso.households.forms import (
    ApprovalForm,
    AssignmentForm,
    MeetingForm,
    OpenReviewForm,
    PublishForm,
    WorkbookForm,
)
from phuongso.households.models import (
    APPROVED_STATUSES,
    AccessAction,
    Household,
    ReviewStatus,
    ReviewStep,
    ReviewYear,
)
from phuongso.households.standard import POVERTY_CATEGORIES, Category

SOCIAL = (Role.SPECIALIST, Role.LEADER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _errors(request: HttpRequest, error: services.HouseholdError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- review years ----------------------------------------------------------------------------


@staff_required()
def review_list(request: HttpRequest) -> HttpResponse:
    commune = commune_in_reach(request)
    can_open = access.is_social_official(request.user, commune.pk)
    form = OpenReviewForm(request.POST or None)
    if request.method == "POST":
        if not can_open:
            raise PermissionDenied(review_services.RUN_ONLY)
        if form.is_valid():
            try:
                review_year = review_services.open_review_year(
                    commune=commune, year=form.cleaned_data["year"], actor=request.user
                )
            except services.HouseholdError as error:
                _errors(request, error)
            else:
                messages.success(request, f"Đã mở đợt rà soát năm {review_year.year}.")
                return redirect("households:review", pk=review_year.pk)
    context = {
        "commune": commune,
        "years": figures.yearly(commune),
        "form": form if can_open else None,
    }
    return render(request, "households/review_list.html", context)


def _steps(review_year: ReviewYear, tally: figures.Tally, met: int, groups: int) -> list[dict]:
    order = list(ReviewStatus.values)
    reached = order.index(review_year.status)
    return [
        {
            "label": "Mở đợt rà soát",
            "done": True,
            "at": review_year.opened_at,
            "who": review_year.opened_by,
            "detail": review_year.standard.name,
        },
        {
            "label": "Khảo sát hộ gia đình",
            "done": reached >= 1,
            "at": review_year.survey_closed_at,
            "who": review_year.survey_closed_by,
            "detail": f"{format_number(tally.surveyed)} / {format_number(tally.total)} hộ đã có phiếu",
        },
        {
            "label": "Họp tổ dân phố",
            "done": reached >= 2,
            "at": None,
            "who": None,
            "detail": f"{met} / {groups} tổ dân phố đã họp",
        },
        {
            "label": "UBND phường phê duyệt",
            "done": reached >= 2,
            "at": review_year.approved_at,
            "who": review_year.approved_by,
            "detail": _decision(review_year),
        },
        {
            "label": "Công bố danh sách",
            "done": reached >= 3,
            "at": review_year.published_at,
            "who": review_year.published_by,
            "detail": _publication(review_year) if reached >= 3 else "",
        },
    ]


def _publication(review_year: ReviewYear) -> str:
    return "Công bố cả tên chủ hộ" if review_year.publish_names else "Chỉ công bố số lượng"


def _decision(review_year: ReviewYear) -> str:
    if not review_year.decision_number:
        return ""
    return f"Quyết định số {review_year.decision_number} ngày {review_year.decision_date:%d/%m/%Y}"


def _step_forms(request: HttpRequest, review_year: ReviewYear) -> dict[str, Any]:
    can_run = access.can_run_review(request.user, review_year)
    status = review_year.status
    groups = access.groups_for_commune(review_year.commune_id)
    return {
        "close": can_run and status == ReviewStatus.SURVEYING,
        "meeting": MeetingForm(groups=groups, prefix="meeting")
        if can_run and status == ReviewStatus.MEETINGS
        else None,
        "approve": ApprovalForm(prefix="approve")
        if access.can_approve(request.user, review_year) and status == ReviewStatus.MEETINGS
        else None,
        "publish": PublishForm(prefix="publish")
        if can_run and status == ReviewStatus.APPROVED
        else None,
        "names": PublishForm(prefix="names", initial={"publish_names": review_year.publish_names})
        if can_run and status == ReviewStatus.PUBLISHED
        else None,
    }


@staff_required()
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review_year = access.get_review_year_for_user(request.user, pk)
    result = figures.breakdown(review_year)
    meetings = {m.residential_group_id: m for m in review_year.meetings.all()}
    rows = [(tally, meetings.get(tally.group_id)) for tally in result.groups]
    context = {
        "review_year": review_year,
        "standard": review_year.standard,
        "breakdown": result,
        "rows": rows,
        "steps": _steps(review_year, result.ward, len(meetings), len(result.groups)),
        "forms": _step_forms(request, review_year),
        "can_run": access.can_run_review(request.user, review_year),
        "movements": figures.movements(review_year) if review_year.is_approved else None,
        "events": review_year.events.exclude(step=ReviewStep.ANSWERS_ENTERED)
        .select_related("actor", "residential_group")
        .order_by("-at", "-pk")[:15],
        "assignment_count": review_year.assignments.count(),
    }
    return render(request, "households/review.html", context)


@staff_required()
def review_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply one step of the review (POST); the service decides whether it is allowed."""
    review_year = access.get_review_year_for_user(request.user, pk)
    if request.method == "POST":
        try:
            _apply_step(request, review_year, request.POST.get("buoc", ""))
        except services.HouseholdError as error:
            _errors(request, error)
    return redirect("households:review", pk=review_year.pk)


def _apply_step(request: HttpRequest, review_year: ReviewYear, step: str) -> None:
    actor = request.user
    if step == "close":
        review_services.close_survey(review_year=review_year, actor=actor)
        messages.success(request, "Đã kết thúc khảo sát; chuyển sang họp tổ dân phố.")
        return
    groups = access.groups_for_commune(review_year.commune_id)
    forms = {
        "meeting": MeetingForm(request.POST, groups=groups, prefix="meeting"),
        "approve": ApprovalForm(request.POST, prefix="approve"),
        "publish": PublishForm(request.POST, prefix="publish"),
        "names": PublishForm(request.POST, prefix="names"),
    }
    form = forms.get(step)
    if form is None or not form.is_valid():
        raise services.ReviewError("Thông tin chưa đủ hoặc chưa đúng; vui lòng kiểm tra lại.")
    _STEPS[step](review_year, actor, form.cleaned_data)
    messages.success(request, "Đã ghi bước rà soát.")


_STEPS = {
    "meeting": lambda review_year, actor, data: review_services.record_group_meeting(
        review_year=review_year, actor=actor, **data
    ),
    "approve": lambda review_year, actor, data: review_services.approve_review(
        review_year=review_year, actor=actor, **data
    ),
    "publish": lambda review_year, actor, data: review_services.publish_review(
        review_year=review_year, actor=actor, **data
    ),
    "names": lambda review_year, actor, data: review_services.set_name_publication(
        review_year=review_year, actor=actor, **data
    ),
}


@staff_required(*SOCIAL)
def review_households(request: HttpRequest, pk: int) -> HttpResponse:
    """The poor and near-poor households of the review, by group, for the officials."""
    review_year = access.get_review_year_for_user(request.user, pk)
    if not access.can_approve(request.user, review_year):
        raise PermissionDenied(access.NO_ACCESS)
    entries = sorted(
        review_year.entries.filter(category__in=POVERTY_CATEGORIES).select_related(
            "household", "residential_group__former_unit"
        ),
        key=lambda entry: (
            entry.residential_group.former_unit.code,
            figures.natural_key(entry.residential_group.name),
            entry.category,
            entry.household.code,
        ),
    )
    # Incomes are for those who run the review; a leader approving it sees the classification.
    show_incomes = access.can_see_incomes(request.user, review_year)
    services.log_access(
        user=request.user,
        action=AccessAction.VIEW_REVIEW_LIST,
        review_year=review_year,
        detail=f"{len(entries)} hộ, {'có' if show_incomes else 'không có'} thu nhập",
    )
    return render(
        request,
        "households/review_households.html",
        {
            "review_year": review_year,
            "entries": entries,
            "standard": review_year.standard,
            "show_incomes": show_incomes,
        },
    )


# --- surveyors --------------------------------------------------------------------------------


@staff_required(*SOCIAL)
def review_assignments(request: HttpRequest, pk: int) -> HttpResponse:
    review_year = access.get_review_year_for_user(request.user, pk)
    if not access.can_run_review(request.user, review_year):
        raise PermissionDenied(review_services.RUN_ONLY)
    groups = access.groups_for_commune(review_year.commune_id)
    form = AssignmentForm(request.POST or None, groups=groups)
    if request.method == "POST":
        _change_assignment(request, review_year, form)
        return redirect("households:assignments", pk=review_year.pk)
    assignments = review_year.assignments.select_related("surveyor", "residential_group")
    return render(
        request,
        "households/assignments.html",
        {"review_year": review_year, "form": form, "assignments": assignments},
    )


def _change_assignment(request: HttpRequest, review_year: ReviewYear, form: AssignmentForm) -> None:
    try:
        removed = request.POST.get("thoi_phan_cong", "")
        if parse_id(removed) is not None:
            assignment = review_year.assignments.filter(pk=int(removed)).first()
            if assignment is not None:
                review_services.remove_assignment(assignment=assignment, actor=request.user)
                messages.success(request, "Đã thôi phân công.")
            return
        if not form.is_valid():
            raise services.ReviewError("Chọn tổ dân phố và ghi tên đăng nhập.")
        surveyor = _find_user(form.cleaned_data["username"])
        review_services.assign_surveyor(
            review_year=review_year,
            actor=request.user,
            surveyor=surveyor,
            residential_group=form.cleaned_data["residential_group"],
        )
        messages.success(request, f"Đã phân công {surveyor}.")
    except services.HouseholdError as error:
        _errors(request, error)


def _find_user(identifier: str) -> User:
    identifier = identifier.strip()
    user = User.objects.filter(
        Q(username=identifier) | Q(phone=identifier) | Q(email=identifier)
    ).first()
    if user is None:
        raise services.ReviewError(f"Không có tài khoản '{identifier}'.")
    return user


# --- Excel: the survey sheet, its import, the list export ------------------------------------


def _importable_review(request: HttpRequest, pk: int) -> ReviewYear:
    access.require_household_access(request.user)
    review_year = access.get_review_year_for_user(request.user, pk)
    if not access.survey_groups(request.user, review_year).exists():
        raise PermissionDenied("Bạn không được phân công rà soát trong đợt này.")
    return review_year


@signed_in
def review_import(request: HttpRequest, pk: int) -> HttpResponse:
    review_year = _importable_review(request, pk)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = workbook.import_survey_workbook(
            review_year=review_year, file=form.cleaned_data["workbook"], actor=request.user
        )
        if result.ok:
            messages.success(request, result.summary())
            return redirect("households:import", pk=review_year.pk)
    return render(
        request,
        "households/import.html",
        {
            "review_year": review_year,
            "form": form,
            "result": result,
            "standard": review_year.standard,
        },
    )


@signed_in
def survey_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The sheet to fill in, with the households of the groups the user surveys (logged)."""
    review_year = _importable_review(request, pk)
    groups = access.survey_groups(request.user, review_year)
    households = (
        Household.objects.filter(residential_group__in=groups, is_active=True)
        .select_related("residential_group")
        .order_by("residential_group__name", "code")
    )
    services.log_access(
        user=request.user,
        action=AccessAction.EXPORT_SURVEY_SHEET,
        review_year=review_year,
        detail=f"{households.count()} hộ",
    )
    content = workbook.survey_sheet(review_year, households)
    return _xlsx(content, f"phieu-ra-soat-{review_year.year}.xlsx")


@staff_required()
def review_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole review list as Excel: social-affairs officials only; every try is logged."""
    review_year = access.get_review_year_for_user(request.user, pk)
    if not access.can_run_review(request.user, review_year):
        services.log_access(
            user=request.user,
            action=AccessAction.EXPORT_REFUSED,
            review_year=review_year,
            detail="Xuất danh sách rà soát",
        )
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội được xuất danh sách rà soát.")
    services.log_access(
        user=request.user,
        action=AccessAction.EXPORT_REVIEW_LIST,
        review_year=review_year,
        detail=f"{review_year.entries.count()} hộ",
    )
    return _xlsx(workbook.review_list(review_year), f"danh-sach-ra-soat-{review_year.year}.xlsx")


# --- figures --------------------------------------------------------------------------------


@staff_required()
def figures_page(request: HttpRequest) -> HttpResponse:
    commune = commune_in_reach(request)
    years = ReviewYear.objects.filter(commune=commune).select_related("commune")
    chosen = request.GET.get("nam", "")
    review_year = years.filter(year=int(chosen)).first() if parse_id(chosen, high=9999) else None
    review_year = review_year or years.filter(status__in=APPROVED_STATUSES).first()
    review_year = review_year or years.first()
    context = {"commune": commune, "years": figures.yearly(commune), "review_year": review_year}
    if review_year is not None:
        context |= {
            "breakdown": figures.breakdown(review_year),
            "deprivations": figures.common_deprivations(review_year),
            "movements": figures.movements(review_year),
            "left_by_group": figures.left_poverty_by_group(review_year),
        }
    return render(request, "households/figures.html", context)


# --- the public list --------------------------------------------------------------------------


@public
def published_index(request: HttpRequest) -> HttpResponse:
    years = (
        ReviewYear.objects.filter(status=ReviewStatus.PUBLISHED)
        .select_related("commune")
        .order_by("commune__name", "-year")
    )
    return render(request, "households/published_index.html", {"years": years})


@public
def published_list(request: HttpRequest, code: int, year: int) -> HttpResponse:
    """Counts of poor and near-poor households by group; heads' names only when the ward
    decided to publish them. Nothing else about any household is shown."""
    review_year = (
        ReviewYear.objects.filter(commune__code=code, year=year, status=ReviewStatus.PUBLISHED)
        .select_related("commune")
        .first()
    )
    if review_year is None:
        raise Http404("Danh sách này chưa được công bố.")
    result = figures.breakdown(review_year)
    names = _published_names(review_year) if review_year.publish_names else {}
    groups = [
        (tally, names.get(tally.name, []))
        for tally in result.groups
        if tally.poor or tally.near_poor
    ]
    return render(
        request,
        "households/published.html",
        {"review_year": review_year, "breakdown": result, "groups": groups},
    )


def _published_names(review_year: ReviewYear) -> dict[str, list[tuple[str, str]]]:
    names: dict[str, list[tuple[str, str]]] = {}
    rows = (
        review_year.entries.filter(category__in=POVERTY_CATEGORIES)
        .order_by("category", "household__head_name")
        .values_list("residential_group__name", "household__head_name", "category")
    )
    for group, head, category in rows:
        names.setdefault(group, []).append((head, Category(category).label))
    return names
