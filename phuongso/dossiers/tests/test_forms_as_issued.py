"""A printed form is a record of what the citizen was told: reprinted after later changes,
it says exactly what it said when issued (compared as text, through pdftotext), with the
numbers the registers gave it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from phuongso.dossiers import services
from phuongso.dossiers.documents import render_form
from phuongso.dossiers.models import Dossier, IssuedForm
from phuongso.dossiers.services import Applicant
from phuongso.dossiers.testing import at, papers_for

pytestmark = pytest.mark.django_db

# Set FORMS_OUT=/some/dir to keep the PDFs and look at them.
OUT = os.environ.get("FORMS_OUT")


def pdf_text(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    if OUT:
        Path(OUT).mkdir(parents=True, exist_ok=True)
        (Path(OUT) / f"{name}.pdf").write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def received(procedure, officer) -> Dossier:  # noqa: ANN001
    return services.receive_at_counter(
        procedure=procedure,
        actor=officer,
        applicant=Applicant(
            name="Nguyễn Văn Dân",
            phone="+84912345678",
            address="Tổ dân phố 3 Tiên Cát, phường Thanh Miếu, tỉnh Phú Thọ",
        ),
        papers=papers_for(procedure),
        at=at("02/03/2026", "09:00"),
    )


@pytest.fixture
def in_processing(three_day_procedure, counter_officer, specialist) -> Dossier:
    dossier = received(three_day_procedure, counter_officer)
    return services.assign(
        dossier, actor=counter_officer, assignee=specialist, at=at("02/03/2026", "10:00")
    )


def test_a_receipt_reprinted_after_a_supplement_and_a_payment_is_the_same_text(
    in_processing, counter_officer, specialist, tmp_path
) -> None:
    first = pdf_text(render_form("receipt", in_processing), tmp_path, "receipt-issued")
    assert "17:00, ngày 05/03/2026" in first
    assert "0912 345 678" in first and "+84" not in first
    assert "3 ngày làm việc" in first and "Khoảng" not in first
    assert "Quyển số: 2026 Số thứ tự: 1" in first
    assert "chưa nộp" in first

    dossier = services.request_supplement(
        in_processing, actor=specialist, items="Bản sao giấy khai sinh", at=at("03/03/2026")
    )
    dossier = services.supplement_received(
        dossier, actor=counter_officer, papers=[], at=at("06/03/2026", "09:00")
    )
    dossier = services.record_payment(
        Dossier.objects.get(pk=dossier.pk), actor=counter_officer, online=False
    )
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.appointment_at != at("05/03/2026", "17:00")  # the dates moved meanwhile
    assert dossier.fee_paid

    again = pdf_text(render_form("receipt", dossier), tmp_path, "receipt-reprinted")
    assert again == first


def test_a_second_receipt_gets_the_next_serial_of_the_register(
    three_day_procedure, counter_officer
) -> None:
    received(three_day_procedure, counter_officer)
    received(three_day_procedure, counter_officer)
    numbers = list(
        IssuedForm.objects.filter(form="receipt").order_by("pk").values_list("number", flat=True)
    )
    assert numbers == ["2026/1", "2026/2"]


def test_an_apology_is_numbered_signed_and_reprinted_as_issued(
    in_processing, specialist, leader, tmp_path
) -> None:
    specialist.job_title = "Phó Trưởng phòng"
    specialist.save(update_fields=["job_title"])
    dossier = services.apologise(
        in_processing,
        actor=specialist,
        reason="Cần xác minh thông tin tại nơi cư trú trước đây.",
        new_appointment_at=at("10/03/2026", "17:00"),
        at=at("04/03/2026", "10:00"),
    )
    first = pdf_text(render_form("apology", dossier), tmp_path, "apology-issued")
    assert "Số: 01/PXL-" in first
    assert "PHÓ TRƯỞNG PHÒNG" in first and specialist.full_name in first
    assert "17:00, ngày 10/03/2026" in first

    # Later the specialist's title changes and the dossier is stopped: the apology stays.
    specialist.job_title = "Trưởng phòng"
    specialist.save(update_fields=["job_title"])
    dossier = services.stop(
        Dossier.objects.get(pk=dossier.pk),
        actor=leader,
        reason="Người nộp đề nghị dừng.",
        at=at("05/03/2026", "09:00"),
    )
    assert pdf_text(render_form("apology", dossier), tmp_path, "apology-reprinted") == first
    stop = pdf_text(render_form("stop", dossier), tmp_path, "stop")
    assert "Số: " in stop and "/TB-" in stop


def test_a_supplement_request_reprinted_after_the_papers_came_is_the_same_text(
    in_processing, specialist, counter_officer, tmp_path
) -> None:
    dossier = services.request_supplement(
        in_processing, actor=specialist, items="- Bản sao giấy khai sinh", at=at("03/03/2026")
    )
    first = pdf_text(render_form("supplement", dossier), tmp_path, "supplement-issued")
    dossier = services.supplement_received(
        dossier, actor=counter_officer, papers=[], at=at("04/03/2026", "09:00")
    )
    again = pdf_text(render_form("supplement", dossier), tmp_path, "supplement-reprinted")
    assert again == first


def test_a_form_is_kept_only_when_its_step_succeeds(in_processing, specialist) -> None:
    with pytest.raises(services.DossierError):
        services.apologise(
            in_processing,
            actor=specialist,
            reason="Muộn",
            new_appointment_at=at("10/03/2026", "17:00"),
            at=at("05/03/2026", "09:00"),  # the last day: refused
        )
    assert not IssuedForm.objects.filter(form="apology").exists()


def test_the_control_sheet_is_closed_as_it_read_when_the_result_was_returned(
    in_processing, specialist, leader, counter_officer, tmp_path
) -> None:
    dossier = services.propose_result(in_processing, actor=specialist, at=at("03/03/2026"))
    dossier = services.approve(dossier, actor=leader, at=at("04/03/2026"))
    dossier = services.return_result(
        dossier,
        actor=counter_officer,
        electronic=False,
        fee_collected_now=True,
        at=at("05/03/2026"),
    )
    closed = pdf_text(render_form("control_sheet", dossier), tmp_path, "control-sheet")
    assert specialist.full_name in closed
    specialist.full_name = "Tên Đã Đổi"
    specialist.save(update_fields=["full_name"])
    dossier = Dossier.objects.get(pk=dossier.pk)
    again = pdf_text(render_form("control_sheet", dossier), tmp_path, "control-sheet-again")
    assert again == closed and "Tên Đã Đổi" not in again


def test_the_admin_lists_the_forms_a_dossier_was_given(
    client, administrator, three_day_procedure, counter_officer
) -> None:
    dossier = received(three_day_procedure, counter_officer)
    client.force_login(administrator)
    page = client.get(f"/quan-tri/dossiers/dossier/{dossier.pk}/change/").content.decode()
    assert "biểu mẫu đã ban hành" in page.lower() and "2026/1" in page
