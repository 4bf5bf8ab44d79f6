"""The review runs open → survey → group meetings → ward approval → published, in order,
each step logged with who and when; households entering or leaving poverty are recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from phuongso.households import review_services, services
from phuongso.households.models import (
    PovertyTransition,
    ReviewEvent,
    ReviewStatus,
    ReviewStep,
    ReviewYear,
    TransitionSource,
)
from phuongso.households.standard import Category
from phuongso.households.tests.conftest import answer, run_to_approval

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def steps(review_year: ReviewYear) -> list[str]:
    return list(
        review_year.events.exclude(step=ReviewStep.ANSWERS_ENTERED).values_list("step", flat=True)
    )


def test_opening_puts_every_active_household_on_the_roster(review_year, ward) -> None:
    assert review_year.status == ReviewStatus.SURVEYING
    assert review_year.standard_code == "nd07-2021"
    assert review_year.entries.count() == 20
    assert review_year.entries.filter(area="rural").count() == 4
    assert steps(review_year) == [ReviewStep.OPENED]


def test_a_year_without_a_standard_cannot_be_opened(commune, ward) -> None:
    with pytest.raises(services.ReviewError, match="2031"):
        review_services.open_review_year(commune=commune, year=2031, actor=None)


def test_a_second_review_cannot_open_while_one_is_running(commune, review_year) -> None:
    with pytest.raises(services.ReviewError, match="chưa được phê duyệt"):
        review_services.open_review_year(commune=commune, year=2026, actor=None)


def test_only_social_affairs_officials_open_a_review(commune, ward, other_unit_specialist) -> None:
    with pytest.raises(services.ReviewError, match="Văn hóa – Xã hội"):
        review_services.open_review_year(commune=commune, year=2025, actor=other_unit_specialist)


def test_a_whole_review_runs_from_survey_to_published_list(answered, specialist, leader) -> None:
    review_services.close_survey(review_year=answered, actor=specialist)
    for group in {entry.residential_group for entry in answered.entries.all()}:
        review_services.record_group_meeting(
            review_year=answered,
            residential_group=group,
            held_on=TODAY,
            attendees=25,
            actor=specialist,
        )
    review_services.approve_review(
        review_year=answered, decision_number="12/QĐ-UBND", decision_date=TODAY, actor=leader
    )
    review_services.publish_review(review_year=answered, publish_names=False, actor=specialist)
    answered.refresh_from_db()
    assert answered.status == ReviewStatus.PUBLISHED
    assert answered.approved_by == leader and answered.decision_number == "12/QĐ-UBND"
    assert steps(answered) == [ReviewStep.OPENED, ReviewStep.SURVEY_CLOSED] + [
        ReviewStep.MEETING_RECORDED
    ] * 3 + [ReviewStep.APPROVED, ReviewStep.PUBLISHED]
    published = answered.events.get(step=ReviewStep.PUBLISHED)
    assert (published.from_status, published.to_status) == ("approved", "published")
    assert published.actor == specialist


def test_approval_needs_every_groups_meeting(answered) -> None:
    review_services.close_survey(review_year=answered, actor=None)
    group = answered.entries.first().residential_group
    review_services.record_group_meeting(
        review_year=answered, residential_group=group, held_on=TODAY, attendees=20, actor=None
    )
    with pytest.raises(services.ReviewError, match="Chưa ghi kết quả họp của 2 tổ dân phố"):
        review_services.approve_review(
            review_year=answered, decision_number="1/QĐ-UBND", decision_date=TODAY, actor=None
        )
    assert ReviewYear.objects.get(pk=answered.pk).status == ReviewStatus.MEETINGS


def test_steps_cannot_be_skipped(answered) -> None:
    with pytest.raises(services.ReviewError, match="họp"):
        review_services.record_group_meeting(
            review_year=answered,
            residential_group=answered.entries.first().residential_group,
            held_on=TODAY,
            attendees=20,
            actor=None,
        )
    with pytest.raises(services.ReviewError):
        review_services.publish_review(review_year=answered, publish_names=True, actor=None)


def test_a_lost_race_is_a_clear_message(answered) -> None:
    stale = ReviewYear.objects.get(pk=answered.pk)
    review_services.close_survey(review_year=answered, actor=None)
    with pytest.raises(services.ReviewError, match="người khác cập nhật"):
        review_services._advance(
            stale,
            ReviewStep.SURVEY_CLOSED,
            source=ReviewStatus.SURVEYING,
            target=ReviewStatus.MEETINGS,
            actor=None,
            at=timezone.now(),
            fields={},
        )


def test_answers_can_be_corrected_during_meetings_and_are_locked_after_approval(
    answered, ward
) -> None:
    review_services.close_survey(review_year=answered, actor=None)
    answer(answered, ward["tien_cat"][3], 1_000_000, "water")  # the meeting's correction
    assert answered.entries.get(household=ward["tien_cat"][3]).category == Category.NEAR_POOR
    for group in {entry.residential_group for entry in answered.entries.all()}:
        review_services.record_group_meeting(
            review_year=answered, residential_group=group, held_on=TODAY, attendees=10, actor=None
        )
    review_services.approve_review(
        review_year=answered, decision_number="2/QĐ-UBND", decision_date=TODAY, actor=None
    )
    with pytest.raises(services.ReviewError, match="đã kết thúc"):
        answer(answered, ward["tien_cat"][3], 900_000)


def test_each_answer_keeps_its_history(answered, ward, specialist) -> None:
    household = ward["tien_cat"][0]
    answer(answered, household, 3_500_000)
    events = ReviewEvent.objects.filter(household=household, step=ReviewStep.ANSWERS_ENTERED)
    last = events.order_by("-pk").first()
    assert last.data["before"]["category"] == Category.POOR
    assert last.data["after"]["category"] == Category.NOT_POOR
    assert events.count() == 3  # comfortable, poor, comfortable again


def test_approval_records_households_entering_and_leaving_poverty(commune, answered, ward) -> None:
    run_to_approval(answered, decision_date=TODAY - dt.timedelta(days=300))
    assert not answered.transitions.exists()  # nothing to compare the first review with
    review_services.publish_review(review_year=answered, publish_names=False, actor=None)
    later = review_services.open_review_year(commune=commune, year=2026, actor=None)
    for households in ward.values():
        for household in households:
            answer(later, household, 6_000_000)
    answer(later, ward["tien_cat"][0], 1_900_000, "water")  # poor -> near-poor: left poverty
    answer(later, ward["tien_cat"][5], 1_000_000, "water", "telecom", "nutrition")  # new poor
    run_to_approval(later)
    changes = {
        (c.household.code, c.from_category, c.to_category)
        for c in later.transitions.select_related("household")
    }
    assert changes == {
        ("H001", "poor", "near_poor"),
        ("H006", "not_poor", "poor"),
        ("H002", "near_poor", "not_poor"),
        ("H011", "poor", "not_poor"),
        ("H017", "near_poor", "not_poor"),
    }
    assert all(c.source == TransitionSource.ANNUAL for c in later.transitions.all())


def test_a_household_leaving_poverty_during_the_year_is_recorded(
    answered, ward, specialist
) -> None:
    run_to_approval(answered)
    change = review_services.record_change_during_year(
        review_year=answered,
        household=ward["tien_cat"][0],
        to_category=Category.NEAR_POOR,
        occurred_on=TODAY,
        reason="Quyết định 30/QĐ-UBND",
        actor=specialist,
    )
    assert change.left_poverty and change.source == TransitionSource.DURING_YEAR
    assert review_services.current_category(answered, ward["tien_cat"][0]) == Category.NEAR_POOR
    with pytest.raises(services.ReviewError, match="không có gì thay đổi"):
        review_services.record_change_during_year(
            review_year=answered,
            household=ward["tien_cat"][0],
            to_category=Category.NEAR_POOR,
            occurred_on=TODAY,
            reason="Lặp lại",
            actor=specialist,
        )
    assert PovertyTransition.objects.count() == 1


def test_the_steps_are_taken_from_the_review_page(client, specialist, answered) -> None:
    client.force_login(specialist)
    url = f"/ho-gia-dinh/ra-soat/{answered.pk}/buoc/"
    client.post(url, {"buoc": "close"})
    group = answered.entries.first().residential_group
    client.post(
        url,
        {
            "buoc": "meeting",
            "meeting-residential_group": group.pk,
            "meeting-held_on": TODAY.isoformat(),
            "meeting-attendees": 30,
        },
    )
    page = client.get(f"/ho-gia-dinh/ra-soat/{answered.pk}/").content.decode()
    assert "1 / 3 tổ dân phố đã họp" in page
    assert answered.meetings.count() == 1


def test_an_official_of_another_unit_cannot_take_a_step(
    client, other_unit_specialist, answered
) -> None:
    client.force_login(other_unit_specialist)
    client.post(f"/ho-gia-dinh/ra-soat/{answered.pk}/buoc/", {"buoc": "close"})
    assert ReviewYear.objects.get(pk=answered.pk).status == ReviewStatus.SURVEYING
