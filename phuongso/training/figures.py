"""The digital-skills figures: each formula has one home, here.

`digital_skills_rate` feeds the resolution's "100% of officials trained in digital skills"
indicator (resolved by dotted path): the officials of the commune who completed every course
flagged `counts_for_resolution` (basic digital skills and mastering digital skills) by the
period's end, over all active officials of the commune.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from phuongso.accounts.models import Role, User, with_roles
from phuongso.core.figures import Figure
from phuongso.core.models import Commune
from phuongso.training.access import officials_of
from phuongso.training.models import Course, Enrolment, EnrolmentStatus, RequiredFor

FORMULA = (
    "Số cán bộ, công chức đã hoàn thành cả các khóa bắt buộc của chỉ tiêu (kỹ năng số cơ bản "
    "và làm chủ kỹ năng số) ÷ tổng số cán bộ, công chức đang công tác × 100%"
)


def resolution_courses() -> list[Course]:
    return list(Course.objects.filter(counts_for_resolution=True).order_by("order"))


def completions(official_ids: list[int], end: dt.date) -> dict[int, set[int]]:
    """Official id -> ids of the courses they completed on or before `end`."""
    done: dict[int, set[int]] = defaultdict(set)
    rows = Enrolment.objects.filter(
        official_id__in=official_ids, status=EnrolmentStatus.COMPLETED, completed_on__lte=end
    ).values_list("official_id", "course_id")
    for official_id, course_id in rows:
        done[official_id].add(course_id)
    return done


def trained_ids(officials: list[User], end: dt.date) -> list[int]:
    required = {course.pk for course in resolution_courses()}
    if not required:
        return []
    done = completions([official.pk for official in officials], end)
    return [official.pk for official in officials if required <= done[official.pk]]


def _source(commune: Commune, end: dt.date) -> str:
    names = " và ".join(f"«{course.name}»" for course in resolution_courses())
    if not names:
        return f"Sổ bồi dưỡng kỹ năng số của {commune.name}: chưa khai báo khóa học bắt buộc"
    return (
        f"Sổ theo dõi bồi dưỡng kỹ năng số cán bộ, công chức của {commune.name} (khóa {names}), "
        f"hoàn thành đến ngày {end:%d/%m/%Y}; danh sách cán bộ theo tài khoản đang hoạt động"
    )


def digital_skills_rate(*, commune: Commune, start: dt.date, end: dt.date) -> Figure:
    officials = list(officials_of(commune.pk))
    trained = trained_ids(officials, end)
    return Figure(
        numerator=len(trained),
        denominator=len(officials),
        source=_source(commune, end),
        formula=FORMULA,
        record_ids=tuple(trained),
    )


@dataclass(frozen=True)
class UnitRate:
    name: str
    figure: Figure


def rates_by_unit(*, commune: Commune, end: dt.date) -> list[UnitRate]:
    officials = list(officials_of(commune.pk))
    trained = set(trained_ids(officials, end))
    units: dict[str, list[User]] = defaultdict(list)
    for official in officials:
        units[official.unit.name if official.unit else "Chưa gán đơn vị"].append(official)
    return [
        UnitRate(
            name,
            Figure(
                numerator=sum(official.pk in trained for official in members),
                denominator=len(members),
                source=name,
                formula=FORMULA,
            ),
        )
        for name, members in sorted(units.items())
    ]


# --- who still needs which course ----------------------------------------------------------------


def is_one_stop(official: User) -> bool:
    return bool(official.unit and official.unit.is_one_stop) or official.has_role(
        Role.COUNTER_OFFICER
    )


def required_for(official: User, courses: list[Course]) -> list[Course]:
    """The active courses this official must take: everyone's, and the one-stop's."""
    return [
        course
        for course in courses
        if course.is_active
        and (
            course.required_for == RequiredFor.ALL
            or (course.required_for == RequiredFor.ONE_STOP and is_one_stop(official))
        )
    ]


@dataclass(frozen=True)
class Need:
    official: User
    missing: list[Course]
    enrolled: set[int]  # ids of missing courses the official is already enrolled in


def needs(*, commune: Commune, end: dt.date | None = None) -> list[Need]:
    """Each official still missing a required course, with the courses missing."""
    officials = sorted(
        with_roles(list(officials_of(commune.pk))),
        key=lambda o: (str(o.unit or ""), o.full_name),
    )
    courses = list(Course.objects.filter(is_active=True).order_by("order"))
    done = completions([official.pk for official in officials], end or dt.date.max)
    enrolled = _enrolled([official.pk for official in officials])
    result = []
    for official in officials:
        missing = [c for c in required_for(official, courses) if c.pk not in done[official.pk]]
        if missing:
            result.append(Need(official, missing, enrolled[official.pk]))
    return result


def _enrolled(official_ids: list[int]) -> dict[int, set[int]]:
    enrolled: dict[int, set[int]] = defaultdict(set)
    rows = Enrolment.objects.filter(
        official_id__in=official_ids, status=EnrolmentStatus.ENROLLED
    ).values_list("official_id", "course_id")
    for official_id, course_id in rows:
        enrolled[official_id].add(course_id)
    return enrolled


@dataclass(frozen=True)
class CourseCount:
    course: Course
    required: int
    enrolled: int
    completed: int


def course_counts(*, commune: Commune) -> list[CourseCount]:
    officials = with_roles(list(officials_of(commune.pk)))
    ids = [official.pk for official in officials]
    rows = Enrolment.objects.filter(official_id__in=ids).values_list("course_id", "status")
    enrolled: dict[int, int] = defaultdict(int)
    completed: dict[int, int] = defaultdict(int)
    for course_id, status in rows:
        (completed if status == EnrolmentStatus.COMPLETED else enrolled)[course_id] += 1
    courses = list(Course.objects.order_by("order"))
    return [
        CourseCount(
            course,
            sum(course in required_for(official, courses) for official in officials),
            enrolled[course.pk],
            completed[course.pk],
        )
        for course in courses
    ]
