"""Points of the index: each indicator's share of its group, groups and the total.

A group's points (QUALITY_GROUP_POINTS, 18/20/12/10/18/22 by default) are shared among its
indicators by QUALITY_INDICATOR_WEIGHTS. An indicator at or above its full-score threshold
(QUALITY_THRESHOLDS) earns all its points; below it, rate × max ÷ threshold. An indicator
with nothing to measure (N/A) earns nothing and its points leave the maximum; so does a group
phuongso has no data for (transparency: synchronisation with the national portal). The total
is also given on a 100-point scale, which is what the province ranking compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from phuongso.core.figures import Figure
from phuongso.quality import conf
from phuongso.quality.indicators import GROUPS, INDICATORS, Indicator
from phuongso.quality.slices import Slice

CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def points(rate: Decimal | None, max_points: Decimal, threshold: Decimal) -> Decimal | None:
    """Points for a rate: full at or above the threshold, rate × max ÷ threshold below it."""
    if rate is None:
        return None
    if rate >= threshold:
        return _round(max_points)
    return _round(rate * max_points / threshold)


def max_points(indicator: Indicator) -> Decimal:
    """The indicator's share of its group's points (0 when it is not scored)."""
    weights = conf.indicator_weights()
    weight = Decimal(weights.get(indicator.id, 0))
    group_weight = sum(
        Decimal(weights.get(other.id, 0)) for other in INDICATORS if other.group == indicator.group
    )
    if not weight or not group_weight:
        return Decimal(0)
    return _round(Decimal(conf.group_points()[indicator.group]) * weight / group_weight)


@dataclass(frozen=True)
class Score:
    indicator: Indicator
    figure: Figure
    max_points: Decimal
    points: Decimal | None

    @property
    def scored(self) -> bool:
        return self.max_points > 0

    @property
    def lost(self) -> Decimal:
        """Points this indicator costs (what it would add at its threshold)."""
        if not self.scored or self.points is None:
            return Decimal(0)
        return self.max_points - self.points

    @property
    def at_threshold(self) -> bool:
        rate = self.figure.rate
        return rate is not None and rate >= self.indicator.threshold


@dataclass(frozen=True)
class GroupScore:
    key: str
    name: str
    points: Decimal | None
    max_points: Decimal
    nominal_points: int
    scores: tuple[Score, ...]


@dataclass(frozen=True)
class Scorecard:
    scores: tuple[Score, ...]
    groups: tuple[GroupScore, ...]
    total_points: Decimal
    max_points: Decimal

    @property
    def index(self) -> Decimal | None:
        """The total on a 100-point scale (over the groups phuongso can measure)."""
        if not self.max_points:
            return None
        return _round(self.total_points * 100 / self.max_points)

    def score(self, indicator_id: str) -> Score:
        return next(score for score in self.scores if score.indicator.id == indicator_id)

    def costliest(self, count: int = 3) -> list[Score]:
        """The indicators that cost the most points, worst first."""
        losing = [score for score in self.scores if score.lost > 0]
        return sorted(losing, key=lambda score: (-score.lost, score.indicator.id))[:count]


def score(indicator: Indicator, figure: Figure) -> Score:
    top = max_points(indicator)
    earned = points(figure.rate, top, indicator.threshold) if top else None
    return Score(indicator, figure, top, earned)


def scorecard(figures: dict[str, Figure]) -> Scorecard:
    scores = tuple(score(indicator, figures[indicator.id]) for indicator in INDICATORS)
    groups = tuple(_group(key, name, scores) for key, name in GROUPS.items())
    measured = [group for group in groups if group.points is not None]
    return Scorecard(
        scores=scores,
        groups=groups,
        total_points=sum((group.points for group in measured), Decimal(0)),
        max_points=sum((group.max_points for group in measured), Decimal(0)),
    )


def _group(key: str, name: str, scores: tuple[Score, ...]) -> GroupScore:
    own = tuple(score for score in scores if score.indicator.group == key)
    counted = [score for score in own if score.scored and score.points is not None]
    weights = conf.indicator_weights()
    total_weight = sum(Decimal(weights.get(s.indicator.id, 0)) for s in own)
    measured_weight = sum(Decimal(weights.get(s.indicator.id, 0)) for s in counted)
    nominal = conf.group_points()[key]
    top = _round(Decimal(nominal) * measured_weight / total_weight) if total_weight else Decimal(0)
    return GroupScore(
        key=key,
        name=name,
        points=sum((s.points for s in counted), Decimal(0)) if counted else None,
        max_points=top,
        nominal_points=nominal,
        scores=own,
    )


def figures_of(s: Slice) -> dict[str, Figure]:
    """Every indicator's figure for the slice (the sums are read once)."""
    return {indicator.id: indicator.compute(s) for indicator in INDICATORS}


def score_slice(s: Slice) -> Scorecard:
    return scorecard(figures_of(s))
