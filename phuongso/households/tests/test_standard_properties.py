"""Properties of the classification rule, over every answer hypothesis can think of."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from phuongso.households.standard import SEVERITY, Category, classify, standard_for

years = st.integers(min_value=2022, max_value=2030)
areas = st.sampled_from(["urban", "rural"])
incomes = st.integers(min_value=0, max_value=20_000_000)


@st.composite
def answers(draw: st.DrawFn) -> tuple[int, str, int, frozenset[str]]:
    year = draw(years)
    keys = draw(st.frozensets(st.sampled_from(standard_for(year).keys)))
    return year, draw(areas), draw(incomes), keys


def severity(year: int, area: str, income: int, keys: frozenset[str]) -> int:
    result = classify(year=year, area=area, monthly_income_per_person=income, deprivations=keys)
    return SEVERITY[result.category]


@given(answers(), st.integers(min_value=0, max_value=5_000_000))
def test_more_income_never_makes_a_household_poorer(answer, extra) -> None:
    year, area, income, keys = answer
    assert severity(year, area, income + extra, keys) <= severity(year, area, income, keys)


@given(answers(), st.data())
def test_more_deprivations_never_make_a_household_less_poor(answer, data) -> None:
    year, area, income, keys = answer
    more = keys | data.draw(st.frozensets(st.sampled_from(standard_for(year).keys)))
    assert severity(year, area, income, more) >= severity(year, area, income, keys)


@given(answers())
def test_poor_means_at_most_the_line_and_three_deprivations_both(answer) -> None:
    year, area, income, keys = answer
    result = classify(year=year, area=area, monthly_income_per_person=income, deprivations=keys)
    under_line = income <= result.income_line
    assert (result.category == Category.POOR) == (under_line and len(keys) >= 3)
    assert (result.category == Category.NEAR_POOR) == (under_line and len(keys) < 3)


@given(years, areas, st.frozensets(st.sampled_from(standard_for(2025).keys), min_size=3))
def test_the_line_itself_is_inside_and_one_dong_more_is_outside(year, area, keys) -> None:
    keys = frozenset(keys) & frozenset(standard_for(year).keys)
    line = standard_for(year).income_line(area)
    at_line = severity(year, area, line, keys)
    above = severity(year, area, line + 1, keys)
    assert at_line >= SEVERITY[Category.NEAR_POOR]
    assert above <= SEVERITY[Category.MIDDLE]
