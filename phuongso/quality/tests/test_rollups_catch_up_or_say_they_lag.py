from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from phuongso.core.models import CalendarOverride
from phuongso.dossiers.models import DossierEvent
from phuongso.dossiers.testing import at, walk_in
from phuongso.quality import rollups
from phuongso.quality.models import DossierFact, RollupState
from phuongso.quality.periods import Period
from phuongso.quality.slices import Slice, totals

pytestmark = pytest.mark.django_db


def refresh_command(*args: str) -> str:
    out = io.StringIO()
    call_command("refresh_quality_rollups", *args, stdout=out)
    return out.getvalue()


def test_the_nightly_command_is_idempotent(february) -> None:
    first = refresh_command("--check")
    assert "tính lại 9 hồ sơ" in first and "khớp với tính lại" in first
    again = refresh_command()
    assert "tính lại 0 hồ sơ" in again


def test_a_page_folds_in_a_small_backlog(commune, three_day_procedure, counter_officer) -> None:
    rollups.refresh()
    walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    march = Slice(commune=commune, period=Period.month(2026, 3))
    assert totals(march).sum("received") == 1
    assert not totals(march).freshness.stale


def test_a_large_backlog_is_left_to_the_command_and_the_page_says_so(
    settings, client, leader, commune, three_day_procedure, counter_officer
) -> None:
    rollups.refresh()
    settings.QUALITY_CATCH_UP_LIMIT = 0
    walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    march = Slice(commune=commune, period=Period.month(2026, 3))
    assert totals(march).sum("received") == 0 and totals(march).freshness.stale
    client.force_login(leader)
    html = client.get("/chat-luong/?ky=thang&nam=2026&thang=3").content.decode()
    assert "refresh_quality_rollups" in html
    refresh_command()
    assert totals(Slice(commune=commune, period=Period.month(2026, 3))).sum("received") == 1


def test_a_gap_in_the_log_is_awaited_while_another_transaction_writes(
    monkeypatch, commune, three_day_procedure, counter_officer
) -> None:
    first = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    second = walk_in(three_day_procedure, counter_officer, at("03/03/2026"))
    # The first dossier's event is not visible yet (its transaction still runs, elsewhere).
    hidden = DossierEvent.objects.get(dossier=first)
    hidden_values = {f.attname: getattr(hidden, f.attname) for f in hidden._meta.concrete_fields}
    hidden.delete()
    # Everything before it was read by an earlier refresh.
    RollupState.objects.update_or_create(pk=1, defaults={"last_event_id": hidden_values["id"] - 1})
    monkeypatch.setattr(rollups, "_writers_in_flight", lambda model: True)
    rollups.refresh()
    state = RollupState.objects.get()
    assert [pk for pk, _ in state.waiting_events] == [hidden_values["id"]]
    assert DossierFact.objects.filter(pk=second.pk).exists()
    DossierEvent.objects.create(**hidden_values)  # it commits
    rollups.refresh()
    assert RollupState.objects.get().waiting_events == []
    assert rollups.check() == []


def test_a_change_of_the_calendar_recomputes_every_dossier(february) -> None:
    refresh_command()
    CalendarOverride.objects.create(date="2026-02-12", kind="day_off", reason="Nghỉ bù thử nghiệm")
    output = refresh_command("--check")
    assert "Lịch làm việc đã thay đổi" in output and "khớp" in output
