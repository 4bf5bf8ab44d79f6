from __future__ import annotations

from decimal import Decimal

from phuongso.resolution.evaluation import evaluate
from phuongso.resolution.models import Measure, PathMethod, ValueKind
from phuongso.resolution.progress import annual_growth, default_method, derive_path


def test_money_grows_by_a_constant_rate_and_rates_by_a_constant_step() -> None:
    assert default_method(ValueKind.MONEY, Measure.FLOW) == PathMethod.COMPOUND
    assert default_method(ValueKind.PERCENT, Measure.LEVEL) == PathMethod.LINEAR
    assert default_method(ValueKind.MONEY, Measure.CUMULATIVE) == PathMethod.LINEAR


def test_budget_revenue_path_grows_about_nine_percent_a_year_to_632() -> None:
    growth = annual_growth(Decimal("410.6"), Decimal("632"), 5)
    assert round(growth * 100, 1) == Decimal("9.0")
    path = derive_path(start_year=2025, start_value=Decimal("410.6"), target_year=2030,
                       target_value=Decimal("632"), method=PathMethod.COMPOUND)  # fmt: skip
    assert list(path) == [2025, 2026, 2027, 2028, 2029, 2030]
    assert path[2025] == Decimal("410.6")
    assert path[2026] == Decimal("447.5881")
    assert path[2030] == Decimal("632")
    ratios = [path[year + 1] / path[year] for year in range(2025, 2030)]
    assert max(ratios) - min(ratios) < Decimal("0.0001")


def test_a_rate_falls_by_the_same_step_every_year() -> None:
    path = derive_path(start_year=2025, start_value=Decimal("0.35"), target_year=2030,
                       target_value=Decimal("0.1"), method=PathMethod.LINEAR)  # fmt: skip
    assert path == {2025: Decimal("0.35"), 2026: Decimal("0.3"), 2027: Decimal("0.25"),
                    2028: Decimal("0.2"), 2029: Decimal("0.15"), 2030: Decimal("0.1")}  # fmt: skip


def test_without_a_target_number_the_path_holds_the_baseline() -> None:
    path = derive_path(start_year=2025, start_value=Decimal("0.27"), target_year=2030,
                       target_value=None, method=PathMethod.LINEAR)  # fmt: skip
    assert set(path.values()) == {Decimal("0.27")}


def test_the_seeded_indicators_get_their_default_paths(resolution) -> None:
    revenue = evaluate(resolution.indicators.get(code="thu-ngan-sach"))
    assert revenue.method == PathMethod.COMPOUND
    assert revenue.path[2026] == Decimal("447.5881")
    investment = evaluate(resolution.indicators.get(code="von-dau-tu"))
    # A term total: 20.000 tỷ đồng spread evenly over 2026–2030, counted from zero.
    assert investment.path == {2025: 0, 2026: 4000, 2027: 8000, 2028: 12000, 2029: 16000,
                               2030: 20000}  # fmt: skip
    poverty = evaluate(resolution.indicators.get(code="ho-ngheo"))
    assert poverty.path[2030] == Decimal("0.1")  # 'basically none' heads to its tolerance


def test_a_quarter_of_a_flow_is_a_share_of_the_year_and_of_a_level_a_step_towards_it(
    revenue, resolution
) -> None:
    revenue_row = evaluate(revenue).row(2026, 2)
    assert revenue_row.planned == Decimal("223.7941")  # half of 447,5881
    investment_row = evaluate(resolution.indicators.get(code="von-dau-tu")).row(2026, 2)
    assert investment_row.planned == Decimal("2000")
