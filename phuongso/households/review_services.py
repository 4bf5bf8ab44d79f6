"""Every write of the annual review: its steps, its surveyors, changes during the year.

Open → survey → group meetings → ward approval → published. Each step is a compare-and-set
update of the review year's status and writes a ReviewEvent (who, when, from, to) in the same
transaction; a refused step raises ReviewError with a Vietnamese message and changes nothing.
`actor=None` is the system (demo data); otherwise the actor's right to act is checked here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from phuongso.accounts.models import User
from phuongso.core.models import Commune, ResidentialGroup
from phuongso.households import access
from phuongso.households.models import (
    APPROVED_STATUSES,
    OPEN_STATUSES,
    GroupMeeting,
    Household,
    PovertyTransition,
    ReviewEntry,
    ReviewEvent,
    ReviewStatus,
    ReviewStep,
    ReviewYear,
    SurveyorAssignment,
    TransitionSource,
)
from phuongso.households.services import (
    BATCH,
    ReviewError,
    local_today,
)
from phuongso.households.standard import (
    POVERTY_CATEGORIES,
    Category,
    StandardError,
    standard_for_review,
)

# --- the review: steps -----------------------------------------------------------------------


def review_event(
    review_year: ReviewYear,
    step: str,
    *,
    actor: User | None,
    at: dt.datetime | None = None,
    from_status: str = "",
    to_status: str = "",
    household: Household | None = None,
    group: ResidentialGroup | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ReviewEvent:
    return ReviewEvent.objects.create(
        review_year=review_year,
        step=step,
        actor=actor,
        at=at or timezone.now(),
        from_status=from_status,
        to_status=to_status,
        household=household,
        residential_group=group,
        note=note,
        data=data or {},
    )


def _advance(
    review_year: ReviewYear,
    step: str,
    *,
    source: str,
    target: str,
    actor: User | None,
    at: dt.datetime,
    fields: dict[str, Any],
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ReviewYear:
    """Compare-and-set the status and log the step; a lost race is a clear message."""
    if review_year.status != source:
        raise ReviewError(
            f"Không thể «{ReviewStep(step).label.lower()}» khi đợt rà soát đang ở bước "
            f"«{review_year.get_status_display()}»."
        )
    updated = ReviewYear.objects.filter(pk=review_year.pk, status=source).update(
        status=target, **fields
    )
    if updated != 1:
        raise ReviewError(
            "Đợt rà soát vừa được người khác cập nhật; vui lòng tải lại trang để xem bước mới nhất."
        )
    review_event(
        review_year,
        step,
        actor=actor,
        at=at,
        from_status=source,
        to_status=target,
        note=note,
        data=data,
    )
    review_year.refresh_from_db()
    return review_year


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise ReviewError(message)


RUN_ONLY = "Chỉ công chức Văn hóa – Xã hội của phường thực hiện được bước này."


def open_review_year(
    *,
    commune: Commune,
    year: int,
    actor: User | None,
    at: dt.datetime | None = None,
    is_demo: bool = False,
) -> ReviewYear:
    """Open a year's review: every active household of the commune goes on its roster."""
    if actor is not None:
        _require(access.is_social_official(actor, commune.pk), RUN_ONLY)
    try:
        standard = standard_for_review(year)
    except StandardError as error:
        raise ReviewError(error.message) from None
    if ReviewYear.objects.filter(commune=commune, year=year).exists():
        raise ReviewError(f"Đã có đợt rà soát năm {year}.")
    running = ReviewYear.objects.filter(commune=commune, status__in=OPEN_STATUSES).first()
    if running is not None:
        raise ReviewError(
            f"Đợt rà soát năm {running.year} chưa được phê duyệt; hãy hoàn tất trước."
        )
    at = at or timezone.now()
    with transaction.atomic():
        review_year = ReviewYear.objects.create(
            commune=commune,
            year=year,
            standard_code=standard.code,
            opened_at=at,
            opened_by=actor,
            is_demo=is_demo,
        )
        count = _fill_roster(review_year)
        review_event(
            review_year,
            ReviewStep.OPENED,
            actor=actor,
            at=at,
            to_status=ReviewStatus.SURVEYING,
            data={"households": count},
        )
    return review_year


