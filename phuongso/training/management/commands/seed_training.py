"""Courses and demo enrolments and completions for the commune's officials.

    manage.py seed_training [--commune 7909] [--seed 2025]

Idempotent: courses are updated in place; an official who already has a record for a course
keeps it. Proportions follow a ward half-way to the resolution's target.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phuongso.accounts.models import User
from phuongso.core.models import Commune
from phuongso.training import services
from phuongso.training.access import officials_of
from phuongso.training.figures import required_for
from phuongso.training.models import Course, Enrolment

# Shares of officials per stage of the two resolution courses (a ward half-way to 100%).
BOTH_DONE, BASIC_ONLY = 0.55, 0.3
# Chance an official has completed each other course, else is enrolled in it.
OTHER_COMPLETED = {"MC-HTTT": 0.9, "ATTT": 0.5, "CKS": 0.3}


class Command(BaseCommand):
    help = "Tạo các khóa bồi dưỡng kỹ năng số và ghi danh, hoàn thành minh họa cho cán bộ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commune", type=int, default=7909, help="Mã xã, phường.")
        parser.add_argument("--seed", type=int, default=2025, help="Hạt giống ngẫu nhiên.")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = Commune.objects.filter(code=options["commune"]).first()
        if commune is None:
            raise CommandError("Không có xã, phường có mã này; hãy chạy load_demo trước.")
        count = services.seed_courses()
        self.stdout.write(f"Đã cập nhật {count} khóa bồi dưỡng.")
        rng = random.Random(options["seed"])
        courses = list(Course.objects.filter(is_active=True).order_by("order"))
        officials = [
            official
            for official in officials_of(commune.pk).order_by("pk")
            if not Enrolment.objects.filter(official=official).exists()
        ]
        rng.shuffle(officials)
        both = round(len(officials) * BOTH_DONE)
        basic = round(len(officials) * BASIC_ONLY)
        written = 0
        for index, official in enumerate(officials):
            stage = 2 if index < both else 1 if index < both + basic else 0
            written += seed_official(official, courses, stage, rng)
        self.stdout.write(
            f"Đã ghi {written} lượt ghi danh, hoàn thành cho {len(officials)} cán bộ "
            "chưa có dữ liệu."
        )


def _day(rng: random.Random, start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(days))


def seed_official(official: User, courses: list[Course], stage: int, rng: random.Random) -> int:
    """`stage` of the resolution courses: 2 both done, 1 basic done, 0 enrolled in basic."""
    mandatory = {course.pk for course in required_for(official, courses)}
    written = 0
    for course in courses:
        if course.counts_for_resolution:
            done = stage == 2 or (stage == 1 and course.code == "KNS-CB")
            enrol = not done and (stage == 1 or course.code == "KNS-CB")
        else:
            wanted = course.pk in mandatory or rng.random() < 0.3
            done = wanted and rng.random() < OTHER_COMPLETED.get(course.code, 0.4)
            enrol = wanted and not done and rng.random() < 0.5
        if done:
            services.record_completion(
                official=official,
                course=course,
                completed_on=_day(rng, dt.date(2025, 3, 1), 540),
                actor=None,
                note="Dữ liệu minh họa",
            )
        elif enrol:
            services.enrol(
                official=official,
                course=course,
                actor=None,
                enrolled_on=_day(rng, dt.date(2026, 9, 1), 60),
            )
        written += done or enrol
    return written
