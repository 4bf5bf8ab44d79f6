"""Each hand-over on the control sheet is judged early, on time or late against its step."""

from __future__ import annotations

from datetime import timedelta

import pytest

from phuongso.dossiers import services
from phuongso.dossiers.deadlines import Verdict
from phuongso.dossiers.handovers import (
    APPROVAL,
    INTAKE,
    PROCESSING,
    RETURN,
    handovers,
    legal_working_time,
    stage_shares,
)
from phuongso.dossiers.testing import at, make_procedure, papers_for, walk_in
from phuongso.procedures.models import Procedure, ProcessingStep

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


def with_steps(procedure: Procedure, *steps: tuple[str, str, int]) -> Procedure:
    for order, (name, role, share) in enumerate(steps, start=1):
        ProcessingStep.objects.create(
            procedure=procedure,
            order=order,
            name=name,
            unit_kind="culture_society",
            role=role,
            share_percent=share,
        )
    return procedure


STANDARD_STEPS = (
    ("Tiếp nhận, kiểm tra hồ sơ", "counter_officer", 10),
    ("Thẩm định, xử lý hồ sơ", "specialist", 60),
    ("Phê duyệt, ký kết quả", "leader", 20),
    ("Trả kết quả", "counter_officer", 10),
)


def test_each_step_is_judged_against_its_share_of_the_legal_time(
    three_day_procedure, counter_officer, specialist, leader
) -> None:
    procedure = with_steps(three_day_procedure, *STANDARD_STEPS)
    # Received Monday 07:30, due Thursday 17:00: 4 days of 8 h = 32 working hours,
    # so 3.2 h to hand over, 19.2 h to process, 6.4 h to approve, 3.2 h to return.
    dossier = walk_in(procedure, counter_officer, at("02/03/2026", "07:30"))
    dossier = services.assign(
        dossier, actor=counter_officer, assignee=specialist, at=at("02/03/2026", "10:00")
    )
    dossier = services.propose_result(dossier, actor=specialist, at=at("03/03/2026", "10:00"))
    dossier = services.approve(dossier, actor=leader, at=at("04/03/2026", "15:00"))
    dossier = services.return_result(
        dossier,
        actor=counter_officer,
        electronic=False,
        fee_collected_now=True,
        at=at("05/03/2026", "08:00"),
    )

    assert legal_working_time(dossier) == 32 * H
    rows = handovers(dossier)
    assert [row.step for row in rows] == [1, 2, 3, 4, 5]
    assert [(row.allotted, row.used, row.verdict) for row in rows] == [
        (None, timedelta(0), None),  # the receipt opens the sheet
        (3.2 * H, 2.5 * H, Verdict.ON_TIME),  # within 3.2 h, but the same day they run out
        (19.2 * H, 8 * H, Verdict.EARLY),  # the 19.2 h run out on Wednesday; done Tuesday
        (6.4 * H, 11.5 * H, Verdict.LATE),
        (3.2 * H, 2.5 * H, Verdict.ON_TIME),
    ]
    assert [row.stage for row in rows][1:] == [name for name, _role, _share in STANDARD_STEPS]


