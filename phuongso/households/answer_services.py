"""Every write of survey answers: one household's form, an imported workbook, the demo.

Answers are classified by the review year's standard (standard.classify); all rows are saved
with one history row each, or none (ReviewError listing every problem).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from phuongso.accounts.models import User
from phuongso.core.models import ResidentialGroup
from phuongso.households import access
from phuongso.households.models import (
    AnswerSource,
    Household,
    ReviewEntry,
    ReviewEvent,
    ReviewStep,
    ReviewYear,
)
from phuongso.households.review_services import review_event
from phuongso.households.services import (
    BATCH,
    ReviewError,
)
from phuongso.households.standard import StandardError, classify

# --- the review: answers ---------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    household_id: int
    monthly_income_per_person: Any
    deprivations: tuple[str, ...]
    where: str = ""  # how to name the row in a message ("Dòng 37")


@dataclass
class AnswerOutcome:
    saved: int = 0
    categories: dict[str, int] = field(default_factory=dict)


def _classify_rows(
    review_year: ReviewYear, rows: Sequence[AnswerRow], entries: dict[int, ReviewEntry]
) -> tuple[list[tuple[ReviewEntry, Any]], list[str]]:
    results, errors = [], []
    for row in rows:
        prefix = f"{row.where}: " if row.where else ""
        entry = entries.get(row.household_id)
        if entry is None:
            errors.append(f"{prefix}hộ không có trong danh sách rà soát năm {review_year.year}.")
            continue
        try:
            result = classify(
                year=review_year.list_year,
                area=entry.area,
                monthly_income_per_person=row.monthly_income_per_person,
                deprivations=row.deprivations,
            )
        except StandardError as error:
            errors.append(f"{prefix}{error.message}")
            continue
        results.append((entry, result))
    return results, errors


def _entries_for(review_year: ReviewYear, household_ids: Iterable[int]) -> dict[int, ReviewEntry]:
    ids = list(household_ids)
    found = {}
    for start in range(0, len(ids), BATCH):
        chunk = ReviewEntry.objects.filter(
            review_year=review_year, household_id__in=ids[start : start + BATCH]
        )
        found.update({entry.household_id: entry for entry in chunk})
    return found


def _add_to_roster(review_year: ReviewYear, household_ids: Iterable[int]) -> None:
    """A household registered after the opening (e.g. a split) joins the roster when surveyed."""
    ids = set(household_ids) - set(
        review_year.entries.filter(household_id__in=list(household_ids)).values_list(
            "household_id", flat=True
        )
    )
    households = Household.objects.filter(
        pk__in=ids, commune=review_year.commune, is_active=True
    ).select_related("residential_group")
    ReviewEntry.objects.bulk_create(
        [
            ReviewEntry(
                review_year=review_year,
                household=household,
                residential_group=household.residential_group,
                area=household.residential_group.area,
            )
            for household in households
        ]
    )


def apply_answers(
    *,
    review_year: ReviewYear,
    rows: Sequence[AnswerRow],
    actor: User | None,
    source: str,
    at: dt.datetime | None = None,
) -> AnswerOutcome:
    """Classify and save many households' answers, all of them or none (ReviewError)."""
    if not review_year.is_open:
        raise ReviewError("Đợt rà soát đã kết thúc; không nhập thêm phiếu.")
    with transaction.atomic():
        if source != AnswerSource.DEMO:
            _add_to_roster(review_year, [row.household_id for row in rows])
        entries = _entries_for(review_year, [row.household_id for row in rows])
        results, errors = _classify_rows(review_year, rows, entries)
        errors += _check_surveyor(review_year, actor, [entry for entry, _ in results])
        if errors:
            raise ReviewError(*errors)
        return _save_answers(review_year, results, actor, source, at or timezone.now())


def _check_surveyor(
    review_year: ReviewYear, actor: User | None, entries: list[ReviewEntry]
) -> list[str]:
    if actor is None:
        return []
    allowed = set(access.survey_groups(actor, review_year).values_list("pk", flat=True))
    refused = {entry.residential_group_id for entry in entries} - allowed
    if not refused:
        return []
    names = ", ".join(
        ResidentialGroup.objects.filter(pk__in=refused).values_list("name", flat=True)
    )
    return [f"Bạn không được phân công rà soát tổ dân phố: {names}."]


def _save_answers(
    review_year: ReviewYear,
    results: list[tuple[ReviewEntry, Any]],
    actor: User | None,
    source: str,
    at: dt.datetime,
) -> AnswerOutcome:
    outcome = AnswerOutcome()
    events = []
    for entry, result in results:
        before = _answer_snapshot(entry)
        entry.monthly_income_per_person = result.monthly_income_per_person
        entry.deprivations = list(result.deprivations)
        entry.deprivation_count = result.deprivation_count
        entry.category = result.category
        entry.surveyed_at, entry.surveyed_by, entry.source = at, actor, source
        outcome.categories[result.category] = outcome.categories.get(result.category, 0) + 1
        events.append(
            ReviewEvent(
                review_year=review_year,
                step=ReviewStep.ANSWERS_ENTERED,
                actor=actor,
                at=at,
                household_id=entry.household_id,
                residential_group_id=entry.residential_group_id,
                data={"before": before, "after": _answer_snapshot(entry), "source": source},
            )
        )
    _replace_entries([entry for entry, _ in results])
    ReviewEvent.objects.bulk_create(events, batch_size=BATCH)
    outcome.saved = len(results)
    return outcome


def _replace_entries(entries: list[ReviewEntry]) -> None:
    """Write the answered entries: delete and insert again, in the caller's transaction.

    Much faster than an UPDATE per row for a whole ward (15,000 rows), and nothing points
    to an entry, so its new primary key harms no one."""
    for start in range(0, len(entries), BATCH):
        chunk = entries[start : start + BATCH]
        ReviewEntry.objects.filter(pk__in=[entry.pk for entry in chunk]).delete()
        for entry in chunk:
            entry.pk = None
        ReviewEntry.objects.bulk_create(chunk)


def _answer_snapshot(entry: ReviewEntry) -> dict[str, Any] | None:
    if entry.surveyed_at is None:
        return None
    return {
        "income": entry.monthly_income_per_person,
        "deprivations": list(entry.deprivations),
        "category": entry.category,
    }


def record_answers(
    *,
    review_year: ReviewYear,
    household: Household,
    monthly_income_per_person: Any,
    deprivations: Iterable[str],
    actor: User | None,
) -> ReviewEntry:
    """One household's survey form: classify it and save it with its history row."""
    if household.commune_id != review_year.commune_id:
        raise ReviewError("Hộ không thuộc xã, phường của đợt rà soát.")
    row = AnswerRow(household.pk, monthly_income_per_person, tuple(deprivations))
    apply_answers(review_year=review_year, rows=[row], actor=actor, source=AnswerSource.FORM)
    return ReviewEntry.objects.get(review_year=review_year, household=household)


def import_answers(
    *, review_year: ReviewYear, rows: Sequence[AnswerRow], actor: User | None
) -> AnswerOutcome:
    """An imported workbook's rows: all saved with one summary event, or none."""
    with transaction.atomic():
        outcome = apply_answers(
            review_year=review_year, rows=rows, actor=actor, source=AnswerSource.IMPORT
        )
        review_event(
            review_year,
            ReviewStep.ANSWERS_IMPORTED,
            actor=actor,
            data={"rows": outcome.saved, "categories": outcome.categories},
        )
    return outcome
