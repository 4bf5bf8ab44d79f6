"""A report goes to its category's unit; a transfer moves it and keeps the reason."""

from __future__ import annotations

import pytest

from phuongso.feedback import services
from phuongso.feedback.access import visible_reports
from phuongso.feedback.services import FeedbackError
from phuongso.feedback.timeline import PUBLIC, STAFF, timeline
from phuongso.feedback.workflow import Action, Status

pytestmark = pytest.mark.django_db


def test_a_report_is_routed_to_the_unit_of_its_category(make_report, categories) -> None:
    report = make_report()
    assert report.current_unit.kind == "economy"
    noise = make_report(category=categories["trat-tu-tieng-on"])
    assert noise.current_unit.kind == "police"
    procedure = make_report(category=categories["thu-tuc-hanh-chinh"])
    assert procedure.current_unit.kind == "service_centre"


def test_the_unit_sees_it_and_another_unit_does_not(
    make_report, economy_specialist, specialist
) -> None:
    report = make_report()
    assert visible_reports(economy_specialist).filter(pk=report.pk).exists()
    assert not visible_reports(specialist).filter(pk=report.pk).exists()


def test_another_units_specialist_may_not_act(make_report, specialist) -> None:
    report = make_report()
    with pytest.raises(FeedbackError, match="không có quyền"):
        services.accept(report, actor=specialist)


def test_a_transfer_moves_the_report_and_keeps_the_reason(
    make_report, commune, economy_specialist, specialist
) -> None:
    report = make_report()
    culture = commune.units.get(kind="culture_society")
    report = services.transfer(
        report,
        actor=economy_specialist,
        unit=culture,
        reason="Sân chơi của nhà văn hóa do Phòng Văn hóa – Xã hội quản lý.",
    )
    assert report.current_unit == culture
    assert report.status == Status.NEW
    event = report.events.get(action=Action.TRANSFER)
    assert event.note.startswith("Sân chơi của nhà văn hóa")
    assert event.data["from_unit_name"] == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert event.data["to_unit_name"] == "Phòng Văn hóa – Xã hội"
    assert visible_reports(specialist).filter(pk=report.pk).exists()
    services.accept(report, actor=specialist)


def test_the_transfer_is_in_the_staff_history_but_not_on_the_public_page(
    make_report, commune, economy_specialist
) -> None:
    report = make_report()
    services.transfer(
        report, actor=economy_specialist, unit=commune.units.get(kind="police"), reason="Trật tự."
    )
    # The transfer leaves the report new: its line does not claim it led somewhere.
    assert [(step.action, step.status) for step in timeline(report, audience=STAFF)] == [
        (Action.SUBMIT, Status.NEW.label),
        (Action.TRANSFER, ""),
    ]
    assert [step.action for step in timeline(report, audience=PUBLIC)] == [Action.SUBMIT]


def test_a_transfer_needs_a_reason_and_another_unit_of_the_commune(
    make_report, commune, other_commune, economy_specialist
) -> None:
    report = make_report()
    with pytest.raises(FeedbackError, match="lý do"):
        services.transfer(
            report, actor=economy_specialist, unit=commune.units.get(kind="police"), reason=" "
        )
    with pytest.raises(FeedbackError, match="cùng xã, phường"):
        services.transfer(
            report,
            actor=economy_specialist,
            unit=other_commune.units.first(),
            reason="Nhầm địa bàn.",
        )
    with pytest.raises(FeedbackError, match="chính đơn vị này"):
        services.transfer(report, actor=economy_specialist, unit=report.current_unit, reason="x")
    assert report.events.count() == 1


def test_a_leader_acts_on_any_report_of_the_commune(make_report, leader) -> None:
    report = services.accept(make_report(), actor=leader)
    assert report.status == Status.ACCEPTED
    assert report.events.get(action=Action.ACCEPT).actor_role == "leader"


def test_a_stale_page_loses_cleanly(make_report, economy_specialist) -> None:
    report = make_report()
    stale = type(report).objects.get(pk=report.pk)
    services.accept(report, actor=economy_specialist)
    stale.status = Status.NEW
    with pytest.raises(FeedbackError, match="vừa được người khác cập nhật"):
        services.refuse(stale, actor=economy_specialist, reason="Trùng.")
