"""The report workflow table itself, without a database."""

from __future__ import annotations

from phuongso.feedback import workflow
from phuongso.feedback.workflow import (
    ANYONE,
    LEADER,
    REPORTER,
    SPECIALIST,
    SYSTEM,
    Action,
    Status,
)

EVERYONE = {REPORTER, ANYONE, SYSTEM, SPECIALIST, LEADER}


def test_every_action_is_in_the_table_and_leads_to_a_known_state() -> None:
    assert set(workflow.TRANSITIONS) == set(Action.values)
    for rule in workflow.TRANSITIONS.values():
        assert rule.target is None or rule.target in Status.values
        assert all(source is None or source in Status.values for source in rule.sources)
        assert rule.roles


def test_every_state_is_open_or_closed_for_open311() -> None:
    assert set(workflow.OPEN311_STATUS) == set(Status.values)
    assert set(workflow.OPEN311_STATUS.values()) == {"open", "closed"}
    assert workflow.open311_status(Status.NEEDS_INFO) == "open"
    assert workflow.open311_status(Status.RESOLVED) == "closed"


def test_final_states_offer_nothing_but_rating_a_closed_answer() -> None:
    assert workflow.allowed_actions(Status.REFUSED, EVERYONE) == []
    closed = [rule.action for rule in workflow.allowed_actions(Status.CLOSED, EVERYONE)]
    assert closed == [Action.RATE]


def test_a_new_report_is_accepted_refused_transferred_or_merged_by_its_unit() -> None:
    actions = [r.action for r in workflow.allowed_actions(Status.NEW, {SPECIALIST})]
    assert actions == [Action.ACCEPT, Action.REFUSE, Action.TRANSFER, Action.MERGE]


def test_only_the_reporter_reopens_and_rates() -> None:
    for action in (Action.REOPEN, Action.RATE):
        assert workflow.can(action, Status.RESOLVED, {REPORTER})
        for role in (ANYONE, SPECIALIST, LEADER, SYSTEM):
            assert not workflow.can(action, Status.RESOLVED, {role})


def test_citizens_do_not_handle_reports() -> None:
    for status in Status.values:
        actions = {r.action for r in workflow.allowed_actions(status, {REPORTER, ANYONE})}
        assert actions <= {
            Action.PROVIDE_INFO,
            Action.REOPEN,
            Action.RATE,
            Action.CLOSE,
            Action.FOLLOW,
        }


def test_answers_to_the_citizen_need_a_text_and_are_public() -> None:
    for action in (Action.REFUSE, Action.REQUEST_INFO, Action.REPLY, Action.RESOLVE):
        rule = workflow.transition(action)
        assert rule.needs_text and rule.public


def test_transfers_keep_their_reason_but_stay_internal() -> None:
    rule = workflow.transition(Action.TRANSFER)
    assert rule.needs_text and not rule.public and rule.target is None


def test_the_clock_pauses_while_waiting_for_the_citizen() -> None:
    assert Status.NEEDS_INFO not in workflow.CLOCK_RUNS
    assert workflow.target_status(Action.PROVIDE_INFO, Status.NEEDS_INFO) == Status.IN_PROGRESS
