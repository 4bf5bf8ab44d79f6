"""Households API: the survey form's instant classification, the review figures, one record.

POST /households/classify is public (auth=None): it computes a category from the answers sent
and reveals no personal data. The figures and a household's record need a signed-in official
(django_auth, the API's default); a household's record is a logged read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from phuongso.core.access import api_commune
from phuongso.households import access, figures, services
from phuongso.households.models import AccessAction, ReviewEntry, ReviewYear
from phuongso.households.standard import StandardError, classify

router = Router(tags=["Hộ gia đình, rà soát hộ nghèo"])

INCOME_TYPE = (
    "monthly_income_per_person phải là số nguyên (đồng/người/tháng), ví dụ 1500000; "
    "không ghi dạng chữ."
)


class ClassifyIn(Schema):
    year: int
    area: Literal["urban", "rural"]
    monthly_income_per_person: int
    deprivations: list[str] = []

    @field_validator("monthly_income_per_person", mode="before")
    @classmethod
    def whole_number(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise PydanticCustomError("income_type", INCOME_TYPE)
        return value


class ClassifyOut(Schema):
    standard: str
    standard_name: str
    legal_basis: str
    year: int
    area: str
    income_line: int
    middle_line: int | None
    monthly_income_per_person: int
    deprivation_count: int
    deprivations: list[str]
    classification: Literal["poor", "near_poor", "middle", "not_poor"]
    classification_label: str
    notes: list[str]


@router.post("/households/classify", response=ClassifyOut, auth=None)
def classify_answers(request: HttpRequest, payload: ClassifyIn) -> dict[str, Any]:
    """Classify one household's answers by the standard in force for `year`, the year the
    poor and near-poor lists apply (the review held in the autumn before sets them: the
    late-2026 review classifies for 2027, under Decree 351/2025). Nothing is saved.

    `deprivations` are the indicator keys of that year's standard (see the survey guide);
    a key of another year's standard, a year without a standard or a negative income is a 422.
    """
    try:
        result = classify(
            year=payload.year,
            area=payload.area,
            monthly_income_per_person=payload.monthly_income_per_person,
            deprivations=payload.deprivations,
        )
    except StandardError as error:
        raise HttpError(422, error.message) from None
    return {
        "standard": result.standard.code,
        "standard_name": result.standard.name,
        "legal_basis": result.standard.legal_basis,
        "year": result.year,
        "area": result.area,
        "income_line": result.income_line,
        "middle_line": result.middle_line,
        "monthly_income_per_person": result.monthly_income_per_person,
        "deprivation_count": result.deprivation_count,
        "deprivations": list(result.deprivations),
        "classification": str(result.category),
        "classification_label": result.label,
        "notes": list(result.standard.notes),
    }


# --- figures (officials) --------------------------------------------------------------------


class TallyOut(Schema):
    name: str
    former_unit: str
    households: int
    surveyed: int
    poor: int
    near_poor: int
    middle: int
    poor_rate: Decimal | None
    near_poor_rate: Decimal | None


class DeprivationOut(Schema):
    key: str
    label: str
    dimension: str
    in_poverty: int
    all_households: int


class MovementsOut(Schema):
    left_poverty: int
    entered_poverty: int
    left_near_poverty: int
    entered_near_poverty: int
    during_year: int


class FiguresOut(Schema):
    commune: int
    year: int
    standard: str
    status: str
    approved: bool
    source: str
    ward: TallyOut
    by_group: list[TallyOut]
    by_former_unit: list[TallyOut]
    deprivations: list[DeprivationOut]
    movements: MovementsOut


def _tally(tally: figures.Tally) -> dict[str, Any]:
    return {
        "name": tally.name,
        "former_unit": tally.former_unit,
        "households": tally.total,
        "surveyed": tally.surveyed,
        "poor": tally.poor,
        "near_poor": tally.near_poor,
        "middle": tally.middle,
        "poor_rate": tally.poor_rate.rate,
        "near_poor_rate": tally.near_poor_rate.rate,
    }


@router.get("/households/reviews/{year}/figures", response=FiguresOut)
def review_figures(request: HttpRequest, year: int, commune: int | None = None) -> dict[str, Any]:
    """Poor and near-poor households by group and former unit, common deprivations,
    households that left poverty (officials of the commune; 403 for citizens)."""
    place = api_commune(request, commune)
    review_year = ReviewYear.objects.filter(commune=place, year=year).first()
    if review_year is None:
        raise HttpError(404, f"{place.name} chưa có đợt rà soát năm {year}.")
    result = figures.breakdown(review_year)
    moves = figures.movements(review_year)
    return {
        "commune": place.code,
        "year": year,
        "standard": review_year.standard_code,
        "status": review_year.status,
        "approved": review_year.is_approved,
        "source": figures.review_source(review_year),
        "ward": _tally(result.ward),
        "by_group": [_tally(tally) for tally in result.groups],
        "by_former_unit": [_tally(tally) for tally in result.former_units],
        "deprivations": [row.__dict__ for row in figures.common_deprivations(review_year)],
        "movements": moves.__dict__,
    }


# --- one household (logged read) -------------------------------------------------------------


class MemberOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date
    sex: str
    relation: str
    personal_id: str | None
    has_disability: bool
    on_social_allowance: bool
    died_on: dt.date | None
    left_on: dt.date | None


class EntryOut(Schema):
    year: int
    monthly_income_per_person: int | None
    deprivations: list[str]
    classification: str


class HouseholdOut(Schema):
    id: int
    code: str
    head: str
    address: str
    residential_group: str
    former_unit: str
    area: str
    is_active: bool
    members: list[MemberOut]
    reviews: list[EntryOut]


def _entry(entry: ReviewEntry) -> dict[str, Any]:
    return {
        "year": entry.review_year.year,
        "monthly_income_per_person": entry.monthly_income_per_person,
        "deprivations": list(entry.deprivations),
        "classification": entry.category or "",
    }


@router.get("/households/{household_id}", response=HouseholdOut)
def household_record(request: HttpRequest, household_id: int) -> dict[str, Any]:
    """One household's record for its social-affairs officials and surveyors (logged)."""
    if not access.has_household_access(request.user):
        raise HttpError(403, access.NO_ACCESS)
    household = access.get_household_for_user(request.user, household_id)
    services.log_access(
        user=request.user, action=AccessAction.VIEW_HOUSEHOLD_API, household=household, detail="API"
    )
    entries = household.review_entries.select_related("review_year").order_by("-review_year__year")
    return {
        "id": household.pk,
        "code": household.code,
        "head": household.head_name,
        "address": household.address,
        "residential_group": household.residential_group.name,
        "former_unit": household.former_unit.name,
        "area": household.area,
        "is_active": household.is_active,
        "members": list(household.members.all()),
        "reviews": [_entry(entry) for entry in entries],
    }
