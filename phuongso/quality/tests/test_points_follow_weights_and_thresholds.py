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


def test_group_points_are_shared_by_the_weights() -> None:
    share = {i.id: scoring.max_points(i) for i in indicators.INDICATORS}
    assert share["2.1"] == Decimal(20) and share["2.2"] == 0
    assert (share["3.1"], share["3.2"], share["3.3"]) == (Decimal(3), Decimal(3), Decimal(6))
    assert (share["3.5"], share["3.6"]) == (Decimal(5), Decimal(5))
    assert share["4.1"] == share["4.2"] == share["4.3"] == Decimal("7.33")
    assert share["5.4"] == Decimal(18)


def test_the_february_scorecard(february_slice) -> None:
    card = scoring.score_slice(february_slice)
    earned = {score.indicator.id: score.points for score in card.scores}
    assert earned == {
        "2.1": Decimal("13.33"),  # 66.67% of 20 (full at 100%)
        "2.2": None,  # not scored
        "3.1": Decimal("3.00"),
        "3.2": Decimal("3.00"),
        "3.3": Decimal("3.00"),  # 25% of 6 points, full at 50%
        "3.5": Decimal("5.00"),
        "3.6": Decimal("1.00"),
        "4.1": Decimal("4.40"),
        "4.2": Decimal("3.67"),  # 40% × 7.33 ÷ 80%
        "4.3": Decimal("1.15"),
        "5.4": Decimal("10.00"),  # 50% × 18 ÷ 90%
    }
    groups = {group.key: (group.points, group.max_points) for group in card.groups}
    assert groups["transparency"] == (None, Decimal(0))  # no data in phuongso: not counted
    assert groups["digitisation"] == (Decimal("9.22"), Decimal(22))
    assert card.total_points == Decimal("47.55")
    assert card.max_points == Decimal(82)
    assert card.index == Decimal("57.99")
    assert [s.indicator.id for s in card.costliest()] == ["5.4", "2.1", "4.3"]


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
    settings.QUALITY_GROUP_POINTS = {"timeliness": 40}
    settings.QUALITY_THRESHOLDS = {"2.1": 60}
    card = scoring.score_slice(february_slice)
    assert card.score("2.1").max_points == Decimal(40)
    assert card.score("2.1").points == Decimal("40.00")  # 66.67% ≥ 60%
