"""Service-quality pages never write: rollups are folded right after a dossier change commits
and by the scheduled command (with a lag on PostgreSQL); pages read the last folded state."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phuongso.core.models import CalendarOverride
from phuongso.dossiers.testing import at, walk_in
from phuongso.quality import rollups
from phuongso.quality.models import RollupState
from phuongso.quality.periods import Period
from phuongso.quality.slices import Slice, totals

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT")


def refresh_command(*args: str) -> str:
    out = io.StringIO()
    call_command("refresh_quality_rollups", *args, stdout=out)
    return out.getvalue()


def march(commune) -> Slice:  # noqa: ANN001
    return Slice(commune=commune, period=Period.month(2026, 3))


def test_the_scheduled_command_is_idempotent(february) -> None:
    first = refresh_command("--check")
    assert "khớp với tính lại" in first
    again = refresh_command()
    assert "tính lại 0 hồ sơ" in again


@pytest.mark.parametrize(
    "url",
    [
        "/chat-luong/?ky=thang&nam=2026&thang=3",
        "/chat-luong/chi-so/2-1/?ky=thang&nam=2026&thang=3",
        "/chat-luong/chi-so/5-2/?ky=thang&nam=2026&thang=3",
        "/chat-luong/toan-tinh/?ky=thang&nam=2026&thang=3",
        "/cong-khai/",
        "/api/v1/service-quality?from=2026-03-01&to=2026-03-31",
    ],
)
def test_a_page_never_writes_and_shows_the_last_fold(
    client, leader, commune, three_day_procedure, counter_officer, url
) -> None:
    rollups.refresh()
    walk_in(three_day_procedure, counter_officer, at("02/03/2026"))  # its hook did not run
    client.force_login(leader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    written = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    # The session's last-seen stamp is the only write a signed-in request may make.
    assert [sql for sql in written if "quality_" in sql or "dossiers_" in sql] == []
    assert totals(march(commune)).sum("received") == 0  # not folded by the page
    refresh_command("--lag", "0")  # the scheduled run (its lag is tested below)
    assert totals(march(commune)).sum("received") == 1


def test_the_dashboard_says_when_the_figures_were_folded(client, leader, february) -> None:
    client.force_login(leader)
    html = client.get("/chat-luong/?ky=thang&nam=2026&thang=2").content.decode()
    as_of = RollupState.objects.get().refreshed_at
    assert "lần tổng hợp định kỳ gần nhất lúc" in html
    assert as_of is not None


def test_a_dossier_change_is_folded_right_after_it_commits(
    commune, three_day_procedure, counter_officer, django_capture_on_commit_callbacks
) -> None:
    rollups.refresh()
    with django_capture_on_commit_callbacks(execute=True):
        walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    assert totals(march(commune)).sum("received") == 1
    assert rollups.check() == []


def test_with_a_lag_the_fold_waits_for_ids_seen_long_enough_ago(
    commune, three_day_procedure, counter_officer
) -> None:
    rollups.refresh()
    walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    # First run: the new ids are only seen (a transaction below them may still commit).
    assert rollups.refresh(lag=60).dossiers == 0
    assert totals(march(commune)).sum("received") == 0
    # A run a lag later folds them.
    RollupState.objects.update(seen_at=RollupState.objects.get().seen_at - timedelta(seconds=61))
    assert rollups.refresh(lag=60).dossiers == 1
    assert totals(march(commune)).sum("received") == 1
    assert rollups.check() == []


def test_an_event_committed_late_below_the_mark_is_folded_by_its_hook(
    commune, three_day_procedure, counter_officer, django_capture_on_commit_callbacks
) -> None:
    """The lag covers short transactions; a longer one is folded by its own hook after its
    commit, whatever the marks say."""
    rollups.refresh()
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    later = walk_in(three_day_procedure, counter_officer, at("03/03/2026"))
    # The marks already passed the first dossier's event without folding it (as if its
    # transaction had committed after the run that moved them): only its hook can fold it.
    top = rollups._tops()[0]
    RollupState.objects.update(last_event_id=top, seen_event_id=top)
    rollups.fold([later.pk])
    assert totals(march(commune)).sum("received") == 1
    with django_capture_on_commit_callbacks(execute=True):
        rollups.fold_after_commit(dossier.pk)
    assert totals(march(commune)).sum("received") == 2
    assert rollups.check() == []


def test_a_change_of_the_calendar_recomputes_every_dossier(february) -> None:
    refresh_command()
    CalendarOverride.objects.create(date="2026-02-12", kind="day_off", reason="Nghỉ bù thử nghiệm")
    output = refresh_command("--check")
    assert "tính lại mọi hồ sơ" in output and "khớp" in output
