"""Reminders and escalation: the assignee is warned before the deadline, the leaders after
it or when a dossier sits at one step; each warning goes once, however often the command runs."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from phuongso.dossiers import services
from phuongso.dossiers.testing import at, walk_in
from phuongso.notifications.models import Notification
from phuongso.reminders.models import Reminder
from phuongso.reminders.services import send_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(three_day_procedure, counter_officer, specialist):
    """Received Monday 02/03/2026 09:00, due Thursday 05/03 17:00; assigned at 10:00."""
    specialist.email = "tuan@example.vn"
    specialist.save()
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    return services.assign(
        dossier, actor=specialist, assignee=specialist, at=at("02/03/2026", "10:00")
    )


def stages(**filters) -> set[tuple[str, str]]:
    return set(Reminder.objects.filter(**filters).values_list("stage", "recipient__username"))


def test_nothing_is_sent_while_time_is_ample(assigned, leader) -> None:
    assert send_reminders(now=at("02/03/2026", "11:00")) == 0


def test_the_assignee_is_warned_once_when_the_deadline_nears(assigned, specialist, leader) -> None:
    send_reminders(now=at("05/03/2026", "10:00"))  # less than a working day left
    assert ("due_soon", "chuyen_vien") in stages()
    message = Notification.objects.get(recipient="tuan@example.vn")
    assert message.subject == f"Sắp đến hạn: hồ sơ {assigned.code}"
    assert "Cấp Giấy xác nhận tình trạng hôn nhân" in message.body
    assert send_reminders(now=at("05/03/2026", "11:00")) == 0  # the same warning: not again
    assert Notification.objects.filter(recipient="tuan@example.vn").count() == 1


def test_the_leaders_are_told_when_it_is_overdue(assigned, leader) -> None:
    send_reminders(now=at("06/03/2026", "09:00"))
    assert ("overdue", "lanh_dao") in stages()
    send_reminders(now=at("09/03/2026", "09:00"))
    assert Reminder.objects.filter(stage="overdue").count() == 1


def test_a_dossier_sitting_at_one_step_is_reported_once_per_step(assigned, leader) -> None:
    """Two working days without a step (16 working hours) escalate to the leaders."""
    send_reminders(now=at("03/03/2026", "17:00"))  # under 14 working hours since the step
    assert not Reminder.objects.filter(stage__startswith="waiting").exists()
    send_reminders(now=at("04/03/2026", "15:00"))  # over 17
    assert stages(stage__startswith="waiting") == {(f"waiting:{assigned.version}", "lanh_dao")}
    send_reminders(now=at("04/03/2026", "16:30"))
    assert Reminder.objects.filter(stage__startswith="waiting").count() == 1


def test_a_dossier_paused_for_the_citizen_is_not_chased(assigned, specialist, leader) -> None:
    services.request_supplement(
        assigned, actor=specialist, items="Bản sao giấy tờ", at=at("02/03/2026", "11:00")
    )
    assert send_reminders(now=at("09/03/2026", "09:00")) == 0


def test_an_overdue_feedback_report_goes_to_the_leaders(make_report, leader) -> None:
    report = make_report(when=at("02/03/2026"))
    send_reminders(now=at("30/03/2026", "09:00"))
    assert ("overdue:" + str(report.version), "lanh_dao") in stages(about=f"report:{report.pk}")


def test_the_command_is_safe_to_run_twice(assigned, leader, capsys) -> None:
    call_command("send_reminders")
    call_command("send_reminders")
    assert Reminder.objects.count() == len(set(Reminder.objects.values_list("about", "stage")))


def test_leaders_see_who_has_the_most_overdue_work(client, assigned, leader) -> None:
    client.force_login(leader)
    page = client.get(reverse("reminders:overdue")).content.decode()
    assert "Hồ sơ quá hạn, sắp đến hạn theo cán bộ" in page
    # The dossier of 2026 is long overdue today: it is counted against its assignee.
    assert "Chuyen Vien" in page and assigned.code in page


def test_a_specialist_cannot_open_the_leaders_page(client, specialist) -> None:
    client.force_login(specialist)
    assert client.get(reverse("reminders:overdue")).status_code in (403, 404)
