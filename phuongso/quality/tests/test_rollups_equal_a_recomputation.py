"""After any sequence of dossier changes and refreshes, the rollups equal a recomputation from
the log, and each dossier's fact carries the verdict of phuongso.dossiers.deadlines."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phuongso.core import calendar
from phuongso.core.calendar import DeadlineRule
from phuongso.dossiers import services
from phuongso.dossiers.deadlines import verdict
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.services import DossierError
from phuongso.dossiers.testing import at, papers_for, walk_in
from phuongso.quality import rollups
from phuongso.quality.facts import compute_facts
from phuongso.quality.models import DossierFact, ProcedureDay
from phuongso.quality.tests.builders import pdf

pytestmark = pytest.mark.django_db

ACTIONS = (
    "receive",
    "refuse",
    "assign",
    "request_supplement",
    "supplement_received",
    "propose",
    "propose_with_file",
    "approve",
    "return",
    "return_online",
    "withdraw",
    "stop",
    "apologise",
    "pay_online",
    "rate",
    "refresh",
)

new_dossier = st.tuples(
    st.sampled_from(["walk_in", "online"]),
    st.integers(0, 1),
    st.integers(0, 40),
    st.integers(0, 23),
)
any_action = st.tuples(
    st.sampled_from(ACTIONS), st.integers(0, 30), st.integers(10, 4000), st.booleans()
)
# "advance": the next step of the usual path, so that dossiers get to their end.
advance = st.tuples(st.just("advance"), st.integers(0, 30), st.integers(10, 2000), st.booleans())
step = st.integers(0, 9).flatmap(
    lambda n: new_dossier if n < 2 else advance if n < 6 else any_action
)
NEXT = {
    "submitted": "receive",
    "received": "assign",
    "in_processing": "propose_with_file",
    "supplement_requested": "supplement_received",
    "awaiting_approval": "approve",
    "result_ready": "return_online",
    "returned": "rate",
}


class Story:
    def __init__(self, procedures: list, people: dict) -> None:
        self.procedures = procedures
        self.people = people
        self.clock: dict[int, datetime] = {}
        self.ids: list[int] = []

    def new(self, kind: str, which: int, day: int, hour: int) -> None:
        when = at("02/03/2026", "00:00") + timedelta(days=day, hours=hour)
        procedure = self.procedures[which]
        if kind == "walk_in":
            dossier = walk_in(procedure, self.people["counter"], when, fee_paid=hour % 2 == 0)
        else:
            dossier = services.submit_online(
                procedure=procedure,
                applicant=self.people["citizen"],
                papers=papers_for(procedure, with_files=True),
                at=when,
            )
        self.ids.append(dossier.pk)
        self.clock[dossier.pk] = when

    def act(self, action: str, index: int, minutes: int, flag: bool) -> None:
        if action == "refresh":
            if flag and self.ids:
                # The after-commit hook's fold of one dossier, between scheduled runs.
                rollups.fold([self.ids[index % len(self.ids)]])
            else:
                rollups.refresh(window=7)  # small windows: many transactions, partial progress
            return
        if not self.ids:
            return
        pk = self.ids[index % len(self.ids)]
        dossier = Dossier.objects.get(pk=pk)
        when = self.clock[pk] + timedelta(minutes=minutes)
        self.clock[pk] = when
        if action == "advance":
            # A detour through a supplement request now and then (a second one counts late).
            detour = flag and dossier.status == "in_processing" and minutes % 3 == 0
            action = "request_supplement" if detour else NEXT.get(dossier.status, "refresh")
            if action == "refresh":
                return
        try:
            self._do(action, dossier, when, flag)
        except DossierError:
            pass  # the workflow refused the step: nothing changed

    def _do(self, action: str, dossier: Dossier, when: datetime, flag: bool) -> None:
        p = self.people
        do = {
            "receive": lambda: services.receive(dossier, actor=p["counter"], at=when),
            "refuse": lambda: services.refuse(dossier, actor=p["counter"], reason="Sai", at=when),
            "assign": lambda: services.assign(
                dossier, actor=p["counter"], assignee=p["specialist"], at=when
            ),
            "request_supplement": lambda: services.request_supplement(
                dossier,
                actor=p["specialist"],
                items="Thiếu",
                second_request_reason="Lần hai" if flag else "",
                at=when,
            ),
            "supplement_received": lambda: services.supplement_received(
                dossier, actor=p["specialist"], papers=[], at=when
            ),
            "propose": lambda: services.propose_result(dossier, actor=p["specialist"], at=when),
            "propose_with_file": lambda: services.propose_result(
                dossier, actor=p["specialist"], result_file=pdf(), at=when
            ),
            "approve": lambda: services.approve(dossier, actor=p["leader"], at=when),
            "return": lambda: services.return_result(
                dossier, actor=p["counter"], electronic=False, fee_collected_now=True, at=when
            ),
            "return_online": lambda: services.return_result(
                dossier, actor=None, electronic=True, fee_collected_now=True, at=when
            ),
            "withdraw": lambda: services.withdraw(
                dossier, actor=p["counter"], reason="Rút", at=when
            ),
            "stop": lambda: services.stop(dossier, actor=p["leader"], reason="Dừng", at=when),
            "apologise": lambda: self._apologise(dossier, when),
            "pay_online": lambda: services.record_payment(
                dossier, actor=None, online=True, at=when
            ),
            "rate": lambda: services.rate(
                dossier, citizen=p["citizen"], satisfied=flag, comment="" if flag else "Chậm"
            ),
        }
        do[action]()

    def _apologise(self, dossier: Dossier, when: datetime) -> None:
        if dossier.appointment_at is None:
            return
        new_date = calendar.appointment(dossier.appointment_at, DeadlineRule(working_days=2))
        services.apologise(
            dossier,
            actor=self.people["specialist"],
            reason="Cần xác minh",
            new_appointment_at=new_date,
            at=min(when, dossier.appointment_at),
        )


@pytest.fixture
def story(three_day_procedure, same_day_procedure, citizen, counter_officer, specialist, leader):
    people = {
        "citizen": citizen,
        "counter": counter_officer,
        "specialist": specialist,
        "leader": leader,
    }
    return Story([three_day_procedure, same_day_procedure], people)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=30))
def test_rollups_equal_a_recomputation_after_random_changes(story, steps) -> None:
    for kind, a, b, c in steps:
        if kind in {"walk_in", "online"}:
            story.new(kind, a, b, c)
        else:
            story.act(kind, a, b, c)
    rollups.refresh()
    assert rollups.check() == []
    facts = compute_facts(story.ids)
    for dossier in Dossier.objects.filter(pk__in=story.ids):
        # The law's clock (the citizen's appointment) is deadlines.verdict; the index's
        # verdict follows the formula text (checked against formula_text.py elsewhere).
        expected = verdict(dossier)
        assert facts[dossier.pk].legal_verdict == (expected.value if expected else "")
        assert_the_row_is_the_logs(dossier)


ENDS = {"refused", "stopped", "result_ready", "returned"}


def assert_the_row_is_the_logs(dossier: Dossier) -> None:
    """The dossier columns the facts read are those the services wrote with each event."""
    events = list(dossier.events.order_by("at", "pk"))

    def first(*actions: str) -> datetime | None:
        return next((e.at for e in events if e.action in actions), None)

    assert dossier.status == events[-1].to_status
    assert dossier.received_at == first("receive", "receive_at_counter")
    assert dossier.processing_ended_at == next((e.at for e in events if e.to_status in ENDS), None)
    assert dossier.returned_at == first("return_result")
    assert dossier.supplement_requests == sum(e.action == "request_supplement" for e in events)
    assert dossier.paid_online == any(e.data.get("online") is True for e in events)


def test_a_second_refresh_changes_nothing(february) -> None:
    # The fixture folded every dossier once already.
    first = rollups.refresh()
    assert first.changed == 0 and DossierFact.objects.count() == 9
    before = rollups.stored_sums(ProcedureDay)
    again = rollups.refresh()
    assert (again.dossiers, again.changed) == (0, 0)
    assert rollups.stored_sums(ProcedureDay) == before


def test_a_change_after_the_refresh_is_seen_by_the_next_read(february) -> None:
    rollups.refresh()
    dossier = Dossier.objects.get(pk=february.J.pk)
    services.supplement_received(
        dossier, actor=dossier.assignee, papers=[], at=at("03/03/2026", "09:00")
    )
    # J is no longer judged (its clock runs again): the next fold takes the change in.
    assert rollups.refresh().dossiers == 1
    assert rollups.check() == []