def _fill_roster(review_year: ReviewYear) -> int:
    households = Household.objects.filter(commune=review_year.commune, is_active=True)
    rows = households.values_list("pk", "residential_group_id", "residential_group__area")
    entries = [
        ReviewEntry(review_year=review_year, household_id=pk, residential_group_id=group, area=area)
        for pk, group, area in rows.iterator(chunk_size=BATCH)
    ]
    ReviewEntry.objects.bulk_create(entries, batch_size=BATCH)
    return len(entries)


def close_survey(
    *, review_year: ReviewYear, actor: User | None, at: dt.datetime | None = None
) -> ReviewYear:
    if actor is not None:
        _require(access.can_run_review(actor, review_year), RUN_ONLY)
    surveyed = review_year.entries.exclude(surveyed_at=None).count()
    _require(surveyed > 0, "Chưa có phiếu khảo sát nào: chưa thể kết thúc khảo sát.")
    at = at or timezone.now()
    unsurveyed = review_year.entries.filter(surveyed_at=None).count()
    return _advance(
        review_year,
        ReviewStep.SURVEY_CLOSED,
        source=ReviewStatus.SURVEYING,
        target=ReviewStatus.MEETINGS,
        actor=actor,
        at=at,
        fields={"survey_closed_at": at, "survey_closed_by": actor},
        data={"surveyed": surveyed, "not_surveyed": unsurveyed},
    )


def record_group_meeting(
    *,
    review_year: ReviewYear,
    residential_group: ResidentialGroup,
    held_on: dt.date,
    attendees: int,
    conclusion: str = "",
    actor: User | None,
    at: dt.datetime | None = None,
) -> GroupMeeting:
    if actor is not None:
        _require(access.can_run_review(actor, review_year), RUN_ONLY)
    errors = []
    if review_year.status != ReviewStatus.MEETINGS:
        errors.append("Chỉ ghi kết quả họp tổ dân phố sau khi đã kết thúc khảo sát.")
    if residential_group.commune_id != review_year.commune_id:
        errors.append("Tổ dân phố không thuộc xã, phường của đợt rà soát.")
    if held_on > local_today() or held_on < timezone.localtime(review_year.opened_at).date():
        errors.append("Ngày họp phải sau ngày mở đợt rà soát và không sau ngày hôm nay.")
    if attendees < 1:
        errors.append("Số người dự họp phải lớn hơn 0.")
    if errors:
        raise ReviewError(*errors)
    with transaction.atomic():
        meeting, _ = GroupMeeting.objects.update_or_create(
            review_year=review_year,
            residential_group=residential_group,
            defaults={
                "held_on": held_on,
                "attendees": attendees,
                "conclusion": conclusion.strip(),
                "recorded_by": actor,
                "recorded_at": at or timezone.now(),
            },
        )
        review_event(
            review_year,
            ReviewStep.MEETING_RECORDED,
            actor=actor,
            at=at,
            group=residential_group,
            data={"held_on": held_on.isoformat(), "attendees": attendees},
        )
    return meeting


def groups_without_meeting(review_year: ReviewYear) -> list[ResidentialGroup]:
    group_ids = set(review_year.entries.values_list("residential_group_id", flat=True))
    met = set(review_year.meetings.values_list("residential_group_id", flat=True))
    return list(ResidentialGroup.objects.filter(pk__in=group_ids - met))


def approve_review(
    *,
    review_year: ReviewYear,
    decision_number: str,
    decision_date: dt.date,
    decision_signer: str = "",
    actor: User | None,
    at: dt.datetime | None = None,
) -> ReviewYear:
    """Record the ward's approval; households entering or leaving poverty are recorded."""
    if actor is not None:
        _require(
            access.can_approve(actor, review_year),
            "Chỉ lãnh đạo UBND phường hoặc công chức Văn hóa – Xã hội ghi được phê duyệt.",
        )
    errors = _check_approval(review_year, decision_number, decision_date)
    if errors:
        raise ReviewError(*errors)
    at = at or timezone.now()
    with transaction.atomic():
        _advance(
            review_year,
            ReviewStep.APPROVED,
            source=ReviewStatus.MEETINGS,
            target=ReviewStatus.APPROVED,
            actor=actor,
            at=at,
            fields={
                "approved_at": at,
                "approved_by": actor,
                "decision_number": decision_number.strip(),
                "decision_date": decision_date,
                "decision_signer": decision_signer.strip(),
            },
        )
        _record_annual_transitions(review_year, actor)
    return review_year


