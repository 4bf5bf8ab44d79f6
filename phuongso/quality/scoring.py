"""Points of the index: each indicator's points, groups and the total.

Some indicators have the points the national method gives them (QUALITY_INDICATOR_POINTS:
1.4 at 6, 3.6 at 10 with 3.5 unscored, 5.2–5.4 at 6; index-766-formulas.md "Points", from a
secondary source); the others share what is left of their group's points (QUALITY_GROUP_POINTS,
18/20/12/10/18/22) by QUALITY_INDICATOR_WEIGHTS. An indicator at or above its full-score
threshold (QUALITY_THRESHOLDS) earns all its points; below it, rate × max ÷ threshold (the
formula text's common notes).

The national total is 100 points. phuongso measures fewer indicators than the national index
(transparency 1.1–1.3 are not computed; an indicator with nothing to measure is N/A): such a
total is **partial**, says so (`partial`, `national_points`) and is never rescaled to 100 to
look comparable with the national score.
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
    """The indicator's points: fixed by the national method, or its share of what is left of
    its group (0 when it is not scored)."""
    return _round(_exact_max_points(indicator))


def _exact_max_points(indicator: Indicator) -> Decimal:
    fixed = conf.indicator_points()
    if indicator.id in fixed:
        return fixed[indicator.id]
    weights = conf.indicator_weights()
    weight = Decimal(weights.get(indicator.id, 0))
    sharing = [i for i in INDICATORS if i.group == indicator.group and i.id not in fixed]
    group_weight = sum(Decimal(weights.get(other.id, 0)) for other in sharing)
    if not weight or not group_weight:
        return Decimal(0)
    taken = sum(
        (
            v
            for k, v in fixed.items()
            if k in {i.id for i in INDICATORS if i.group == indicator.group}
        ),
        Decimal(0),
    )
    left = max(Decimal(conf.group_points()[indicator.group]) - taken, Decimal(0))
    return left * weight / group_weight


def national_points() -> Decimal:
    """The national index's total (100 with the default groups)."""
    return Decimal(sum(conf.group_points().values()))


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

    national_points: Decimal = Decimal(100)

    @property
    def partial(self) -> bool:
        """Whether the total covers fewer points than the national index."""
        return self.max_points < self.national_points

    @property
    def index(self) -> Decimal | None:
        """The total as a share of the points measured (%), for ranking communes scored the
        same way; not the national score when partial (never shown as one)."""
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
        national_points=national_points(),
    )


def _group(key: str, name: str, scores: tuple[Score, ...]) -> GroupScore:
    own = tuple(score for score in scores if score.indicator.group == key)
    counted = [score for score in own if score.scored and score.points is not None]
    return GroupScore(
        key=key,
        name=name,
        points=sum((s.points for s in counted), Decimal(0)) if counted else None,
        # Summed before rounding: three indicators of 22/3 points make 22, not 21.99.
        max_points=_round(sum((_exact_max_points(s.indicator) for s in counted), Decimal(0))),
        nominal_points=conf.group_points()[key],
        scores=own,
    )


def figures_of(s: Slice) -> dict[str, Figure]:
    """Every indicator's figure for the slice (the sums are read once)."""
    return {indicator.id: indicator.compute(s) for indicator in INDICATORS}


def score_slice(s: Slice) -> Scorecard:
    return scorecard(figures_of(s))
