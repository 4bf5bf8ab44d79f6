"""A generated ward for the demo: households, members and review answers that look real.

Everything here is invented and marked `is_demo`. Names follow common Vietnamese family,
middle and given names; households have a head, often a spouse, children, sometimes a parent
or grandchildren. Survey answers give, by construction, the shares of poor and near-poor
households asked for (Thanh Miếu 2025: 0,35% poor, 0,27% near-poor).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from phuongso.accounts.models import Sex
from phuongso.core.models import ResidentialGroup
from phuongso.households.answer_services import AnswerRow
from phuongso.households.members import age_on, dependant_share, is_working_age
from phuongso.households.models import Relation
from phuongso.households.services import MemberData, NewHousehold
from phuongso.households.standard import Category, Standard

FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Phan", 4),
    ("Vũ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Đinh", 1),
    ("Hà", 2),
    ("Lương", 1),
    ("Trịnh", 1),
    ("Đào", 1),
    ("Cao", 1),
    ("Kiều", 1),
]
MALE_MIDDLE = ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Tiến", "Công"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim"]
MALE_GIVEN = [
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Thành",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hòa",
    "Lâm",
    "Tùng",
    "Kiên",
    "Đông",
    "Hưng",
    "Phúc",
]
FEMALE_GIVEN = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Hiền",
    "Lệ",
    "My",
]
STREETS = [
    "Hùng Vương",
    "Tiên Sơn",
    "Hòa Phong",
    "Trần Phú",
    "Châu Phong",
    "Nguyễn Du",
    "Hai Bà Trưng",
    "Bà Triệu",
    "Lạc Long Quân",
    "Âu Cơ",
    "Bạch Hạc",
    "Hàn Thuyên",
    "Lê Quý Đôn",
    "Nguyễn Tất Thành",
    "Tân Việt",
    "Long Châu Sa",
]
# Birth-registration provinces of people living in a Phú Thọ ward (mostly Phú Thọ itself).
PROVINCES = [("025", 86), ("026", 5), ("001", 4), ("017", 3), ("019", 1), ("038", 1)]
# How often each indicator is deprived among poor households (relative weights).
DEPRIVATION_WEIGHTS = {
    "health_insurance": 30,
    "housing_quality": 22,
    "dependants": 20,
    "employment": 18,
    "sanitation": 14,
    "water": 12,
    "adult_education": 10,
    "housing_area": 10,
    "information_devices": 6,
    "telecom": 6,
    "child_schooling": 4,
    "nutrition": 4,
    "waste": 8,
}


@dataclass(frozen=True)
class Profile:
    forced: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()


NO_PROFILE = Profile()


@dataclass
class Person:
    name: str
    birth: dt.date
    sex: str
    relation: str


class WardGenerator:
    """Deterministic for a seed: the same seed gives the same ward."""

    def __init__(self, *, seed: int, today: dt.date, taken_ids: set[str] | None = None) -> None:
        self.random = random.Random(seed)
        self.today = today
        self.taken = set(taken_ids or ())
        self.serial = 300000 + self.random.randrange(100000)

    # --- people ------------------------------------------------------------------------------

    def family_name(self) -> str:
        names, weights = zip(*FAMILY, strict=True)
        return self.random.choices(names, weights)[0]

    def name(self, sex: str, family: str | None = None) -> str:
        family = family or self.family_name()
        if sex == Sex.MALE:
            return f"{family} {self.random.choice(MALE_MIDDLE)} {self.random.choice(MALE_GIVEN)}"
        return f"{family} {self.random.choice(FEMALE_MIDDLE)} {self.random.choice(FEMALE_GIVEN)}"

    def birth(self, age: int) -> dt.date:
        """A birth date `age` years ago, never in the future."""
        day = dt.date(self.today.year - age, 1, 1) + dt.timedelta(days=self.random.randrange(365))
        if day >= self.today:
            day = self.today - dt.timedelta(days=self.random.randint(1, 300))
        return day

    def person(self, age: int, sex: str, relation: str, family: str | None = None) -> Person:
        age = max(0, min(age, 98))
        return Person(self.name(sex, family), self.birth(age), sex, relation)

    def personal_id(self, person: Person) -> str:
        """A plausible number: province, century and sex, year, then a unique serial."""
        if self.random.random() < 0.06:
            return ""
        codes, weights = zip(*PROVINCES, strict=True)
        province = self.random.choices(codes, weights)[0]
        century = (person.birth.year - 1900) // 100
        digit = century * 2 + (person.sex == Sex.FEMALE)
        while True:
            self.serial += 1 + self.random.randrange(7)
            number = f"{province}{digit}{person.birth.year % 100:02d}{self.serial % 1000000:06d}"
            if number not in self.taken:
                self.taken.add(number)
                return number

    def household_people(self) -> list[Person]:
        sex = Sex.MALE if self.random.random() < 0.68 else Sex.FEMALE
        head_age = int(self.random.triangular(22, 90, 46))
        family = self.family_name()
        head = self.person(head_age, sex, Relation.HEAD, family)
        people = [head]
        children_family = family  # children take their father's family name
        spouse_chance = 0.85 if head_age < 70 else 0.5
        if self.random.random() < spouse_chance:
            other = Sex.FEMALE if sex == Sex.MALE else Sex.MALE
            spouse = self.person(head_age + self.random.randint(-6, 3), other, Relation.SPOUSE)
            people.append(spouse)
            if sex == Sex.FEMALE:
                children_family = spouse.name.split()[0]
        people += self.children(head_age, children_family)
        if head_age < 55 and self.random.random() < 0.12:
            parent_sex = self.random.choice([Sex.MALE, Sex.FEMALE])
            people.append(
                self.person(
                    head_age + self.random.randint(22, 34),
                    parent_sex,
                    Relation.PARENT,
                    family if parent_sex == Sex.MALE else None,
                )
            )
        return people

    def children(self, head_age: int, family: str) -> list[Person]:
        if head_age < 24:
            return []
        count = self.random.choices([0, 1, 2, 3], [12, 30, 45, 13])[0]
        if head_age > 62:
            count = self.random.choices([0, 1, 2], [55, 35, 10])[0]
        result = []
        for _ in range(count):
            age = head_age - self.random.randint(22, 36)
            if age < 0:
                continue
            child_sex = self.random.choice([Sex.MALE, Sex.FEMALE])
            result.append(self.person(age, child_sex, Relation.CHILD, family))
            if age >= 26 and self.random.random() < 0.3:
                result += self.young_family(age, child_sex, family)
        return result

    def young_family(self, age: int, sex: str, family: str) -> list[Person]:
        """A grown child's spouse and children living with the parents."""
        in_law_sex = Sex.FEMALE if sex == Sex.MALE else Sex.MALE
        in_law = self.person(age + self.random.randint(-4, 3), in_law_sex, Relation.CHILD_IN_LAW)
        grand_family = family if sex == Sex.MALE else in_law.name.split()[0]
        people = [in_law]
        for _ in range(self.random.randint(1, 2)):
            grand_sex = self.random.choice([Sex.MALE, Sex.FEMALE])
            people.append(
                self.person(
                    max(0, age - self.random.randint(22, 32)),
                    grand_sex,
                    Relation.GRANDCHILD,
                    grand_family,
                )
            )
        return people

    def member_data(self, person: Person) -> MemberData:
        age = self.today.year - person.birth.year
        disability = self.random.random() < (0.06 if age >= 70 else 0.015)
        allowance = (disability and self.random.random() < 0.7) or (
            age >= 80 and self.random.random() < 0.6
        )
        return MemberData(
            full_name=person.name,
            birth_date=person.birth,
            sex=person.sex,
            relation=person.relation,
            personal_id=self.personal_id(person),
            has_disability=disability,
            on_social_allowance=allowance,
        )

    # --- households --------------------------------------------------------------------------

    def address(self, group_index: int) -> str:
        street = STREETS[(group_index * 3 + self.random.randrange(2)) % len(STREETS)]
        lane = self.random.randint(1, 120)
        return f"Số {self.random.randint(1, 80)}, ngõ {lane}, đường {street}"

    def households(
        self, *, groups: Sequence[ResidentialGroup], count: int, prefix: str, start: int = 1
    ) -> list[NewHousehold]:
        """`count` households spread unevenly over the groups (some groups are bigger)."""
        weights = [self.random.uniform(0.6, 1.5) for _ in groups]
        chosen = self.random.choices(range(len(groups)), weights, k=count)
        result = []
        for number, index in enumerate(sorted(chosen), start=start):
            people = [self.member_data(person) for person in self.household_people()]
            result.append(
                NewHousehold(
                    code=f"{prefix}-{number:06d}",
                    residential_group=groups[index],
                    address=self.address(index),
                    members=tuple(people),
                )
            )
        return result

    # --- survey answers ----------------------------------------------------------------------

    def deprivations(
        self, standard: Standard, low: int, high: int, profile: Profile = NO_PROFILE
    ) -> tuple[str, ...]:
        """Between `low` and `high` keys, always the forced ones, never the impossible ones."""
        forced = [key for key in profile.forced if key in standard.keys]
        keys = [key for key in standard.keys if key not in profile.excluded]
        weights = [DEPRIVATION_WEIGHTS.get(key, 5) for key in keys]
        count = max(len(forced), self.random.randint(low, high))
        chosen = set(forced)
        while len(chosen) < min(count, len(keys)):
            chosen.add(self.random.choices(keys, weights)[0])
        return tuple(key for key in standard.keys if key in chosen)

    def round_income(self, value: float) -> int:
        return max(0, int(round(value / 10000.0)) * 10000)

    def answer(
        self, standard: Standard, area: str, category: str, profile: Profile = NO_PROFILE
    ) -> tuple[int, tuple[str, ...]]:
        """Income and deprivations that the standard classifies as `category`."""
        line = standard.income_line(area)
        middle = standard.middle_line(area) or line
        if category == Category.POOR:
            income = self.round_income(self.random.uniform(0.45, 1.0) * line)
            return min(line, income), self.deprivations(standard, 3, 5, profile)
        if category == Category.NEAR_POOR:
            return (
                min(line, self.round_income(self.random.uniform(0.6, 1.0) * line)),
                self.deprivations(standard, 0, 2),
            )
        if category == Category.MIDDLE:
            income = self.random.uniform(line + 10000, middle)
            income = min(middle, self.round_income(income))
            return income, self.deprivations(standard, 0, 1, profile)
        return self.comfortable(standard, middle, profile)

    def comfortable(
        self, standard: Standard, floor: int, profile: Profile
    ) -> tuple[int, tuple[str, ...]]:
        income = max(floor + 10000, self.random.lognormvariate(15.45, 0.45))
        roll = self.random.random()
        # Mostly not deprived; a few deprived on three indicators yet not poor (AND, not OR).
        low, high = (
            (0, 0) if roll < 0.85 else (1, 1) if roll < 0.97 else (2, 2) if roll < 0.997 else (3, 3)
        )
        return self.round_income(income), self.deprivations(standard, low, high, profile)

    def categories(
        self,
        household_ids: Sequence[int],
        *,
        poor: float,
        near_poor: float,
        middle: float,
        keep_poor: Sequence[int] = (),
        keep_share: float = 0.6,
    ) -> dict[int, str]:
        """Exactly round(n × share) households per category. Of last year's poor households,
        `keep_share` stay poor, some become near-poor, the others leave poverty."""
        ids = list(household_ids)
        n_poor, n_near = round(len(ids) * poor), round(len(ids) * near_poor)
        n_middle = round(len(ids) * middle)
        known = set(ids)
        previous = [pk for pk in keep_poor if pk in known]
        self.random.shuffle(previous)
        poor_ids = previous[: min(n_poor, round(n_poor * keep_share))]
        near_ids = previous[len(poor_ids) : len(poor_ids) + min(n_near, round(n_near * 0.35))]
        left = previous[len(poor_ids) + len(near_ids) :]
        rest = [pk for pk in ids if pk not in set(previous)]
        self.random.shuffle(rest)
        need_poor, need_near = n_poor - len(poor_ids), n_near - len(near_ids)
        poor_ids += rest[:need_poor]
        near_ids += rest[need_poor : need_poor + need_near]
        middle_ids = (left + rest[need_poor + need_near :])[:n_middle]
        result = dict.fromkeys(ids, Category.NOT_POOR)
        result |= dict.fromkeys(middle_ids, Category.MIDDLE)
        result |= dict.fromkeys(near_ids, Category.NEAR_POOR)
        result |= dict.fromkeys(poor_ids, Category.POOR)
        return result

    def answers(
        self,
        standard: Standard,
        areas: dict[int, str],
        categories: dict[int, str],
        profiles: dict[int, Profile] | None = None,
    ) -> list[AnswerRow]:
        rows = []
        for household_id, category in categories.items():
            if category == Category.MIDDLE and standard.middle_lines is None:
                category = Category.NOT_POOR
            profile = (profiles or {}).get(household_id, NO_PROFILE)
            income, deprived = self.answer(standard, areas[household_id], category, profile)
            rows.append(AnswerRow(household_id, income, deprived))
        return rows


def profiles(people: dict[int, list[MemberData]], on: dt.date) -> dict[int, Profile]:
    """What a household's members make certain or impossible: a household with more than
    half dependants is deprived on "dependants"; one without children cannot be deprived on
    nutrition or schooling; one without members aged 16–30 not on adult education."""
    result = {}
    for household_id, members in people.items():
        ages = [age_on(member.birth_date, on) for member in members]
        dependants, total = dependant_share(members, on)
        forced = {"dependants"} if dependants * 2 > total else set()
        excluded = set() if forced else {"dependants"}
        if not any(age < 16 for age in ages):
            excluded |= {"nutrition", "child_schooling"}
        if not any(16 <= age <= 30 for age in ages):
            excluded.add("adult_education")
        if not any(is_working_age(member, on) for member in members):
            excluded.add("employment")
        result[household_id] = Profile(frozenset(forced), frozenset(excluded))
    return result
