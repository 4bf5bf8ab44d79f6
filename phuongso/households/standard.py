"""The multidimensional poverty standards and the one rule that classifies a household.

Standards are data (data/standards.json): each covers a range of years the poor and
near-poor lists apply in (the review held in the autumn of year Y sets the lists for Y+1 and
classifies by the standard in force for Y+1: `list_year`), and carries
its income lines per area, its indicator set and its classification parameters. `classify`
is pure: the same answers for the same year always give the same category.

The rule (both standards): income per person at most the line AND deprived on at least
`min_deprivations_for_poor` indicators is poor; at most the line with fewer deprivations is
near-poor; above the line up to the middle line (2022–2026 only) is middle; otherwise not
poor. "And", not "or": a household above the line is never poor, however deprived.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import models

from phuongso.core.text import format_number

STANDARDS_FILE = Path(__file__).resolve().parent / "data" / "standards.json"
AREAS = ("urban", "rural")
AREA_LABELS = {"urban": "thành thị", "rural": "nông thôn"}


class Category(models.TextChoices):
    POOR = "poor", "Hộ nghèo"
    NEAR_POOR = "near_poor", "Hộ cận nghèo"
    MIDDLE = "middle", "Hộ có mức sống trung bình"
    NOT_POOR = "not_poor", "Hộ không nghèo"


# How hard a category is: a household never becomes less severe with less income or more
# deprivations (the property tests check this order).
SEVERITY = {Category.NOT_POOR: 0, Category.MIDDLE: 1, Category.NEAR_POOR: 2, Category.POOR: 3}
POVERTY_CATEGORIES = (Category.POOR, Category.NEAR_POOR)


class StandardError(ValueError):
    """Answers the standard cannot classify; the message is in Vietnamese, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Indicator:
    key: str
    dimension: str
    label: str
    deprived_if: str
    uncertain: bool = False


@dataclass(frozen=True)
class Standard:
    code: str
    name: str
    legal_basis: str
    first_year: int
    last_year: int
    income_lines: Mapping[str, int]
    middle_lines: Mapping[str, int] | None
    min_deprivations_for_poor: int
    indicators: tuple[Indicator, ...]
    notes: tuple[str, ...] = ()

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(indicator.key for indicator in self.indicators)

    @property
    def years(self) -> str:
        return f"{self.first_year}–{self.last_year}"

    def indicator(self, key: str) -> Indicator:
        return next(indicator for indicator in self.indicators if indicator.key == key)

    def label(self, key: str) -> str:
        return self.indicator(key).label if key in self.keys else key

    def income_line(self, area: str) -> int:
        return self.income_lines[area]

    def middle_line(self, area: str) -> int | None:
        return self.middle_lines[area] if self.middle_lines else None


@dataclass(frozen=True)
class Classification:
    standard: Standard
    year: int
    area: str
    monthly_income_per_person: int
    deprivations: tuple[str, ...]
    category: Category

    @property
    def income_line(self) -> int:
        return self.standard.income_line(self.area)

    @property
    def middle_line(self) -> int | None:
        return self.standard.middle_line(self.area)

    @property
    def deprivation_count(self) -> int:
        return len(self.deprivations)

    @property
    def label(self) -> str:
        return str(self.category.label)


# --- the data ------------------------------------------------------------------------------


def _standard_from_data(item: Mapping[str, Any]) -> Standard:
    return Standard(
        code=item["code"],
        name=item["name"],
        legal_basis=item["legal_basis"],
        first_year=int(item["first_year"]),
        last_year=int(item["last_year"]),
        income_lines=dict(item["income_lines"]),
        middle_lines=dict(item["middle_lines"]) if item.get("middle_lines") else None,
        min_deprivations_for_poor=int(item["rule"]["min_deprivations_for_poor"]),
        indicators=tuple(Indicator(**indicator) for indicator in item["indicators"]),
        notes=tuple(item.get("notes", ())),
    )


