from __future__ import annotations

from decimal import Decimal

from phuongso.resolution.evaluation import evaluate
from phuongso.resolution.models import Comparator
from phuongso.resolution.progress import meets_target

TOLERANCE = Decimal("0.1")


def meets(value: str, comparator: str, target: str | None) -> bool:
    return meets_target(Decimal(value), comparator=comparator,
                        target_value=Decimal(target) if target else None, tolerance=TOLERANCE)  # fmt: skip


def test_at_least_includes_the_target() -> None:
    assert meets("100", Comparator.AT_LEAST, "100")
    assert not meets("99.9", Comparator.AT_LEAST, "100")


def test_over_excludes_the_target() -> None:
    assert meets("632.1", Comparator.OVER, "632")
    assert not meets("632", Comparator.OVER, "632")


def test_at_most_includes_the_target() -> None:
    assert meets("5", Comparator.AT_MOST, "5")
    assert not meets("5.01", Comparator.AT_MOST, "5")


def test_basically_none_is_at_most_the_tolerance() -> None:
    assert meets("0.1", Comparator.BASICALLY_NONE, None)
    assert meets("0", Comparator.BASICALLY_NONE, None)
    assert not meets("0.11", Comparator.BASICALLY_NONE, None)


def test_without_a_comparator_nothing_meets_the_target() -> None:
    assert not meets("1", "", None)
    assert not meets_target(None, comparator=Comparator.AT_LEAST, target_value=Decimal(1),
                            tolerance=TOLERANCE)  # fmt: skip


def test_the_basically_none_tolerance_is_a_setting_unless_the_indicator_sets_its_own(
    settings, poverty
) -> None:
    assert evaluate(poverty).tolerance == Decimal("0.1")
    assert evaluate(poverty).target_phrase == "Cơ bản không còn (không quá 0,1%)"
    settings.RESOLUTION_BASICALLY_NONE_AT_MOST = Decimal("0.2")
    assert evaluate(poverty).path[2030] == Decimal("0.2")
    poverty.target_tolerance = Decimal("0.05")
    assert evaluate(poverty).tolerance == Decimal("0.05")
