"""A dossier driven through each legal path by calling the services only."""

from __future__ import annotations

import os
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from phuongso.dossiers import services
from phuongso.dossiers.deadlines import Verdict, verdict
from phuongso.dossiers.models import DossierEvent
from phuongso.dossiers.tests.conftest import at, papers_for, walk_in
from phuongso.dossiers.workflow import Action, Status

pytestmark = pytest.mark.django_db


def actions_of(dossier) -> list[str]:
    return list(dossier.events.order_by("at", "pk").values_list("action", flat=True))


def test_online_dossier_from_submission_to_electronic_result(
    three_day_procedure,
    citizen,
    counter_officer,
    specialist,
    leader,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.submit_online(
            procedure=three_day_procedure,
            applicant=citizen,
            papers=papers_for(three_day_procedure, with_files=True),
            at=at("02/03/2026", "08:00"),
        )
    assert dossier.status == Status.SUBMITTED and dossier.code is None
    assert dossier.documents.get().digitised

    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.receive(dossier, actor=counter_officer, at=at("02/03/2026", "09:00"))
    assert re.fullmatch(r"000\.09\.25\.H43-260302-0001", dossier.code)
    assert dossier.appointment_at == at("05/03/2026", "17:00")

    dossier = services.assign(
        dossier, actor=counter_officer, assignee=specialist, at=at("02/03/2026", "10:00")
    )
    assert dossier.assignee == specialist and dossier.current_unit == specialist.unit

    dossier = services.request_supplement(
        dossier,
        actor=specialist,
        items="Bổ sung bản sao giấy chứng tử của vợ trước.",
        at=at("03/03/2026", "09:00"),
    )
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    # The citizen answers two working days later, at the same hour: the dates move by 2 days.
    dossier = services.supplement_received(
        dossier,
        actor=citizen,
        papers=[
            services.Paper(name="Giấy chứng tử", file=SimpleUploadedFile("gct.pdf", b"%PDF-1.4"))
        ],
        at=at("05/03/2026", "09:00"),
    )
    assert dossier.status == Status.IN_PROCESSING
    assert dossier.appointment_at == at("09/03/2026", "17:00")

    dossier = services.propose_result(
        dossier,
        actor=specialist,
        result_code="123/XNTTHN",
        result_file=SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4 result"),
        at=at("06/03/2026", "10:00"),
    )
    assert dossier.status == Status.AWAITING_APPROVAL
    dossier = services.approve(dossier, actor=leader, at=at("06/03/2026", "15:00"))
    assert dossier.status == Status.RESULT_READY
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.return_result(
            dossier,
            actor=counter_officer,
            electronic=True,
            fee_collected_now=True,
            at=at("06/03/2026", "16:00"),
        )
    assert dossier.status == Status.RETURNED and dossier.result_is_electronic and dossier.fee_paid
    assert verdict(dossier) == Verdict.EARLY

    assert actions_of(dossier) == [
        Action.SUBMIT_ONLINE,
        Action.RECEIVE,
        Action.ASSIGN,
        Action.REQUEST_SUPPLEMENT,
        Action.SUPPLEMENT_RECEIVED,
        Action.PROPOSE_RESULT,
        Action.APPROVE,
        Action.RETURN_RESULT,
    ]
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        "Đã nhận hồ sơ trực tuyến của bạn, đang chờ tiếp nhận",
        "Hồ sơ 000.09.25.H43-260302-0001 đã được tiếp nhận",
        "Hồ sơ 000.09.25.H43-260302-0001 đã được trả kết quả",
    ]


