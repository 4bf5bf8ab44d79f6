"""Two officials acting on the same dossier at once, with real threads on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection

from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier, DossierEvent, Rating
from phuongso.dossiers.services import StaleDossier
from phuongso.dossiers.tests.conftest import at, walk_in
from phuongso.dossiers.workflow import Action

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks between real concurrent connections: run on PostgreSQL (CI does)",
    ),
]


def race(*steps: Callable[[], object]) -> list[object]:
    """Run the steps at the same instant in separate threads; return results or exceptions."""
    barrier = threading.Barrier(len(steps))
    results: list[object] = [None] * len(steps)

    def run(index: int, step: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = step()
        except Exception as exc:  # noqa: BLE001 - the race's loser is an expected outcome
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_officials_at_once_exactly_one_wins(
    three_day_procedure, counter_officer, specialist, leader
) -> None:
    def supplement(pk: int) -> object:
        return services.request_supplement(
            Dossier.objects.get(pk=pk), actor=specialist, items="Thiếu tờ khai"
        )

    def stop(pk: int) -> object:
        return services.stop(Dossier.objects.get(pk=pk), actor=leader, reason="Dừng xử lý")

    # Each round on a fresh dossier, until the two really overlap once (two steps that did
    # not overlap both succeed one after the other, which is right but proves nothing here).
    for _ in range(5):
        dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
        dossier = services.assign(dossier, actor=specialist, assignee=specialist)
        events_before = DossierEvent.objects.filter(dossier=dossier).count()
        results = race(partial(supplement, dossier.pk), partial(stop, dossier.pk))
        winners = [r for r in results if isinstance(r, Dossier)]
        losers = [r for r in results if isinstance(r, Exception)]
        if len(winners) == 1:
            break
    assert len(winners) == 1, results
    assert len(losers) == 1 and isinstance(losers[0], services.DossierError)
    assert DossierEvent.objects.filter(dossier=dossier).count() == events_before + 1
    final = Dossier.objects.get(pk=dossier.pk)
    assert final.status == winners[0].status


def test_the_same_stale_copy_loses_even_when_both_start_together(
    three_day_procedure, counter_officer, specialist, leader
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    dossier = services.assign(dossier, actor=specialist, assignee=specialist)
    copy_a = Dossier.objects.get(pk=dossier.pk)
    copy_b = Dossier.objects.get(pk=dossier.pk)
    results = race(
        lambda: services.request_supplement(copy_a, actor=specialist, items="Thiếu tờ khai"),
        lambda: services.stop(copy_b, actor=leader, reason="Dừng xử lý"),
    )
    assert sum(isinstance(r, Dossier) for r in results) == 1
    assert sum(isinstance(r, StaleDossier) for r in results) == 1
    assert DossierEvent.objects.filter(dossier=dossier).count() == 3


def test_codes_stay_unique_when_eight_counters_receive_at_once(
    three_day_procedure, counter_officer
) -> None:
    results = race(*[lambda: walk_in(three_day_procedure, counter_officer, at("02/03/2026"))] * 8)
    codes = sorted(r.code for r in results if isinstance(r, Dossier))
    assert len(codes) == 8, results
    assert codes == [f"000.09.25.H43-260302-{n:04d}" for n in range(1, 9)]


def test_a_double_clicked_rating_is_kept_once_and_the_second_click_told_so(
    three_day_procedure, citizen, counter_officer, specialist, leader
) -> None:
    # Whichever click runs first, and whether or not they overlap, the outcome is the same;
    # several rounds so that at least one is likely to overlap.
    for _ in range(4):
        dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
        Dossier.objects.filter(pk=dossier.pk).update(applicant=citizen)
        dossier = services.assign(
            Dossier.objects.get(pk=dossier.pk), actor=specialist, assignee=specialist
        )
        dossier = services.approve(services.propose_result(dossier, actor=specialist), actor=leader)
        services.return_result(
            dossier, actor=counter_officer, electronic=False, fee_collected_now=True
        )
        clicks = [Dossier.objects.get(pk=dossier.pk) for _ in range(2)]
        results = race(
            *[lambda c=c: services.rate(c, citizen=citizen, satisfied=True) for c in clicks]
        )
        refused = [r.message for r in results if isinstance(r, services.DossierError)]
        assert refused == ["Bạn đã đánh giá hồ sơ này."], results
        assert Rating.objects.filter(dossier=dossier).count() == 1
        assert DossierEvent.objects.filter(dossier=dossier, action=Action.RATE).count() == 1


def test_a_double_clicked_submission_makes_one_dossier(three_day_procedure, citizen) -> None:
    """Both clicks reach the server together: the database's unique key makes the second wait
    for the first, and it answers with the same dossier."""
    from phuongso.dossiers import drafts
    from phuongso.dossiers.testing import papers_for

    def click(key: str) -> Dossier:
        files = {
            paper.required_document_id: paper.file
            for paper in papers_for(three_day_procedure, with_files=True)
        }
        sent = drafts.Sent(citizen, three_day_procedure, "Tổ 3", "", files, key=key)
        return drafts.submit(sent)

    for _ in range(3):
        key = drafts.new_submission_key()
        results = race(partial(click, key), partial(click, key))
        assert all(isinstance(r, Dossier) for r in results), results
        assert results[0].pk == results[1].pk
        assert Dossier.objects.filter(submission_key=key).count() == 1
    assert DossierEvent.objects.filter(action=Action.SUBMIT_ONLINE).count() == 3
