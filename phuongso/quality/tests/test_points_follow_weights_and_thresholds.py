from __future__ import annotations

from decimal import Decimal

import pytest

from phuongso.core.figures import Figure
from phuongso.quality import indicators, scoring

pytestmark = pytest.mark.django_db


def test_full_points_at_the_threshold_and_proportional_below() -> None:
    assert scoring.points(Decimal("50"), Decimal(6), Decimal(50)) == Decimal("6.00")
    assert scoring.points(Decimal("80"), Decimal(6), Decimal(50)) == Decimal("6.00")
    assert scoring.points(Decimal("25"), Decimal(6), Decimal(50)) == Decimal("3.00")
    assert scoring.points(Decimal("66.67"), Decimal(20), Decimal(100)) == Decimal("13.33")
    assert scoring.points(None, Decimal(20), Decimal(100)) is None


def test_the_national_points_are_the_default_and_the_rest_share_their_group() -> None:
    share = {i.id: scoring.max_points(i) for i in indicators.INDICATORS}
    # The national weights (index-766-formulas.md "Points", a secondary source).
    assert share["1.4"] == Decimal(6)
    assert (share["3.5"], share["3.6"]) == (Decimal(0), Decimal(10))
    assert share["5.2"] == share["5.3"] == share["5.4"] == Decimal(6)
    assert share["5.1"] == 0
    # The rest as before: 2.1 carries timeliness, 3.3 twice 3.1 and 3.2, digitisation in 3.
    assert share["2.1"] == Decimal(20) and share["2.2"] == 0
    assert (share["3.1"], share["3.2"], share["3.3"]) == (Decimal(3), Decimal(3), Decimal(6))
    assert share["4.1"] == share["4.2"] == share["4.3"] == Decimal("7.33")


def test_the_february_scorecard(february_slice) -> None:
    card = scoring.score_slice(february_slice)
    earned = {score.indicator.id: score.points for score in card.scores}
    assert earned == {
        "1.4": Decimal("0.00"),  # nothing synced yet
        "2.1": Decimal("12.50"),  # 62.5% of 20 (full at 100%)
        "2.2": None,  # not scored
        "3.1": Decimal("3.00"),
        "3.2": Decimal("3.00"),
        "3.3": Decimal("0.00"),  # 25% locally × 1.4 (0%) = 0%
        "3.5": None,  # not scored ("Bỏ thống kê")
        "3.6": Decimal("2.00"),  # 20% of 10
        "4.1": Decimal("2.75"),  # 37.5% × 7.33
        "4.2": Decimal("2.29"),  # 25% × 7.33 ÷ 80%
        "4.3": Decimal("1.15"),
        "5.1": None,  # not scored; no feedback this month anyway
        "5.2": None,  # no feedback received: N/A
        "5.3": None,
        "5.4": Decimal("3.33"),  # 50% × 6 ÷ 90%
    }
    groups = {group.key: (group.points, group.max_points) for group in card.groups}
    assert groups["transparency"] == (Decimal("0.00"), Decimal(6))  # 1.4 only
    assert groups["digitisation"] == (Decimal("6.19"), Decimal(22))
    assert card.total_points == Decimal("30.02")
    assert card.max_points == Decimal(76)
    # Fewer points measured than the national 100: partial, never rescaled to 100.
    assert card.partial and card.national_points == Decimal(100)
    assert [s.indicator.id for s in card.costliest()] == ["3.6", "2.1", "4.3"]


def test_an_indicator_with_nothing_to_measure_leaves_the_maximum() -> None:
    empty = Figure(0, 0, "", "")
    figures = {i.id: empty for i in indicators.INDICATORS}
    figures["2.1"] = Figure(9, 10, "", "")
    card = scoring.scorecard(figures)
    assert (card.total_points, card.max_points, card.index) == (
        Decimal("18.00"),
        Decimal(20),
        Decimal("90.00"),
    )


def test_weights_and_thresholds_are_settings(settings, february_slice) -> None:
    settings.QUALITY_GROUP_POINTS = {**settings.QUALITY_GROUP_POINTS, "timeliness": 40}
    settings.QUALITY_INDICATOR_POINTS = {**settings.QUALITY_INDICATOR_POINTS, "3.5": 5}
    settings.QUALITY_THRESHOLDS = {"2.1": 60}
    card = scoring.score_slice(february_slice)
    assert card.score("2.1").max_points == Decimal(40)
    assert card.score("2.1").points == Decimal("40.00")  # 62.5% ≥ 60%
    assert card.score("3.5").max_points == Decimal(5)