def load_standards(path: Path = STANDARDS_FILE) -> tuple[Standard, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(_standard_from_data(item) for item in data["standards"])


@cache
def standards() -> tuple[Standard, ...]:
    return load_standards()


def list_year(review_held_in: int) -> int:
    """The year whose lists a review held in `review_held_in` sets: the next one. The review
    of the autumn of 2021 set the 2022 lists under Decree 07/2021; the late-2026 review sets
    the 2027 lists under Decree 351/2025 (shared/data/poverty-standard.md)."""
    return review_held_in + 1


def standard_for(year: int) -> Standard:
    """The standard in force for the lists of `year` (the year they apply, as the
    classification API's `year`), or StandardError naming the years covered."""
    for standard in standards():
        if standard.covers(year):
            return standard
    covered = ", ".join(standard.years for standard in standards())
    raise StandardError(
        f"Chưa có chuẩn nghèo cho danh sách hộ nghèo, hộ cận nghèo năm {year}; hệ thống có "
        f"chuẩn cho danh sách các năm {covered}."
    )


def standard_for_review(review_held_in: int) -> Standard:
    """The standard a review held in `review_held_in` classifies by: the one in force for
    the year its lists apply."""
    try:
        return standard_for(list_year(review_held_in))
    except StandardError as error:
        raise StandardError(
            f"Đợt rà soát năm {review_held_in} lập danh sách năm {list_year(review_held_in)}: "
            f"{error.message}"
        ) from None


def standard_by_code(code: str) -> Standard:
    return next(standard for standard in standards() if standard.code == code)


# --- checking answers ----------------------------------------------------------------------


def check_income(value: Any) -> int:
    """A whole, non-negative number of đồng per person per month."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise StandardError(
            "Thu nhập bình quân phải là số nguyên (đồng/người/tháng), ví dụ 1500000."
        )
    if value < 0:
        raise StandardError("Thu nhập bình quân không được là số âm.")
    return value


def check_area(area: Any) -> str:
    if area not in AREAS:
        raise StandardError("Khu vực phải là 'urban' (thành thị) hoặc 'rural' (nông thôn).")
    return area


def check_deprivations(standard: Standard, keys: Iterable[Any]) -> tuple[str, ...]:
    """The keys, each once, in the standard's order; a key of another standard is named."""
    given = list(keys)
    for key in given:
        if key not in standard.keys:
            raise StandardError(_unknown_key_message(standard, key))
    return tuple(key for key in standard.keys if key in given)


def _unknown_key_message(standard: Standard, key: Any) -> str:
    owners = [other for other in standards() if key in other.keys]
    if owners:
        owner = owners[0]
        return (
            f"Chỉ số '{key}' không thuộc chuẩn nghèo áp dụng cho năm rà soát này "
            f"({standard.name}, danh sách các năm {standard.years}); chỉ số này thuộc "
            f"{owner.name} (danh sách các năm {owner.years})."
        )
    return (
        f"Không có chỉ số thiếu hụt '{key}'. Các chỉ số của {standard.name}: "
        f"{', '.join(standard.keys)}."
    )


# --- the rule --------------------------------------------------------------------------------


def category_for(
    standard: Standard, *, area: str, monthly_income_per_person: int, deprivation_count: int
) -> Category:
    line = standard.income_line(area)
    if monthly_income_per_person <= line:
        if deprivation_count >= standard.min_deprivations_for_poor:
            return Category.POOR
        return Category.NEAR_POOR
    middle = standard.middle_line(area)
    if middle is not None and monthly_income_per_person <= middle:
        return Category.MIDDLE
    return Category.NOT_POOR


def classify(
    *, year: int, area: str, monthly_income_per_person: int, deprivations: Iterable[str]
) -> Classification:
    """Classify one household's answers for the lists of `year` (the year they apply);
    StandardError if they are invalid."""
    standard = standard_for(year)
    area = check_area(area)
    income = check_income(monthly_income_per_person)
    keys = check_deprivations(standard, deprivations)
    category = category_for(
        standard, area=area, monthly_income_per_person=income, deprivation_count=len(keys)
    )
    return Classification(standard, year, area, income, keys, category)


def describe_line(standard: Standard, area: str) -> str:
    """ "2.000.000 đồng/người/tháng (thành thị)", the way official texts write it."""
    line = format_number(standard.income_line(area))
    return f"{line} đồng/người/tháng ({AREA_LABELS[area]})"
