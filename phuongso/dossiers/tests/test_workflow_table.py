"""The workflow table itself, without a database."""

from __future__ import annotations

from phuongso.dossiers import workflow
from phuongso.dossiers.workflow import CITIZEN, Action, Status


def test_every_state_maps_to_one_national_code_and_all_ten_are_used() -> None:
    assert set(workflow.NATIONAL_CODE) == set(Status.values)
    assert set(workflow.NATIONAL_CODE.values()) == set(range(1, 11))


def test_every_action_is_in_the_table_and_leads_to_a_known_state() -> None:
    assert set(workflow.TRANSITIONS) == set(Action.values)
    for rule in workflow.TRANSITIONS.values():
        assert rule.target is None or rule.target in Status.values
        assert all(source is None or source in Status.values for source in rule.sources)
        assert rule.roles


def test_final_states_offer_no_action_to_anyone_but_the_applicants_rating() -> None:
    everyone = {CITIZEN, "counter_officer", "specialist", "leader", "system"}
    for status in workflow.FINAL:
        allowed = workflow.allowed_actions(status, everyone)
        assert {rule.action for rule in allowed} <= workflow.AFTER_THE_END
        assert all(rule.target is None and rule.roles == {CITIZEN} for rule in allowed)
    officials = everyone - {CITIZEN}
    assert not any(workflow.allowed_actions(status, officials) for status in workflow.FINAL)
    assert [r.action for r in workflow.allowed_actions(Status.RETURNED, {CITIZEN})] == [Action.RATE]


def test_the_counter_sees_receive_supplement_and_refuse_on_a_new_online_dossier() -> None:
    actions = [r.action for r in workflow.allowed_actions(Status.SUBMITTED, {"counter_officer"})]
    assert actions == [
        Action.RECEIVE,
        Action.REQUEST_INTAKE_SUPPLEMENT,
        Action.REFUSE,
        Action.FEES_PAID_EARLY,
        Action.WITHDRAW,
    ]


def test_only_a_leader_approves() -> None:
    assert workflow.can(Action.APPROVE, Status.AWAITING_APPROVAL, {"leader"})
    for role in (CITIZEN, "counter_officer", "specialist"):
        assert not workflow.can(Action.APPROVE, Status.AWAITING_APPROVAL, {role})


def test_a_citizen_may_withdraw_but_not_process() -> None:
    actions = {r.action for r in workflow.allowed_actions(Status.IN_PROCESSING, {CITIZEN})}
    assert actions == {Action.WITHDRAW}


def test_refusals_stops_apologies_and_transfers_need_a_reason() -> None:
    for action in (Action.REFUSE, Action.STOP, Action.APOLOGISE, Action.TRANSFER):
        assert workflow.transition(action).needs_reason
