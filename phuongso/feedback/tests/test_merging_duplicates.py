"""Staff merge a duplicate: it closes with a link to the kept report, whose followers now
include the duplicate's reporter, who is told."""

from __future__ import annotations

import pytest

from phuongso.feedback import services
from phuongso.feedback.models import Follower
from phuongso.feedback.services import FeedbackError
from phuongso.feedback.workflow import Action, Status
from phuongso.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_duplicate_closes_with_a_link_and_its_reporter_follows_the_kept_one(
    make_report, citizen, other_citizen, economy_specialist, django_capture_on_commit_callbacks
) -> None:
    kept = services.accept(make_report(reporter=citizen), actor=economy_specialist)
    duplicate = make_report(reporter=other_citizen, description="Đèn ngõ 12 tối om.")
    with django_capture_on_commit_callbacks(execute=True):
        duplicate = services.merge(duplicate, actor=economy_specialist, into=kept)
    assert duplicate.status == Status.CLOSED
    assert duplicate.duplicate_of == kept
    assert f"số {kept.pk}" in duplicate.events.get(action=Action.MERGE).note
    follower = Follower.objects.get(report=kept)
    assert follower.user == other_citizen and follower.merged_from == duplicate
    told = Notification.objects.filter(event="feedback_merged", about=f"feedback:{duplicate.pk}")
    assert told.filter(recipient="+84912000002").exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.reply(kept, actor=economy_specialist, message="Sẽ thay bóng trong tuần.")
    update = Notification.objects.get(event="feedback_followed_update", recipient="+84912000002")
    assert "Sẽ thay bóng trong tuần" not in update.body  # SMS is short: the step only
    assert f"phan anh so {kept.pk}" in update.body


def test_an_anonymous_reporters_contact_follows_too(make_report, economy_specialist) -> None:
    kept = make_report()
    duplicate = make_report()  # anonymous, with a phone for the answer
    services.merge(duplicate, actor=economy_specialist, into=kept)
    assert Follower.objects.get(report=kept).phone == "+84912000009"


def test_a_report_cannot_be_merged_into_itself_or_a_closed_one(
    make_report, economy_specialist
) -> None:
    report = make_report()
    with pytest.raises(FeedbackError, match="chính nó"):
        services.merge(report, actor=economy_specialist, into=report)
    closed = services.refuse(make_report(), actor=economy_specialist, reason="Không thuộc địa bàn.")
    with pytest.raises(FeedbackError, match="đã đóng hoặc đã bị gộp"):
        services.merge(report, actor=economy_specialist, into=closed)
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_the_desk_merges_by_number(client, make_report, economy_specialist) -> None:
    kept, duplicate = make_report(), make_report()
    client.force_login(economy_specialist)
    response = client.post(
        f"/phan-anh/xu-ly/{duplicate.pk}/thao-tac/merge/",
        {"merge-version": duplicate.version, "merge-into": kept.pk},
        follow=True,
    )
    assert "Đã thực hiện: Gộp vào phản ánh trùng" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == kept


def test_the_public_page_of_a_duplicate_links_to_the_kept_one(
    client, make_report, economy_specialist
) -> None:
    kept, duplicate = make_report(), make_report()
    services.merge(duplicate, actor=economy_specialist, into=kept)
    page = client.get(f"/phan-anh/{duplicate.pk}/").content.decode()
    assert f'href="/phan-anh/{kept.pk}/"' in page