def test_the_sheet_names_who_gave_and_who_took_the_dossier(
    three_day_procedure, counter_officer, specialist, leader
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026", "07:30"))
    dossier = services.assign(dossier, actor=counter_officer, assignee=specialist)
    dossier = services.propose_result(dossier, actor=specialist)
    dossier = services.approve(dossier, actor=leader)
    dossier = services.return_result(
        dossier, actor=counter_officer, electronic=False, fee_collected_now=True
    )

    parties = [(row.from_actor, row.to_actor, row.to_unit) for row in handovers(dossier)]
    assert parties == [
        ("Nguyễn Văn Dân", "Mot Cua", "Trung tâm Phục vụ hành chính công phường"),
        ("Mot Cua", "Chuyen Vien", "Phòng Văn hóa – Xã hội"),
        ("Chuyen Vien", "Lanh Dao", "Lãnh đạo UBND phường"),
        ("Lanh Dao", "Mot Cua", "Trung tâm Phục vụ hành chính công phường"),
        ("Mot Cua", "Nguyễn Văn Dân", "Tổ chức, cá nhân"),
    ]


def test_time_waiting_for_the_citizens_supplement_is_not_counted(
    three_day_procedure, counter_officer, specialist
) -> None:
    # No steps: the four stages share the 32 working hours evenly, 8 h each.
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026", "07:30"))
    dossier = services.assign(
        dossier, actor=counter_officer, assignee=specialist, at=at("02/03/2026", "08:00")
    )
    dossier = services.request_supplement(
        dossier, actor=specialist, items="Bản sao giấy chứng tử.", at=at("02/03/2026", "09:00")
    )
    # Two days at the citizen's (16 working hours); the appointment moves to Monday 9/3.
    dossier = services.supplement_received(
        dossier, actor=counter_officer, papers=[], at=at("04/03/2026", "09:00")
    )
    dossier = services.propose_result(dossier, actor=specialist, at=at("04/03/2026", "10:00"))

    assert dossier.appointment_at == at("09/03/2026", "17:00")
    assert legal_working_time(dossier) == 32 * H
    proposal = handovers(dossier)[-1]
    assert proposal.paused == 16 * H
    assert (proposal.allotted, proposal.used, proposal.verdict) == (8 * H, 2 * H, Verdict.EARLY)


def test_hand_overs_within_one_step_share_its_time(
    three_day_procedure, counter_officer, specialist, other_unit_specialist
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026", "07:30"))
    dossier = services.assign(
        dossier, actor=counter_officer, assignee=specialist, at=at("02/03/2026", "08:00")
    )
    dossier = services.transfer(
        dossier,
        actor=specialist,
        unit=other_unit_specialist.unit,
        assignee=other_unit_specialist,
        reason="Liên quan đất đai.",
        at=at("02/03/2026", "15:00"),
    )
    dossier = services.propose_result(
        dossier, actor=other_unit_specialist, at=at("03/03/2026", "10:00")
    )

    transfer, proposal = handovers(dossier)[2:]
    assert (transfer.allotted, transfer.used, transfer.verdict) == (8 * H, 5.5 * H, Verdict.EARLY)
    assert transfer.note == "Liên quan đất đai."
    assert (transfer.to_actor, transfer.to_unit) == (
        "Chuyen Vien Khac",
        other_unit_specialist.unit.name,
    )
    # 2 h 30 left of the processing stage; 4 h 30 used.
    assert (proposal.allotted, proposal.used, proposal.verdict) == (2.5 * H, 4.5 * H, Verdict.LATE)
    assert proposal.from_actor == "Chuyen Vien Khac"


def test_without_a_fixed_time_limit_there_is_no_verdict(
    commune, counter_officer, specialist
) -> None:
    procedure = make_procedure(commune, code="TM-09", name="Thủ tục tùy vụ việc", days=None)
    dossier = walk_in(procedure, counter_officer, at("02/03/2026", "07:30"))
    dossier = services.assign(
        dossier, actor=counter_officer, assignee=specialist, at=at("02/03/2026", "09:00")
    )

    assignment = handovers(dossier)[-1]
    assert assignment.allotted is None and assignment.verdict is None
    assert assignment.used == 1.5 * H


def test_a_dossier_not_yet_received_has_no_sheet(three_day_procedure, citizen) -> None:
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    assert handovers(dossier) == []


def test_stage_shares_come_from_the_steps_or_are_even() -> None:
    steps = [ProcessingStep(name=n, role=r, share_percent=s) for n, r, s in STANDARD_STEPS]
    assert stage_shares(steps) == {INTAKE: 10, PROCESSING: 60, APPROVAL: 20, RETURN: 10}
    without_leader = [step for step in steps if step.role != "leader"]
    assert stage_shares(without_leader) == {INTAKE: 1, PROCESSING: 1, APPROVAL: 1, RETURN: 1}
    assert stage_shares([]) == {INTAKE: 1, PROCESSING: 1, APPROVAL: 1, RETURN: 1}
