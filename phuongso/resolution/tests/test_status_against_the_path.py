from __future__ import annotations

from decimal import Decimal

from phuongso.resolution import services
from phuongso.resolution.evaluation import evaluate
from phuongso.resolution.models import Direction
from phuongso.resolution.progress import IndicatorStatus, period_status

GAP = Decimal("0.10")


def status(value: str, planned: str, direction: str = Direction.HIGHER, **kwargs) -> str:
    return period_status(value=Decimal(value), planned=Decimal(planned), direction=direction,
                         at_risk_gap=GAP, **kwargs)  # fmt: skip


def test_at_or_ahead_of_the_path_is_on_track() -> None:
    assert status("447.6", "447.6") == IndicatorStatus.ON_TRACK
    assert status("500", "447.6") == IndicatorStatus.ON_TRACK
    assert status("0.25", "0.30", Direction.LOWER) == IndicatorStatus.ON_TRACK


def test_a_shortfall_up_to_the_threshold_is_at_risk_and_beyond_it_off_track() -> None:
    assert status("405", "450") == IndicatorStatus.AT_RISK  # 10% short, the limit
    assert status("404", "450") == IndicatorStatus.OFF_TRACK
    assert status("0.32", "0.30", Direction.LOWER) == IndicatorStatus.AT_RISK
    assert status("0.40", "0.30", Direction.LOWER) == IndicatorStatus.OFF_TRACK


def test_already_meeting_the_final_target_is_on_track_whatever_the_path() -> None:
    assert status("1", "450", meets_final_target=True) == IndicatorStatus.ON_TRACK


def test_no_figure_or_no_path_says_so() -> None:
    no_figure = period_status(value=None, planned=Decimal(1), direction="higher", at_risk_gap=GAP)
    no_path = period_status(value=Decimal(1), planned=None, direction="higher", at_risk_gap=GAP)
    assert no_figure == IndicatorStatus.NO_DATA
    assert no_path == IndicatorStatus.NO_PLAN


def test_the_threshold_is_a_setting(settings, revenue) -> None:
    services.record_actual(indicator=revenue, year=2026, value="420", source="Báo cáo",
                           actor=None)  # fmt: skip
    assert evaluate(revenue).status == IndicatorStatus.AT_RISK  # 6,2% short of 447,59
    settings.RESOLUTION_AT_RISK_GAP = Decimal("0.05")
    assert evaluate(revenue).status == IndicatorStatus.OFF_TRACK


def test_the_latest_period_gives_the_indicator_its_status(revenue) -> None:
    # Seeded: 2025 on the baseline, then 218,4 in the first half of 2026 (2,4% short).
    assert evaluate(revenue).status == IndicatorStatus.AT_RISK
    assert evaluate(revenue).latest.label == "Quý 2/2026"
    services.record_actual(indicator=revenue, year=2026, value="452.3",
                           source="Báo cáo ước thực hiện năm 2026", actor=None)  # fmt: skip
    evaluation = evaluate(revenue)
    assert evaluation.latest.label == "Năm 2026"
    assert evaluation.status == IndicatorStatus.ON_TRACK
