"""The resolution's digital-skills indicator: officials who completed both required courses
by the end of the period, over all active officials of the commune, per unit and ward."""

from __future__ import annotations

import datetime as dt

import pytest

from phuongso.training.figures import digital_skills_rate, rates_by_unit
from phuongso.training.tests.conftest import complete

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 1, 1), dt.date(2026, 6, 30)


@pytest.fixture
def cast(counter_officer, specialist, other_unit_specialist, leader, administrator):
    return [counter_officer, specialist, other_unit_specialist, leader, administrator]


def test_only_officials_with_both_courses_by_the_end_count(commune, courses, cast) -> None:
    counter_officer, specialist, other_unit_specialist, leader, _ = cast
    for official in (counter_officer, specialist):
        complete(official, courses["KNS-CB"])
        complete(official, courses["KNS-LC"])
    complete(other_unit_specialist, courses["KNS-CB"])  # only one of the two
    complete(leader, courses["KNS-CB"])
    complete(leader, courses["KNS-LC"], on=dt.date(2026, 9, 1))  # after the period's end
    figure = digital_skills_rate(commune=commune, start=START, end=END)
    assert (figure.numerator, figure.denominator) == (2, 5)
    assert figure.display() == "40,00%"
    assert set(figure.record_ids) == {counter_officer.pk, specialist.pk}
    assert "Kỹ năng số cơ bản" in figure.source and "30/06/2026" in figure.source


def test_citizens_inactive_accounts_and_other_communes_are_not_officials_here(
    commune, courses, cast, citizen, other_commune_officer
) -> None:
    cast[0].is_active = False
    cast[0].save()
    for person in (citizen, other_commune_officer):
        complete_if_official(person, courses)
    figure = digital_skills_rate(commune=commune, start=START, end=END)
    assert figure.denominator == 4


def complete_if_official(person, courses) -> None:
    if person.is_official:
        complete(person, courses["KNS-CB"])
        complete(person, courses["KNS-LC"])


def test_without_required_courses_nobody_counts(commune, cast) -> None:
    figure = digital_skills_rate(commune=commune, start=START, end=END)
    assert (figure.numerator, figure.denominator) == (0, 5)
    assert "chưa khai báo khóa học bắt buộc" in figure.source


def test_rates_per_unit_add_up_to_the_ward(commune, courses, cast) -> None:
    counter_officer, specialist, *_ = cast
    for official in (counter_officer, specialist):
        complete(official, courses["KNS-CB"])
        complete(official, courses["KNS-LC"])
    units = {unit.name: unit.figure for unit in rates_by_unit(commune=commune, end=END)}
    assert units["Phòng Văn hóa – Xã hội"].display() == "100,00%"
    assert units["Phòng Kinh tế, Hạ tầng và Đô thị"].display() == "0,00%"
    assert sum(f.numerator for f in units.values()) == 2
    assert sum(f.denominator for f in units.values()) == 5


def test_the_rates_api_answers_officials_and_refuses_citizens(
    client, commune, courses, cast, citizen
) -> None:
    complete(cast[1], courses["KNS-CB"])
    complete(cast[1], courses["KNS-LC"])
    client.force_login(cast[3])
    body = client.get("/api/v1/training/rates?end=2026-06-30").json()
    assert body["ward"]["numerator"] == 1 and body["ward"]["denominator"] == 5
    assert body["ward"]["display"] == "20,00%"
    assert body["required_courses"] == ["Kỹ năng số cơ bản", "Làm chủ kỹ năng số"]
    client.force_login(citizen)
    assert client.get("/api/v1/training/rates").status_code == 403