def _check_approval(review_year: ReviewYear, number: str, on: dt.date) -> list[str]:
    errors = []
    if review_year.status != ReviewStatus.MEETINGS:
        errors.append("Chỉ phê duyệt sau khi các tổ dân phố đã họp.")
    if not number.strip():
        errors.append("Ghi số quyết định phê duyệt.")
    if on > local_today():
        errors.append("Ngày quyết định không được sau ngày hôm nay.")
    missing = groups_without_meeting(review_year)
    if missing:
        names = ", ".join(group.name for group in missing[:5])
        more = f" và {len(missing) - 5} tổ khác" if len(missing) > 5 else ""
        errors.append(f"Chưa ghi kết quả họp của {len(missing)} tổ dân phố: {names}{more}.")
    return errors


def poverty_status(category: str) -> str:
    """Poor, near-poor, or neither: the changes worth recording."""
    return category if category in POVERTY_CATEGORIES else "other"


def effective_category(entry: ReviewEntry) -> str:
    """A household not surveyed in detail was screened out: it is not poor."""
    return entry.category or Category.NOT_POOR


def previous_approved(review_year: ReviewYear) -> ReviewYear | None:
    return (
        ReviewYear.objects.filter(
            commune=review_year.commune_id,
            year__lt=review_year.year,
            status__in=APPROVED_STATUSES,
        )
        .order_by("-year")
        .first()
    )


def _record_annual_transitions(review_year: ReviewYear, actor: User | None) -> int:
    """Compare with the previous approved list; the first review in the system has nothing to
    compare with, so it records no movement."""
    previous = previous_approved(review_year)
    if previous is None:
        return 0
    before = {
        household_id: category or Category.NOT_POOR
        for household_id, category in previous.entries.values_list("household_id", "category")
    }
    rows = []
    for household_id, category in review_year.entries.values_list("household_id", "category"):
        now = category or Category.NOT_POOR
        was = before.get(household_id, "")
        if poverty_status(was or Category.NOT_POOR) != poverty_status(now):
            rows.append(
                PovertyTransition(
                    review_year=review_year,
                    household_id=household_id,
                    from_category=was,
                    to_category=now,
                    source=TransitionSource.ANNUAL,
                    occurred_on=review_year.decision_date,
                    recorded_by=actor,
                    reason="Kết quả rà soát định kỳ hằng năm",
                    recorded_at=review_year.approved_at or timezone.now(),
                )
            )
    PovertyTransition.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def publish_review(
    *,
    review_year: ReviewYear,
    publish_names: bool,
    actor: User | None,
    at: dt.datetime | None = None,
) -> ReviewYear:
    if actor is not None:
        _require(access.can_run_review(actor, review_year), RUN_ONLY)
    at = at or timezone.now()
    return _advance(
        review_year,
        ReviewStep.PUBLISHED,
        source=ReviewStatus.APPROVED,
        target=ReviewStatus.PUBLISHED,
        actor=actor,
        at=at,
        fields={"published_at": at, "published_by": actor, "publish_names": publish_names},
        data={"publish_names": publish_names},
    )


def set_name_publication(
    *, review_year: ReviewYear, publish_names: bool, actor: User | None
) -> ReviewYear:
    """Show or withdraw the heads' names on the public page of a published list."""
    if actor is not None:
        _require(access.can_run_review(actor, review_year), RUN_ONLY)
    _require(review_year.status == ReviewStatus.PUBLISHED, "Danh sách chưa được công bố.")
    with transaction.atomic():
        ReviewYear.objects.filter(pk=review_year.pk).update(publish_names=publish_names)
        review_event(
            review_year,
            ReviewStep.PUBLISHED,
            actor=actor,
            data={"publish_names": publish_names},
            note="Thay đổi việc công bố tên",
        )
    review_year.refresh_from_db()
    return review_year


