"""What a member's birth date and flags say on a given day: age, working age, dependant.

Derived, never stored: a member's working age changes as they grow older. Working age is
15 up to the retirement age of the Labour Code 2019 (Art. 169, Decree 135/2020 roadmap: from
2021 men 60 years 3 months, +3 months a year to 62; women 55 years 4 months, +4 months a
year to 60), read for the calendar year asked. The dependant flag only helps the surveyor
answer the "dependants" indicator; the answer is theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from phuongso.accounts.models import Sex

WORKING_AGE_FROM = 15
CHILD_BELOW = 16


class Person(Protocol):
    birth_date: dt.date
    sex: str
    has_disability: bool
    on_social_allowance: bool


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Completed years on a day."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday


def months_on(birth_date: dt.date, on: dt.date) -> int:
    months = (on.year - birth_date.year) * 12 + on.month - birth_date.month
    return months - (on.day < birth_date.day)


def retirement_age_months(sex: str, year: int) -> int:
    steps = max(0, year - 2020)
    if sex == Sex.MALE:
        return min(62 * 12, 60 * 12 + 3 * steps)
    return min(60 * 12, 55 * 12 + 4 * steps)


def is_working_age(person: Person, on: dt.date) -> bool:
    if age_on(person.birth_date, on) < WORKING_AGE_FROM:
        return False
    return months_on(person.birth_date, on) < retirement_age_months(person.sex, on.year)


def is_dependant(person: Person, on: dt.date) -> bool:
    """A child under 16, a person past working age, or a person with a disability or on a
    monthly social allowance."""
    if age_on(person.birth_date, on) < CHILD_BELOW:
        return True
    if not is_working_age(person, on):
        return True
    return person.has_disability or person.on_social_allowance


def dependant_share(people: Iterable[Person], on: dt.date) -> tuple[int, int]:
    """(dependants, members): the "dependants" indicator is deprived above one half."""
    listed = list(people)
    return sum(is_dependant(person, on) for person in listed), len(listed)
