"""The poverty standards as data, and the classification rule at its boundaries."""

from __future__ import annotations

import pytest

from phuongso.households.standard import (
    Category,
    StandardError,
    classify,
    load_standards,
    standard_for,
)

THREE = ("health_insurance", "water", "sanitation")


def category(year: int, area: str, income: int, *keys: str) -> str:
    return classify(
        year=year, area=area, monthly_income_per_person=income, deprivations=keys
    ).category


def test_each_review_year_has_its_standard() -> None:
    assert [standard_for(year).code for year in (2022, 2025, 2026)] == ["nd07-2021"] * 3
    assert [standard_for(year).code for year in (2027, 2030)] == ["nd351-2025"] * 2


def test_income_lines_are_those_of_the_decrees() -> None:
    assert dict(standard_for(2025).income_lines) == {"rural": 1_500_000, "urban": 2_000_000}
    assert dict(standard_for(2028).income_lines) == {"rural": 2_200_000, "urban": 2_800_000}


def test_the_2027_indicator_set_drops_information_devices_and_adds_waste() -> None:
    old, new = set(standard_for(2025).keys), set(standard_for(2027).keys)
    assert len(old) == len(new) == 12
    assert old - new == {"information_devices"}
    assert new - old == {"waste"}


def test_uncertain_values_of_the_2027_standard_are_marked_with_a_note() -> None:
    standard = standard_for(2027)
    assert all(indicator.uncertain for indicator in standard.indicators)
    assert any("dự thảo" in note for note in standard.notes)
    assert standard.middle_lines is None


def test_the_data_file_loads_the_same_standards() -> None:
    assert [standard.code for standard in load_standards()] == ["nd07-2021", "nd351-2025"]


@pytest.mark.parametrize(
    ("year", "area", "line"),
    [
        (2025, "urban", 2_000_000),
        (2025, "rural", 1_500_000),
        (2028, "urban", 2_800_000),
        (2028, "rural", 2_200_000),
    ],
)
def test_income_exactly_at_the_line_counts_as_at_most_the_line(year, area, line) -> None:
    assert category(year, area, line, *THREE) == Category.POOR
    assert category(year, area, line, "water") == Category.NEAR_POOR
    assert category(year, area, line + 1, *THREE) != Category.POOR


def test_three_deprivations_make_poor_and_two_make_near_poor() -> None:
    assert category(2025, "urban", 1_000_000, *THREE) == Category.POOR
    assert category(2025, "urban", 1_000_000, *THREE[:2]) == Category.NEAR_POOR
    assert category(2025, "urban", 1_000_000) == Category.NEAR_POOR


def test_and_not_or_deprived_households_above_the_line_are_not_poor() -> None:
    every_key = standard_for(2025).keys
    assert category(2025, "urban", 2_000_001, *every_key) == Category.MIDDLE
    assert category(2025, "urban", 9_000_000, *every_key) == Category.NOT_POOR


def test_the_middle_band_exists_only_for_2022_to_2026() -> None:
    assert category(2025, "urban", 3_000_000) == Category.MIDDLE
    assert category(2025, "urban", 3_000_001) == Category.NOT_POOR
    assert category(2025, "rural", 2_250_000) == Category.MIDDLE
    assert category(2025, "rural", 2_250_001) == Category.NOT_POOR
    assert category(2028, "urban", 2_800_001) == Category.NOT_POOR


def test_a_key_given_twice_counts_once() -> None:
    result = classify(
        year=2025,
        area="urban",
        monthly_income_per_person=1_000_000,
        deprivations=["water", "water", "sanitation"],
    )
    assert result.deprivation_count == 2
    assert result.category == Category.NEAR_POOR


def test_a_year_without_a_standard_is_refused_naming_the_years_covered() -> None:
    with pytest.raises(StandardError, match="2021") as error:
        category(2021, "urban", 1_000_000)
    assert "2022–2026" in error.value.message and "2027–2030" in error.value.message


@pytest.mark.parametrize(("year", "key"), [(2025, "waste"), (2028, "information_devices")])
def test_a_key_of_the_other_years_standard_is_refused_and_named(year, key) -> None:
    with pytest.raises(StandardError, match=key) as error:
        category(year, "urban", 1_000_000, key)
    assert "không thuộc chuẩn nghèo áp dụng cho năm rà soát này" in error.value.message


def test_an_unknown_key_lists_the_keys_of_the_standard() -> None:
    with pytest.raises(StandardError, match="health_insurance"):
        category(2025, "urban", 1_000_000, "internet")


@pytest.mark.parametrize("income", [-1, "1500000", "một triệu", 1.5, True, None])
def test_income_that_is_not_a_whole_non_negative_number_is_refused(income) -> None:
    with pytest.raises(StandardError):
        category(2025, "urban", income)


def test_an_unknown_area_is_refused() -> None:
    with pytest.raises(StandardError, match="urban"):
        category(2025, "suburban", 1_000_000)
