"""The demo command: categories with their units, the ward's area, thirty reports in every
state with their history; safe to run twice; nobody is messaged."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from phuongso.accounts.demo import load_demo_accounts
from phuongso.feedback.models import Category, CommuneArea, Follower, Rating, Report
from phuongso.feedback.workflow import Status
from phuongso.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_categories_go_to_the_units_the_ward_named(commune) -> None:
    out = StringIO()
    call_command("seed_feedback", stdout=out)
    assert "chưa tạo phản ánh minh họa" in out.getvalue()  # no officials to handle them yet
    assert not Report.objects.exists()
    units = dict(Category.objects.values_list("name", "responsible_unit__kind"))
    assert units == {
        "Đèn chiếu sáng công cộng": "economy",
        "Ngập úng, thoát nước": "economy",
        "Rác thải, vệ sinh môi trường": "economy",
        "Trật tự, tiếng ồn": "police",
        "Thủ tục hành chính": "service_centre",
        "Khác": "office",
    }
    assert CommuneArea.objects.get(commune=commune).contains(21.31, 105.42)


def test_the_demo_reports_cover_every_state_and_run_twice_safely(commune) -> None:
    load_demo_accounts()
    out = StringIO()
    call_command("seed_feedback", stdout=out)
    assert "đã tạo 30 phản ánh minh họa" in out.getvalue()
    states = set(Report.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    assert Rating.objects.count() >= 5
    assert Report.objects.filter(duplicate_of__isnull=False).count() == 1
    assert Follower.objects.count() == 0  # the merged duplicate was anonymous, without contact
    assert Report.objects.filter(reopen_count=1).exists()
    assert not Notification.objects.exists()
    call_command("seed_feedback", stdout=out)
    assert Report.objects.count() == 30
    assert "đã có sẵn" in out.getvalue()


def test_an_unconfigured_commune_is_refused(db) -> None:
    with pytest.raises(CommandError, match="chưa được cấu hình"):
        call_command("seed_feedback", "--commune", "1", stdout=StringIO())
