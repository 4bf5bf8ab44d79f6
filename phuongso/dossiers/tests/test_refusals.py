"""Illegal steps are refused with a clear message and change nothing."""

from __future__ import annotations

import pytest

from phuongso.dossiers import services
from phuongso.dossiers.deadlines import Verdict, verdict
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.services import DossierError, StaleDossier
from phuongso.dossiers.tests.conftest import at, papers_for, walk_in
from phuongso.dossiers.workflow import Action, Status

pytestmark = pytest.mark.django_db


def snapshot(dossier: Dossier) -> tuple:
    fresh = Dossier.objects.get(pk=dossier.pk)
    return fresh.status, fresh.version, fresh.appointment_at, fresh.events.count()


@pytest.fixture
def in_processing(three_day_procedure, counter_officer, specialist) -> Dossier:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    return services.assign(
        dossier, actor=specialist, assignee=specialist, at=at("02/03/2026", "10:00")
    )


def test_a_specialist_cannot_approve(in_processing, specialist) -> None:
    dossier = services.propose_result(in_processing, actor=specialist, at=at("03/03/2026"))
    before = snapshot(dossier)
    with pytest.raises(DossierError, match="không có quyền «phê duyệt kết quả»"):
        services.approve(dossier, actor=specialist)
    assert snapshot(dossier) == before


def test_a_citizen_cannot_act_on_another_citizens_dossier(
    three_day_procedure, citizen, other_citizen
) -> None:
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    before = snapshot(dossier)
    with pytest.raises(DossierError, match="không có quyền"):
        services.withdraw(dossier, actor=other_citizen, reason="Phá")
    assert snapshot(dossier) == before


def test_officials_of_another_commune_cannot_process(in_processing, other_commune_officer) -> None:
    before = snapshot(in_processing)
    with pytest.raises(DossierError, match="không có quyền"):
        services.stop(in_processing, actor=other_commune_officer, reason="Thử")
    assert snapshot(in_processing) == before


def boundary_free(procedure):  # noqa: ANN001, ANN201
    """The province lists the procedure as received regardless of boundaries."""
    procedure.boundary_free = True
    procedure.save(update_fields=["boundary_free"])
    return procedure


def test_any_counter_of_the_province_receives_a_boundary_free_procedure_for_another_commune(
    three_day_procedure, other_commune_officer
) -> None:
    boundary_free(three_day_procedure)
    dossier = walk_in(three_day_procedure, other_commune_officer, at("02/03/2026"))
    assert dossier.commune == three_day_procedure.commune
    assert dossier.receiving_commune == other_commune_officer.commune


def test_an_action_from_the_wrong_state_is_refused(in_processing, counter_officer) -> None:
    before = snapshot(in_processing)
    with pytest.raises(DossierError, match="«Đang xử lý»"):
        services.return_result(in_processing, actor=counter_officer, electronic=False)
    assert snapshot(in_processing) == before


def test_a_stop_without_a_reason_is_refused(in_processing, leader) -> None:
    before = snapshot(in_processing)
    with pytest.raises(DossierError, match="lý do"):
        services.stop(in_processing, actor=leader, reason="   ")
    assert snapshot(in_processing) == before


def test_a_second_supplement_request_needs_a_reason_and_makes_the_dossier_late(
    in_processing, specialist, citizen
) -> None:
    dossier = services.request_supplement(
        in_processing, actor=specialist, items="Thiếu tờ khai", at=at("03/03/2026")
    )
    dossier = services.supplement_received(
        dossier, actor=specialist, papers=[], at=at("03/03/2026", "14:00")
    )
    before = snapshot(dossier)
    with pytest.raises(DossierError, match="đã được yêu cầu bổ sung một lần"):
        services.request_supplement(
            dossier, actor=specialist, items="Thiếu ảnh", at=at("04/03/2026")
        )
    assert snapshot(dossier) == before
    dossier = services.request_supplement(
        dossier,
        actor=specialist,
        items="Thiếu ảnh",
        second_request_reason="Văn bản mới ban hành",
        at=at("04/03/2026"),
    )
    assert dossier.supplement_requests == 2
    assert verdict(dossier) == Verdict.LATE


def test_only_one_apology_and_only_before_the_deadline(in_processing, specialist) -> None:
    with pytest.raises(DossierError, match="trước hạn trả"):
        services.apologise(
            in_processing,
            actor=specialist,
            reason="Muộn",
            new_appointment_at=at("12/03/2026", "17:00"),
            at=at("06/03/2026"),
        )
    dossier = services.apologise(
        in_processing,
        actor=specialist,
        reason="Cần xác minh",
        new_appointment_at=at("10/03/2026", "17:00"),
        at=at("04/03/2026"),
    )
    before = snapshot(dossier)
    with pytest.raises(DossierError, match="chỉ được hẹn lại một lần"):
        services.apologise(
            dossier,
            actor=specialist,
            reason="Lần nữa",
            new_appointment_at=at("12/03/2026", "17:00"),
            at=at("04/03/2026", "11:00"),
        )
    assert snapshot(dossier) == before


def test_a_new_date_on_a_holiday_is_refused(in_processing, specialist) -> None:
    with pytest.raises(DossierError, match="ngày làm việc"):
        services.apologise(
            in_processing,
            actor=specialist,
            reason="Cần xác minh",
            new_appointment_at=at("07/03/2026", "17:00"),
            at=at("04/03/2026"),
        )


