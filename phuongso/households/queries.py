"""Reads shared by the pages and the API: searching households, one household's record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from phuongso.core.text import fold
from phuongso.households import access, members
from phuongso.households.models import (
    OPEN_STATUSES,
    Household,
    Member,
    PovertyTransition,
    ReviewEntry,
    ReviewYear,
)
from phuongso.households.standard import Category


def search_households(
    households: QuerySet[Household], *, query: str = "", group_id: int | None = None
) -> QuerySet[Household]:
    """Households matching what was typed, ignoring case and diacritics ("nguyen van hung"
    finds "Nguyễn Văn Hùng"): code, head, address, or any member's name or number.

    Households containing the words as a phrase win; when none does, every household whose
    text or members contain each word is listed.
    """
    if group_id:
        households = households.filter(residential_group_id=group_id)
    words = fold(query).split()
    if words:
        phrase = _containing(households, " ".join(words))
        if phrase.exists():
            households = phrase
        else:
            for word in words:
                households = _containing(households, word)
    return households.select_related("residential_group__former_unit").order_by("code")


def _containing(households: QuerySet[Household], text: str) -> QuerySet[Household]:
    # One filter with Q objects: OR-ing two querysets built from `households` copied the
    # whole query on each side, so each word doubled the SQL (a long query never finished).
    by_member = Member.objects.filter(search_text__contains=text).values("household_id")
    return households.filter(Q(search_text__contains=text) | Q(pk__in=by_member))


@dataclass(frozen=True)
class MemberRow:
    member: Member
    age: int
    working_age: bool
    dependant: bool


def member_rows(household: Household, on: dt.date | None = None) -> list[MemberRow]:
    on = on or timezone.localdate()
    return [
        MemberRow(
            member=member,
            age=members.age_on(member.birth_date, member.died_on or on),
            working_age=member.is_present and members.is_working_age(member, on),
            dependant=member.is_present and members.is_dependant(member, on),
        )
        for member in household.members.order_by("pk")
    ]


def dependant_hint(rows: list[MemberRow]) -> dict[str, Any]:
    present = [row for row in rows if row.member.is_present]
    dependants = sum(row.dependant for row in present)
    return {
        "dependants": dependants,
        "members": len(present),
        "deprived": bool(present) and dependants * 2 > len(present),
    }


def open_review_year(commune_id: int) -> ReviewYear | None:
    return ReviewYear.objects.filter(commune_id=commune_id, status__in=OPEN_STATUSES).first()


def household_record(household: Household, user: Any) -> dict[str, Any]:
    """Everything the household page shows (the caller logs the read)."""
    rows = member_rows(household)
    entries = (
        ReviewEntry.objects.filter(household=household)
        .select_related("review_year", "surveyed_by")
        .order_by("-review_year__year")
    )
    return {
        "household": household,
        "members": rows,
        "dependant_hint": dependant_hint(rows),
        "events": household.events.select_related("member", "actor", "related_household"),
        "entries": [(entry, _labels(entry)) for entry in entries],
        "transitions": PovertyTransition.objects.filter(household=household)
        .select_related("review_year")
        .order_by("-occurred_on"),
        "review_year": open_review_year(household.commune_id),
        "can_manage": access.is_social_official(user, household.commune_id),
        "access_logs": household.access_logs.select_related("user")[:10],
    }


def _labels(entry: ReviewEntry) -> list[str]:
    standard = entry.review_year.standard
    return [standard.label(key) for key in entry.deprivations]


def category_label(category: str) -> str:
    return str(Category(category).label) if category else "Chưa khảo sát"
