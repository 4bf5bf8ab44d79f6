"""Generate a demo ward: households, members, and two review years run to the published list.

    manage.py seed_households --commune 7909 --households 15000 [--reset] [--seed 2025]

Idempotent: when the commune already has demo households it does nothing unless --reset,
which deletes the demo households and demo review years (never real ones) first.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from phuongso.core.models import Commune, ResidentialGroup
from phuongso.households import answer_services, review_services, services
from phuongso.households.demo import WardGenerator, profiles
from phuongso.households.models import AnswerSource, Household, Member, ReviewYear
from phuongso.households.services import MemberData
from phuongso.households.standard import Category

# Shares of households per category in the two demo years (2025: the resolution's baseline).
PREVIOUS_SHARES = {"poor": 0.0052, "near_poor": 0.0041, "middle": 0.030}
CURRENT_SHARES = {"poor": 0.0035, "near_poor": 0.0027, "middle": 0.025}


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


class Command(BaseCommand):
    help = (
        "Tạo phường minh họa: hộ gia đình, thành viên và hai đợt rà soát hộ nghèo (năm trước và "
        "năm được chọn) đi hết các bước đến công bố danh sách."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commune", type=int, default=7909, help="Mã xã, phường.")
        parser.add_argument("--households", type=int, default=15000, help="Số hộ cần tạo.")
        parser.add_argument("--year", type=int, default=2025, help="Năm rà soát được công bố.")
        parser.add_argument("--seed", type=int, default=2025, help="Hạt giống ngẫu nhiên.")
        parser.add_argument("--reset", action="store_true", help="Xóa dữ liệu minh họa cũ trước.")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = Commune.objects.filter(code=options["commune"]).first()
        if commune is None:
            raise CommandError("Không có xã, phường có mã này; hãy chạy load_demo trước.")
        groups = list(
            ResidentialGroup.objects.filter(commune=commune).order_by("former_unit__code", "pk")
        )
        if not groups:
            raise CommandError(f"{commune.name} chưa có tổ dân phố; hãy chạy load_demo trước.")
        if Household.objects.filter(commune=commune, is_demo=True).exists():
            if not options["reset"]:
                self.stdout.write("Đã có hộ minh họa; giữ nguyên (dùng --reset để tạo lại).")
                return
            self.reset(commune)
        self.check_years(commune, options["year"])
        started = time.perf_counter()
        self.seed(commune, groups, options)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Xong trong {elapsed:.1f} giây.")

    def reset(self, commune: Commune) -> None:
        with transaction.atomic():
            ReviewYear.objects.filter(commune=commune, is_demo=True).delete()
            Household.objects.filter(commune=commune, is_demo=True).delete()
        self.stdout.write("Đã xóa hộ và đợt rà soát minh họa cũ.")

    def check_years(self, commune: Commune, year: int) -> None:
        taken = ReviewYear.objects.filter(commune=commune, year__in=[year - 1, year])
        if taken.exists():
            raise CommandError(
                f"{commune.name} đã có đợt rà soát năm {year - 1} hoặc {year} không phải dữ "
                "liệu minh họa; không tạo đè."
            )

    def seed(self, commune: Commune, groups: list[ResidentialGroup], options: dict) -> None:
        year = options["year"]
        taken = set(Member.objects.exclude(personal_id=None).values_list("personal_id", flat=True))
        generator = WardGenerator(seed=options["seed"], today=dt.date(year, 8, 1), taken_ids=taken)
        households = generator.households(
            groups=groups, count=options["households"], prefix=str(commune.code)
        )
        services.register_households(
            commune=commune,
            households=households,
            actor=None,
            occurred_on=dt.date(year - 1, 1, 2),
            is_demo=True,
        )
        self.stdout.write(
            f"Đã tạo {len(households)} hộ, {sum(len(h.members) for h in households)} nhân khẩu."
        )
        people = members_by_household(commune)
        previous = run_review(
            commune, year - 1, generator, PREVIOUS_SHARES, keep_poor=[], people=people
        )
        poor = list(
            previous.entries.filter(category=Category.POOR).values_list("household_id", flat=True)
        )
        current = run_review(
            commune, year, generator, CURRENT_SHARES, keep_poor=poor, people=people
        )
        record_changes_during_year(current, generator)
        for review_year in (previous, current):
            self.describe(review_year)

    def describe(self, review_year: ReviewYear) -> None:
        entries = review_year.entries
        poor = entries.filter(category=Category.POOR).count()
        near = entries.filter(category=Category.NEAR_POOR).count()
        total = entries.count()
        self.stdout.write(
            f"Năm {review_year.year}: {total} hộ, {poor} hộ nghèo ({100 * poor / total:.2f}%), "
            f"{near} hộ cận nghèo ({100 * near / total:.2f}%), "
            f"{review_year.transitions.count()} biến động; {review_year.get_status_display()}."
        )


def members_by_household(commune: Commune) -> dict[int, list[MemberData]]:
    """The demo members, enough of them to tell which deprivations are possible."""
    people: dict[int, list[MemberData]] = {}
    rows = Member.objects.filter(household__commune=commune, household__is_demo=True)
    fields = ("household_id", "birth_date", "sex", "has_disability", "on_social_allowance")
    for household_id, born, sex, disability, allowance in rows.values_list(*fields).iterator(
        chunk_size=5000
    ):
        people.setdefault(household_id, []).append(
            MemberData(
                full_name="",
                birth_date=born,
                sex=sex,
                relation="",
                has_disability=disability,
                on_social_allowance=allowance,
            )
        )
    return people


def run_review(
    commune: Commune,
    year: int,
    generator: WardGenerator,
    shares: dict[str, float],
    *,
    keep_poor: list[int],
    people: dict[int, list[MemberData]],
) -> ReviewYear:
    """Open, survey every household, close, meet in every group, approve and publish."""
    review_year = review_services.open_review_year(
        commune=commune, year=year, actor=None, at=at(dt.date(year, 9, 5)), is_demo=True
    )
    areas = dict(review_year.entries.values_list("household_id", "area"))
    categories = generator.categories(list(areas), keep_poor=keep_poor, **shares)
    found = profiles(people, dt.date(year, 10, 1))
    rows = generator.answers(review_year.standard, areas, categories, found)
    answer_services.apply_answers(
        review_year=review_year,
        rows=rows,
        actor=None,
        source=AnswerSource.DEMO,
        at=at(dt.date(year, 10, 20)),
    )
    review_services.close_survey(review_year=review_year, actor=None, at=at(dt.date(year, 11, 10)))
    group_ids = set(review_year.entries.values_list("residential_group_id", flat=True))
    for index, group in enumerate(ResidentialGroup.objects.filter(pk__in=group_ids)):
        review_services.record_group_meeting(
            review_year=review_year,
            residential_group=group,
            actor=None,
            held_on=dt.date(year, 11, 12 + index % 12),
            attendees=generator.random.randint(25, 70),
            conclusion="Thống nhất danh sách hộ nghèo, hộ cận nghèo của tổ.",
            at=at(dt.date(year, 11, 12 + index % 12), 16),
        )
    review_services.approve_review(
        review_year=review_year,
        actor=None,
        at=at(dt.date(year, 12, 10), 15),
        decision_number=f"{generator.random.randint(1200, 2400)}/QĐ-UBND",
        decision_date=dt.date(year, 12, 10),
        decision_signer="Chủ tịch UBND phường",
    )
    return review_services.publish_review(
        review_year=review_year, publish_names=False, actor=None, at=at(dt.date(year, 12, 12))
    )


def record_changes_during_year(review_year: ReviewYear, generator: WardGenerator) -> None:
    """Two poor households recognised as leaving poverty during the following year."""
    poor = list(review_year.entries.filter(category=Category.POOR).select_related("household"))
    for number, entry in enumerate(generator.random.sample(poor, min(2, len(poor))), start=1):
        review_services.record_change_during_year(
            review_year=review_year,
            household=entry.household,
            to_category=Category.NEAR_POOR,
            at=at(min(dt.date(review_year.year + 1, 3, 10 + number), timezone.localdate()), 10),
            occurred_on=min(dt.date(review_year.year + 1, 3, 10 + number), timezone.localdate()),
            actor=None,
            reason=f"Có việc làm ổn định; Quyết định số {40 + number}/QĐ-UBND công nhận hộ thoát "
            "nghèo (minh họa).",
        )
