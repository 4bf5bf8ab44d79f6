"""Who sees which household, and a `get_<object>_for_user()` helper for each object a page opens.

Poverty-review answers are sensitive personal data. Only two kinds of people see a
household's record: the ward's social-affairs officials (specialists and leaders of its
culture–society unit, Phòng Văn hóa – Xã hội) and the surveyors assigned to the household's
residential group for a review year that is still open. Anyone else gets 403 on the
household pages, and a household outside their reach is a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from phuongso.accounts.models import Role
from phuongso.core.access import communes_for
from phuongso.core.models import ResidentialGroup, UnitKind
from phuongso.households.models import (
    OPEN_STATUSES,
    Household,
    ReviewYear,
    SurveyorAssignment,
)

SOCIAL_ROLES = (Role.SPECIALIST, Role.LEADER)
NO_ACCESS = "Chỉ công chức Văn hóa – Xã hội của phường và rà soát viên được phân công xem được."


def is_social_official(user: Any, commune_id: int | None) -> bool:
    """A specialist or leader of the commune's culture–society unit."""
    if not user.is_authenticated or commune_id is None or user.commune_id != commune_id:
        return False
    unit = user.unit
    return bool(unit and unit.kind == UnitKind.CULTURE_SOCIETY and user.has_role(*SOCIAL_ROLES))


def social_commune_id(user: Any) -> int | None:
    """The commune whose households the user handles as a social-affairs official."""
    return user.commune_id if is_social_official(user, user.commune_id) else None


def surveyed_group_ids(user: Any, review_year: ReviewYear | None = None) -> set[int]:
    """Residential groups the user surveys in open review years (or in the year given)."""
    if not user.is_authenticated:
        return set()
    assignments = SurveyorAssignment.objects.filter(surveyor=user)
    if review_year is not None:
        assignments = assignments.filter(review_year=review_year)
    else:
        assignments = assignments.filter(review_year__status__in=OPEN_STATUSES)
    return set(assignments.values_list("residential_group_id", flat=True))


def has_household_access(user: Any) -> bool:
    return social_commune_id(user) is not None or bool(surveyed_group_ids(user))


def require_household_access(user: Any) -> None:
    if not has_household_access(user):
        raise PermissionDenied(NO_ACCESS)


def households_for(user: Any) -> QuerySet[Household]:
    commune_id = social_commune_id(user)
    if commune_id is not None:
        return Household.objects.filter(commune_id=commune_id)
    groups = surveyed_group_ids(user)
    if groups:
        return Household.objects.filter(residential_group_id__in=groups)
    return Household.objects.none()


def groups_for(user: Any) -> QuerySet[ResidentialGroup]:
    commune_id = social_commune_id(user)
    if commune_id is not None:
        return ResidentialGroup.objects.filter(commune_id=commune_id)
    return ResidentialGroup.objects.filter(pk__in=surveyed_group_ids(user))


def groups_for_commune(commune_id: int) -> QuerySet[ResidentialGroup]:
    return ResidentialGroup.objects.filter(commune_id=commune_id)


def get_household_for_user(user: Any, pk: int) -> Household:
    household = (
        households_for(user)
        .select_related("commune", "residential_group__former_unit")
        .filter(pk=pk)
        .first()
    )
    if household is None:
        raise Http404("Không tìm thấy hộ gia đình này trong phạm vi bạn được xem.")
    return household


# --- the review ------------------------------------------------------------------------------


def review_years_for(user: Any) -> QuerySet[ReviewYear]:
    """Officials see their commune's review years; surveyors the years they are assigned to."""
    communes = communes_for(user)
    assigned = SurveyorAssignment.objects.filter(surveyor=user).values("review_year_id")
    if not user.is_authenticated:
        return ReviewYear.objects.none()
    return ReviewYear.objects.filter(commune__in=communes) | ReviewYear.objects.filter(
        pk__in=assigned
    )


def get_review_year_for_user(user: Any, pk: int) -> ReviewYear:
    review_year = review_years_for(user).select_related("commune").filter(pk=pk).first()
    if review_year is None:
        raise Http404("Không tìm thấy đợt rà soát này.")
    return review_year


def can_run_review(user: Any, review_year: ReviewYear) -> bool:
    """Open, close the survey, record meetings, publish, assign surveyors, export the list."""
    return is_social_official(user, review_year.commune_id)


def can_see_incomes(user: Any, review_year: ReviewYear) -> bool:
    """Households' incomes in the review list: only the officials who run the review (who
    entered and check them); a leader approving the list sees the classification."""
    return can_run_review(user, review_year)


def can_approve(user: Any, review_year: ReviewYear) -> bool:
    """Record the ward's approval: the social-affairs officials or a leader of the ward."""
    if can_run_review(user, review_year):
        return True
    return (
        user.is_authenticated
        and user.commune_id == review_year.commune_id
        and user.has_role(Role.LEADER)
    )


def survey_groups(user: Any, review_year: ReviewYear) -> QuerySet[ResidentialGroup]:
    """The groups whose answers the user may enter in this review year."""
    groups = ResidentialGroup.objects.filter(commune_id=review_year.commune_id)
    if can_run_review(user, review_year):
        return groups
    return groups.filter(pk__in=surveyed_group_ids(user, review_year))


def can_survey(user: Any, review_year: ReviewYear, group_id: int) -> bool:
    if not review_year.is_open:
        return False
    return survey_groups(user, review_year).filter(pk=group_id).exists()