# --- surveyors and changes during the year ---------------------------------------------------


def assign_surveyor(
    *,
    review_year: ReviewYear,
    residential_group: ResidentialGroup,
    surveyor: User,
    actor: User | None,
) -> SurveyorAssignment:
    if actor is not None:
        _require(access.can_run_review(actor, review_year), RUN_ONLY)
    errors = []
    if not review_year.is_open:
        errors.append("Chỉ phân công rà soát viên khi đợt rà soát đang mở.")
    if residential_group.commune_id != review_year.commune_id:
        errors.append("Tổ dân phố không thuộc xã, phường của đợt rà soát.")
    if not surveyor.is_active:
        errors.append("Tài khoản này đang bị khóa.")
    if errors:
        raise ReviewError(*errors)
    with transaction.atomic():
        assignment, _ = SurveyorAssignment.objects.get_or_create(
            review_year=review_year,
            residential_group=residential_group,
            surveyor=surveyor,
            defaults={"assigned_by": actor},
        )
        review_event(
            review_year,
            ReviewStep.SURVEYOR_ASSIGNED,
            actor=actor,
            group=residential_group,
            data={"surveyor": surveyor.username},
        )
    return assignment


def remove_assignment(*, assignment: SurveyorAssignment, actor: User | None) -> None:
    review_year = assignment.review_year
    if actor is not None:
        _require(access.can_run_review(actor, review_year), RUN_ONLY)
    with transaction.atomic():
        review_event(
            review_year,
            ReviewStep.SURVEYOR_REMOVED,
            actor=actor,
            group=assignment.residential_group,
            data={"surveyor": assignment.surveyor.username},
        )
        assignment.delete()


def current_category(review_year: ReviewYear, household: Household) -> str:
    """The household's category now: the latest change recorded in the year, else the list's."""
    change = review_year.transitions.filter(household=household).order_by("-occurred_on", "-pk")
    latest = change.first()
    if latest is not None:
        return latest.to_category
    entry = review_year.entries.filter(household=household).first()
    return effective_category(entry) if entry else Category.NOT_POOR


def record_change_during_year(
    *,
    review_year: ReviewYear,
    household: Household,
    to_category: str,
    occurred_on: dt.date,
    reason: str,
    actor: User | None,
    at: dt.datetime | None = None,
) -> PovertyTransition:
    """A household recognised as entering or leaving poverty between annual reviews."""
    if actor is not None:
        _require(access.can_run_review(actor, review_year), RUN_ONLY)
    before = current_category(review_year, household)
    errors = _check_change(review_year, household, before, to_category, occurred_on, reason)
    if errors:
        raise ReviewError(*errors)
    with transaction.atomic():
        change = PovertyTransition.objects.create(
            review_year=review_year,
            household=household,
            from_category=before,
            to_category=to_category,
            source=TransitionSource.DURING_YEAR,
            occurred_on=occurred_on,
            reason=reason.strip(),
            recorded_by=actor,
            recorded_at=at or timezone.now(),
        )
        review_event(
            review_year,
            ReviewStep.CHANGE_DURING_YEAR,
            actor=actor,
            at=at,
            household=household,
            note=reason.strip(),
            data={"from": before, "to": to_category},
        )
    return change


def _check_change(
    review_year: ReviewYear,
    household: Household,
    before: str,
    after: str,
    on: dt.date,
    reason: str,
) -> list[str]:
    errors = []
    if not review_year.is_approved:
        errors.append("Chỉ ghi biến động trong năm sau khi danh sách năm đã được phê duyệt.")
    if household.commune_id != review_year.commune_id:
        errors.append("Hộ không thuộc xã, phường của đợt rà soát.")
    if after not in Category.values:
        errors.append("Phân loại mới không hợp lệ.")
    elif poverty_status(after) == poverty_status(before):
        errors.append(f"Hộ đang là «{Category(before).label}»: không có gì thay đổi.")
    if on > local_today():
        errors.append("Ngày công nhận không được sau ngày hôm nay.")
    if not reason.strip():
        errors.append("Ghi lý do, căn cứ (ví dụ số quyết định công nhận).")
    return errors