def test_a_stale_copy_loses_with_a_clear_message(in_processing, specialist, leader) -> None:
    mine = Dossier.objects.get(pk=in_processing.pk)
    theirs = Dossier.objects.get(pk=in_processing.pk)
    services.request_supplement(theirs, actor=specialist, items="Thiếu tờ khai")
    before = snapshot(in_processing)
    with pytest.raises(StaleDossier, match="vừa được người khác cập nhật"):
        services.stop(mine, actor=leader, reason="Dừng")
    assert snapshot(in_processing) == before
    assert Dossier.objects.get(pk=in_processing.pk).status == Status.SUPPLEMENT_REQUESTED


def test_missing_mandatory_papers_are_refused_and_nothing_is_saved(
    three_day_procedure, citizen
) -> None:
    with pytest.raises(DossierError, match="thiếu giấy tờ bắt buộc: Tờ khai"):
        services.submit_online(procedure=three_day_procedure, applicant=citizen, papers=[])
    assert not Dossier.objects.exists()


def test_electronic_return_needs_a_result_file(
    in_processing, specialist, leader, counter_officer
) -> None:
    dossier = services.propose_result(in_processing, actor=specialist)
    dossier = services.approve(dossier, actor=leader)
    with pytest.raises(DossierError, match="tệp kết quả điện tử"):
        services.return_result(
            dossier, actor=counter_officer, electronic=True, fee_collected_now=True
        )


def test_unpaid_fees_block_the_return(in_processing, specialist, leader, counter_officer) -> None:
    dossier = services.propose_result(in_processing, actor=specialist)
    dossier = services.approve(dossier, actor=leader)
    with pytest.raises(DossierError, match="chưa nộp phí"):
        services.return_result(dossier, actor=counter_officer, electronic=False)
    assert services.return_result(
        dossier, actor=counter_officer, electronic=False, fee_collected_now=True
    ).fee_paid


def test_the_receiving_counter_serves_the_citizen_but_does_not_decide_for_the_commune(
    three_day_procedure, other_commune_officer, counter_officer, specialist, leader
) -> None:
    """Việt Trì's counter received Thanh Miếu's dossier: it may not pick Thanh Miếu's
    specialist nor set the fee; it hands the result back to the citizen who came to it."""
    boundary_free(three_day_procedure)
    dossier = walk_in(three_day_procedure, other_commune_officer, at("02/03/2026"))
    before = snapshot(dossier)
    with pytest.raises(DossierError, match="không có quyền"):
        services.assign(dossier, actor=other_commune_officer, assignee=specialist)
    assert snapshot(dossier) == before
    dossier = services.assign(dossier, actor=counter_officer, assignee=specialist)
    before = snapshot(dossier)
    with pytest.raises(DossierError, match="không có quyền"):
        services.request_fees(dossier, actor=other_commune_officer, amount=990_000)
    assert snapshot(dossier) == before
    dossier = services.approve(services.propose_result(dossier, actor=specialist), actor=leader)
    dossier = services.return_result(
        dossier, actor=other_commune_officer, electronic=False, fee_collected_now=True
    )
    event = dossier.events.last()
    assert (event.action, event.actor, event.actor_role) == (
        Action.RETURN_RESULT,
        other_commune_officer,
        "receiving_counter",
    )


def test_stopping_a_dossier_whose_papers_never_came_does_not_make_it_late(
    in_processing, specialist, leader
) -> None:
    """Received 02/03, due 05/03; papers asked for on 03/03 never came; stopped on 20/03. The
    commune worked one day of three: the index must not count the citizen's wait as its delay."""
    dossier = services.request_supplement(
        in_processing, actor=specialist, items="Thiếu tờ khai", at=at("03/03/2026", "09:00")
    )
    dossier = services.stop(
        dossier, actor=leader, reason="Quá hạn bổ sung", at=at("20/03/2026", "10:00")
    )
    assert dossier.status == Status.STOPPED
    assert verdict(Dossier.objects.get(pk=dossier.pk)) == Verdict.EARLY


def test_no_apology_while_the_clock_stands_still_for_the_citizens_papers(
    in_processing, specialist
) -> None:
    dossier = services.request_supplement(
        in_processing, actor=specialist, items="Thiếu tờ khai", at=at("03/03/2026", "09:00")
    )
    before = snapshot(dossier)
    with pytest.raises(DossierError, match="«Yêu cầu bổ sung giấy tờ»"):
        services.apologise(
            dossier,
            actor=specialist,
            reason="Cần xác minh thêm",
            new_appointment_at=at("20/03/2026", "17:00"),
            at=at("09/03/2026", "10:00"),
        )
    assert snapshot(dossier) == before
    # Once the papers came the dates have moved by the wait, and the letter can be written.
    dossier = services.supplement_received(
        dossier, actor=specialist, papers=[], at=at("09/03/2026", "09:00")
    )
    dossier = services.apologise(
        dossier,
        actor=specialist,
        reason="Cần xác minh thêm",
        new_appointment_at=at("20/03/2026", "17:00"),
        at=at("09/03/2026", "10:00"),
    )
    assert dossier.new_appointment_at == at("20/03/2026", "17:00")
