"""generate_history on about 500 dossiers (10,000,000 is for the benchmark only)."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phuongso.accounts.demo import load_demo_accounts
from phuongso.core.models import Commune
from phuongso.core.services import COMMUNE_DATA_DIR
from phuongso.dossiers import services
from phuongso.dossiers.models import DailySerial, Dossier, DossierEvent, Rating
from phuongso.dossiers.testing import walk_in
from phuongso.dossiers.workflow import NATIONAL_CODE
from phuongso.quality import rollups
from phuongso.quality.models import DossierFact

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    """What generate_history needs of load_demo: the province, Thanh Miếu, its catalogue and
    the demo officials (load_demo's other steps are left out to keep the test quick)."""
    quiet = io.StringIO()
    call_command("load_communes", stdout=quiet)
    call_command("configure_commune", COMMUNE_DATA_DIR / "7909.json", stdout=quiet)
    call_command("seed_catalogue", stdout=quiet)
    load_demo_accounts()


def generate(count: int = 500, seed: int = 7) -> str:
    out = io.StringIO()
    call_command("generate_history", dossiers=count, years=3, communes=3, seed=seed, stdout=out)
    return out.getvalue()


def test_it_needs_the_demo_first() -> None:
    with pytest.raises(CommandError, match="load_demo"):
        generate()


def test_most_dossiers_are_thanh_mieus_the_rest_in_other_communes(demo) -> None:
    output = generate()
    assert "Đã sinh 500 hồ sơ" in output
    by_commune = Counter(Dossier.objects.values_list("commune__code", flat=True))
    assert sum(by_commune.values()) == 500
    assert 0.55 < by_commune[7909] / 500 < 0.75
    assert len(by_commune) == 4 and all(code >= 7909 for code in by_commune)
    assert Commune.objects.filter(is_configured=True).count() == 4


def test_the_history_looks_like_a_wards(demo) -> None:
    generate(2000)
    dossiers = Dossier.objects.all()
    received = dossiers.exclude(received_at=None)
    online = received.filter(channel="2").count() / received.count()
    assert 0.35 < online < 0.65
    assert 0.07 < dossiers.filter(supplement_requests__gte=1).count() / 2000 < 0.14
    assert 0.002 < dossiers.filter(status="withdrawn").count() / 2000 < 0.025
    assert 0.003 < dossiers.filter(status="refused").count() / 2000 < 0.025
    fee = received.filter(fee_amount__gt=0)
    assert 0.08 < fee.filter(paid_online=True).count() / fee.count() < 0.32
    returned = dossiers.filter(status="returned").count()
    rated = Rating.objects.count()
    assert 0.6 < rated / returned < 0.8
    assert Rating.objects.filter(satisfied=True).count() / rated > 0.88
    judged = DossierFact.objects.exclude(verdict="")
    assert 0.03 < judged.filter(verdict="late").count() / judged.count() < 0.11


def test_every_dossier_is_a_legal_path_with_a_unique_code(demo) -> None:
    generate()
    codes = list(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) > 400
    for dossier in Dossier.objects.prefetch_related("events")[:200]:
        events = sorted(dossier.events.all(), key=lambda e: (e.at, e.pk))
        assert events[0].from_status == "" and events[-1].to_status == dossier.status
        for before, after in zip(events, events[1:], strict=False):
            assert after.from_status == before.to_status
        assert dossier.status in NATIONAL_CODE
        if dossier.received_at:
            assert DossierEvent.objects.filter(
                dossier=dossier, action__in=["receive", "receive_at_counter"]
            ).exists()


def test_the_rollups_match_the_log_and_a_second_run_adds_more(demo) -> None:
    generate(300, seed=1)
    assert rollups.check() == []
    generate(300, seed=2)
    assert Dossier.objects.count() == 600
    assert rollups.check() == []
    codes = list(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes))


def test_the_services_go_on_numbering_after_the_history(demo) -> None:
    generate(300)
    thanh_mieu = Commune.objects.get(code=7909)
    last = DailySerial.objects.filter(prefix=thanh_mieu.agency_code).order_by("-day").first()
    procedure = thanh_mieu.procedures.get(national_code="TM-13")
    officer = thanh_mieu.people.get(username="motcua")
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    moment = datetime.combine(last.day, time(10, 0), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    dossier = walk_in(procedure, officer, moment)
    assert dossier.code.endswith(f"-{last.last + 1:04d}")
    assert services  # the services wrote it, with the next serial of that day
