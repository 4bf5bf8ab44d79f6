"""Figures of the poverty review: each formula has one home, here.

The resolution's indicators call `poor_household_rate` and `near_poor_household_rate` (by
dotted path): the latest approved review whose year falls in the period gives the numerator
(households classified poor, or near-poor, in the approved list) and the denominator (all
households on that review's roster). A household not surveyed in detail was screened out as
not poor. Breakdowns by residential group and former unit, the most common deprivations and
the households that left poverty are computed from the same rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from phuongso.core.figures import Figure
from phuongso.core.models import Commune
from phuongso.households.models import (
    APPROVED_STATUSES,
    PovertyTransition,
    ReviewYear,
    TransitionSource,
)
from phuongso.households.standard import POVERTY_CATEGORIES, Category

POOR_FORMULA = (
    "Số hộ nghèo trong danh sách được UBND phê duyệt ÷ tổng số hộ trong đợt rà soát × 100%"
)
NEAR_POOR_FORMULA = (
    "Số hộ cận nghèo trong danh sách được UBND phê duyệt ÷ tổng số hộ trong đợt rà soát × 100%"
)


def latest_approved_review(*, commune: Commune, start: dt.date, end: dt.date) -> ReviewYear | None:
    return (
        ReviewYear.objects.filter(
            commune=commune,
            status__in=APPROVED_STATUSES,
            year__gte=start.year,
            year__lte=end.year,
        )
        .order_by("-year")
        .first()
    )


def review_source(review_year: ReviewYear) -> str:
    decision = review_year.decision_number or "chưa ghi số"
    when = f" ngày {review_year.decision_date:%d/%m/%Y}" if review_year.decision_date else ""
    return (
        f"Kết quả rà soát hộ nghèo, hộ cận nghèo năm {review_year.year} của "
        f"{review_year.commune.name} ({review_year.standard.name}), phê duyệt theo Quyết định "
        f"số {decision}{when}"
    )


def _category_figure(
    *, commune: Commune, start: dt.date, end: dt.date, category: str, formula: str
) -> Figure:
    review_year = latest_approved_review(commune=commune, start=start, end=end)
    if review_year is None:
        return Figure(
            numerator=0,
            denominator=0,
            formula=formula,
            source=(
                f"Chưa có đợt rà soát hộ nghèo nào của {commune.name} được phê duyệt cho các "
                f"năm {start.year}–{end.year}"
            ),
        )
    entries = review_year.entries
    return Figure(
        numerator=entries.filter(category=category).count(),
        denominator=entries.count(),
        source=review_source(review_year),
        formula=formula,
    )


def poor_household_rate(*, commune: Commune, start: dt.date, end: dt.date) -> Figure:
    return _category_figure(
        commune=commune, start=start, end=end, category=Category.POOR, formula=POOR_FORMULA
    )


def near_poor_household_rate(*, commune: Commune, start: dt.date, end: dt.date) -> Figure:
    return _category_figure(
        commune=commune,
        start=start,
        end=end,
        category=Category.NEAR_POOR,
        formula=NEAR_POOR_FORMULA,
    )


# --- breakdowns ------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts of one slice of a review (the ward, a group, a former unit)."""

    name: str
    group_id: int = 0
    total: int = 0
    surveyed: int = 0
    poor: int = 0
    near_poor: int = 0
    middle: int = 0
    former_unit: str = ""
    former_unit_code: int = 0
    area: str = ""

    def add(self, other: Tally) -> None:
        self.total += other.total
        self.surveyed += other.surveyed
        self.poor += other.poor
        self.near_poor += other.near_poor
        self.middle += other.middle

    def figure(self, count: int, formula: str) -> Figure:
        return Figure(numerator=count, denominator=self.total, source=self.name, formula=formula)

    @property
    def poor_rate(self) -> Figure:
        return self.figure(self.poor, POOR_FORMULA)

    @property
    def near_poor_rate(self) -> Figure:
        return self.figure(self.near_poor, NEAR_POOR_FORMULA)


@dataclass
class Breakdown:
    review_year: ReviewYear
    ward: Tally
    groups: list[Tally] = field(default_factory=list)
    former_units: list[Tally] = field(default_factory=list)


