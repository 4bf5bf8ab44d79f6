from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from phuongso.dossiers import services as dossier_services
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.testing import make_procedure, papers_for, walk_in
from phuongso.procedures.models import Procedure, ResultKind
from phuongso.quality import rollups
from phuongso.resolution.evaluation import evaluate
from phuongso.resolution.models import Indicator
from phuongso.resolution.progress import IndicatorStatus


@pytest.fixture
def online_indicator(resolution) -> Indicator:
    return resolution.indicators.get(code="ho-so-toan-trinh")


@pytest.fixture
def dossiers(commune, citizen, counter_officer, specialist, leader) -> list[Dossier]:
    """This year: two dossiers submitted online, received and processed (a procedure without a
    paper result and without a fee: fully online under Decree 42/2022), one handed in at the
    counter."""
    procedure = make_procedure(commune, code="1.001193", name="Đăng ký khai sinh", days=0,
                               same_day=True)  # fmt: skip
    Procedure.objects.filter(pk=procedure.pk).update(result_kind=ResultKind.NONE)
    procedure.refresh_from_db()
    online = []
    for _ in range(2):
        dossier = dossier_services.submit_online(
            procedure=procedure, applicant=citizen, papers=papers_for(procedure, with_files=True)
        )
        dossier = dossier_services.receive(dossier, actor=counter_officer)
        dossier = dossier_services.assign(dossier, actor=counter_officer, assignee=specialist)
        dossier = dossier_services.propose_result(dossier, actor=specialist)
        online.append(dossier_services.approve(dossier, actor=leader))
    walk_in(procedure, counter_officer, timezone.now())
    rollups.refresh()  # as the scheduled command does
    return online


def test_the_share_of_fully_online_dossiers_comes_from_the_one_stop(
    online_indicator, dossiers
) -> None:
    evaluation = evaluate(online_indicator)
    row = evaluation.row(timezone.localdate().year)
    assert (row.figure.numerator, row.figure.denominator) == (2, 3)
    assert row.value == Decimal("66.67")
    assert evaluation.latest is not None
    assert evaluation.status != IndicatorStatus.NO_SOURCE
    assert "toàn trình" in evaluation.formula


def test_the_indicator_page_shows_the_formula_and_a_leader_drills_into_the_dossiers(
    client, leader, online_indicator, dossiers
) -> None:
    client.force_login(leader)
    page = client.get(f"/nghi-quyet/chi-tieu/{online_indicator.pk}/").content.decode()
    assert "Công thức:" in page
    assert "66,67%" in page
    drill = client.get(f"/nghi-quyet/chi-tieu/{online_indicator.pk}/ban-ghi/").content.decode()
    for dossier in dossiers:
        assert dossier.code in drill
    assert "2 / 3" in drill


def test_specialists_do_not_drill_into_records(client, specialist, online_indicator) -> None:
    client.force_login(specialist)
    assert client.get(f"/nghi-quyet/chi-tieu/{online_indicator.pk}/ban-ghi/").status_code == 403