def test_every_status_change_writes_one_event_with_actor_and_states(
    three_day_procedure, counter_officer, specialist, leader
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    dossier = services.assign(dossier, actor=specialist, assignee=specialist)
    dossier = services.propose_result(dossier, actor=specialist)
    dossier = services.return_for_rework(dossier, actor=leader, reason="Sai tên cha")
    dossier = services.propose_result(dossier, actor=specialist)
    dossier = services.approve(dossier, actor=leader)
    events = list(dossier.events.order_by("at", "pk"))
    assert len(events) == 6
    for previous, event in zip(events, events[1:], strict=False):
        assert event.from_status == previous.to_status
    assert [e.actor for e in events] == [
        counter_officer,
        specialist,
        specialist,
        leader,
        specialist,
        leader,
    ]
    assert events[3].note == "Sai tên cha"


def test_a_walk_in_dossier_with_fees_paid_at_the_counter(
    three_day_procedure, counter_officer
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"), fee_paid=True)
    assert dossier.status == Status.RECEIVED and dossier.channel == "1"
    assert dossier.fee_amount == 15000 and dossier.fee_paid and not dossier.paid_online
    assert dossier.receiving_commune == counter_officer.commune


def test_refusal_at_intake_ends_processing(three_day_procedure, citizen, counter_officer) -> None:
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    dossier = services.refuse(
        dossier, actor=counter_officer, reason="Không thuộc thẩm quyền của phường."
    )
    assert dossier.status == Status.REFUSED and dossier.processing_ended_at is not None
    assert dossier.code is None


def test_intake_supplement_then_receipt(three_day_procedure, citizen, counter_officer) -> None:
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    dossier = services.request_intake_supplement(
        dossier, actor=counter_officer, items="Ảnh tờ khai bị mờ."
    )
    assert dossier.status == Status.INTAKE_SUPPLEMENT
    dossier = services.intake_supplemented(
        dossier, actor=citizen, papers=papers_for(three_day_procedure, with_files=True)
    )
    assert dossier.status == Status.SUBMITTED
    dossier = services.receive(dossier, actor=counter_officer)
    assert dossier.status == Status.RECEIVED and dossier.supplement_requests == 0


def test_fees_requested_then_paid_online(three_day_procedure, counter_officer, specialist) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    dossier = services.assign(dossier, actor=specialist, assignee=specialist)
    dossier = services.request_fees(dossier, actor=specialist, amount=15000)
    assert dossier.status == Status.AWAITING_FEES and dossier.national_status == 6
    dossier = services.record_payment(dossier, actor=None, online=True)
    assert dossier.status == Status.IN_PROCESSING and dossier.paid_online
    assert dossier.events.last().actor_role == "system"


def test_apology_with_a_new_date_before_the_deadline(
    three_day_procedure, counter_officer, specialist
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    dossier = services.assign(
        dossier, actor=specialist, assignee=specialist, at=at("02/03/2026", "10:00")
    )
    dossier = services.apologise(
        dossier,
        actor=specialist,
        reason="Cần xác minh tại nơi cư trú trước đây.",
        new_appointment_at=at("10/03/2026", "17:00"),
        at=at("04/03/2026", "10:00"),
    )
    assert dossier.status == Status.IN_PROCESSING
    assert dossier.due_at == at("10/03/2026", "17:00")
    assert dossier.appointment_at == at("05/03/2026", "17:00")
    event = dossier.events.last()
    assert event.action == Action.APOLOGISE and event.from_status == event.to_status


def test_stop_and_withdraw(three_day_procedure, citizen, counter_officer, leader) -> None:
    first = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    first = services.stop(first, actor=leader, reason="Người nộp đã chết, không còn căn cứ.")
    assert first.status == Status.STOPPED and first.national_status == 8

    second = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    second = services.withdraw(second, actor=citizen, reason="Tôi nộp nhầm thủ tục.")
    assert second.status == Status.WITHDRAWN and second.national_status == 7


def test_transfer_to_another_unit_keeps_the_reason(
    three_day_procedure, counter_officer, specialist, other_unit_specialist
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    dossier = services.assign(dossier, actor=specialist, assignee=specialist)
    dossier = services.transfer(
        dossier,
        actor=specialist,
        unit=other_unit_specialist.unit,
        assignee=other_unit_specialist,
        reason="Liên quan đất đai, chuyển Phòng Kinh tế.",
    )
    assert dossier.current_unit == other_unit_specialist.unit and dossier.current_step == 2
    assert DossierEvent.objects.filter(
        dossier=dossier, action=Action.TRANSFER, note__contains="đất đai"
    ).exists()


def test_fees_paid_before_they_are_requested_are_logged_in_place(
    three_day_procedure, citizen, counter_officer
) -> None:
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    dossier = services.record_payment(dossier, actor=None, online=True)
    assert dossier.status == Status.SUBMITTED and dossier.fee_paid and dossier.paid_online
    assert dossier.events.last().action == Action.FEES_PAID_EARLY
    with pytest.raises(services.DossierError, match="đã được ghi nhận nộp phí"):
        services.record_payment(dossier, actor=counter_officer, online=False)


def _in_processing(procedure, counter_officer, specialist, day: str):
    dossier = walk_in(procedure, counter_officer, at(day))
    return services.assign(dossier, actor=counter_officer, assignee=specialist, at=at(day, "10:00"))


def test_two_results_uploaded_under_the_same_name_stay_each_dossiers_own(
    three_day_procedure, counter_officer, specialist
) -> None:
    """Specialists name their files alike ("ket-qua.pdf"); each citizen must get their own."""
    first = _in_processing(three_day_procedure, counter_officer, specialist, "02/03/2026")
    second = _in_processing(three_day_procedure, counter_officer, specialist, "03/03/2026")
    for dossier, content in ((first, b"%PDF-1.4 A"), (second, b"%PDF-1.4 B")):
        services.propose_result(
            dossier,
            actor=specialist,
            result_file=SimpleUploadedFile("ket-qua.pdf", content, "application/pdf"),
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.result_file.name != second.result_file.name
    for dossier, content in ((first, b"%PDF-1.4 A"), (second, b"%PDF-1.4 B")):
        with dossier.result_file.open("rb") as stored:
            assert stored.read() == content


def test_a_result_proposed_from_a_stale_page_keeps_no_file(
    three_day_procedure, counter_officer, specialist
) -> None:
    dossier = _in_processing(three_day_procedure, counter_officer, specialist, "02/03/2026")
    stale = type(dossier).objects.get(pk=dossier.pk)
    services.propose_result(dossier, actor=specialist)
    storage = dossier.result_file.storage
    folder = os.path.dirname(type(dossier).result_file.field.generate_filename(dossier, "x.pdf"))
    before = storage.listdir(folder)[1] if storage.exists(folder) else []
    with pytest.raises(services.StaleDossier):
        services.propose_result(
            stale,
            actor=specialist,
            result_file=SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4 X", "application/pdf"),
        )
    after = storage.listdir(folder)[1] if storage.exists(folder) else []
    assert sorted(after) == sorted(before)
    assert not type(dossier).objects.get(pk=dossier.pk).result_file