def breakdown(review_year: ReviewYear) -> Breakdown:
    """The review by residential group and by former unit, with the ward's totals."""
    rows = (
        review_year.entries.values(
            "residential_group_id",
            "residential_group__name",
            "residential_group__area",
            "residential_group__former_unit__code",
            "residential_group__former_unit__name",
        )
        .annotate(
            total=Count("pk"),
            surveyed=Count("pk", filter=Q(surveyed_at__isnull=False)),
            poor=Count("pk", filter=Q(category=Category.POOR)),
            near_poor=Count("pk", filter=Q(category=Category.NEAR_POOR)),
            middle=Count("pk", filter=Q(category=Category.MIDDLE)),
        )
        .order_by("residential_group__former_unit__code", "residential_group__name")
    )
    result = Breakdown(review_year, Tally(review_year.commune.name))
    units: dict[int, Tally] = {}
    for row in rows:
        tally = Tally(
            name=row["residential_group__name"],
            group_id=row["residential_group_id"],
            total=row["total"],
            surveyed=row["surveyed"],
            poor=row["poor"],
            near_poor=row["near_poor"],
            middle=row["middle"],
            former_unit=row["residential_group__former_unit__name"],
            former_unit_code=row["residential_group__former_unit__code"],
            area=row["residential_group__area"],
        )
        result.groups.append(tally)
        code = row["residential_group__former_unit__code"]
        units.setdefault(code, Tally(row["residential_group__former_unit__name"])).add(tally)
        result.ward.add(tally)
    result.groups.sort(key=lambda tally: (tally.former_unit_code, natural_key(tally.name)))
    result.former_units = list(units.values())
    return result


def natural_key(name: str) -> list[object]:
    """ "Tổ dân phố 2" before "Tổ dân phố 10"."""
    return [int(part) if part.isdecimal() else part for part in re.split(r"(\d+)", name)]


@dataclass(frozen=True)
class DeprivationRow:
    key: str
    label: str
    dimension: str
    in_poverty: int  # among poor and near-poor households
    all_households: int  # among every surveyed household


def common_deprivations(review_year: ReviewYear) -> list[DeprivationRow]:
    """Each indicator of the year's standard, most common among poor and near-poor first."""
    standard = review_year.standard
    in_poverty: Counter[str] = Counter()
    overall: Counter[str] = Counter()
    rows = review_year.entries.exclude(deprivation_count=0).values_list("category", "deprivations")
    for category, keys in rows.iterator(chunk_size=2000):
        overall.update(keys)
        if category in POVERTY_CATEGORIES:
            in_poverty.update(keys)
    result = [
        DeprivationRow(
            item.key, item.label, item.dimension, in_poverty[item.key], overall[item.key]
        )
        for item in standard.indicators
    ]
    return sorted(result, key=lambda row: (-row.in_poverty, -row.all_households))


@dataclass(frozen=True)
class Movements:
    left_poverty: int
    entered_poverty: int
    left_near_poverty: int
    entered_near_poverty: int
    during_year: int


def movements(review_year: ReviewYear) -> Movements:
    """Households entering or leaving poverty recognised in this year (annual and during)."""
    changes = PovertyTransition.objects.filter(review_year=review_year)
    poor, near = Category.POOR, Category.NEAR_POOR
    return Movements(
        left_poverty=changes.filter(from_category=poor).exclude(to_category=poor).count(),
        entered_poverty=changes.filter(to_category=poor).exclude(from_category=poor).count(),
        left_near_poverty=changes.filter(from_category=near)
        .exclude(to_category__in=[poor, near])
        .count(),
        entered_near_poverty=changes.filter(to_category=near)
        .exclude(from_category__in=[poor, near])
        .count(),
        during_year=changes.filter(source=TransitionSource.DURING_YEAR).count(),
    )


def left_poverty_by_group(review_year: ReviewYear) -> list[tuple[str, int]]:
    rows = (
        PovertyTransition.objects.filter(review_year=review_year, from_category=Category.POOR)
        .exclude(to_category=Category.POOR)
        .values("household__residential_group__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "household__residential_group__name")
    )
    return [(row["household__residential_group__name"], row["count"]) for row in rows]


@dataclass(frozen=True)
class YearRow:
    review_year: ReviewYear
    ward: Tally
    movements: Movements


def yearly(commune: Commune) -> list[YearRow]:
    """Every review year of the commune, newest first, with its totals and movements."""
    years = ReviewYear.objects.filter(commune=commune).select_related("commune").order_by("-year")
    return [YearRow(year, breakdown(year).ward, movements(year)) for year in years]
