"""A dossier handed in at the counter or by post (channels 1 and 3) can be refused at intake
with the reason (form 03) or guided once, in writing, to be completed (form 02), exactly as an
online dossier: printable, and in the audit trail."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from phuongso.dossiers import services
from phuongso.dossiers.deadlines import verdict
from phuongso.dossiers.documents import render_form
from phuongso.dossiers.models import Dossier, DossierEvent
from phuongso.dossiers.services import Applicant, DossierError
from phuongso.dossiers.testing import at, papers_for
from phuongso.dossiers.views.files import forms_available
from phuongso.dossiers.workflow import Action, Status, national_code
from phuongso.procedures.models import ChannelOption

pytestmark = pytest.mark.django_db

PERSON = Applicant(name="Trần Thị Bưu", phone="+84912345678", address="Tổ 5, Thọ Sơn")


def pdf_text(pdf: bytes, tmp_path) -> str:  # noqa: ANN001
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_a_walk_in_refused_at_intake_is_written_with_its_reason_and_prints_form_03(
    three_day_procedure, counter_officer, tmp_path
) -> None:
    dossier = services.refuse_at_counter(
        procedure=three_day_procedure,
        actor=counter_officer,
        applicant=PERSON,
        reason="Hồ sơ thuộc thẩm quyền của Ủy ban nhân dân tỉnh.",
        at=at("02/03/2026", "09:00"),
    )
    assert dossier.status == Status.REFUSED and national_code(dossier.status) == 3
    assert dossier.channel == "1" and dossier.code is None and dossier.received_at is None
    assert dossier.processing_ended_at == at("02/03/2026", "09:00")
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.from_status, event.to_status) == (Action.REFUSE, "", "refused")
    assert event.actor == counter_officer and "Ủy ban nhân dân tỉnh" in event.note
    assert ("refusal", "Phiếu từ chối") in forms_available(dossier)
    text = pdf_text(render_form("refusal", dossier), tmp_path)
    assert "Trần Thị Bưu" in text and "thẩm quyền của Ủy ban nhân dân tỉnh" in text


def test_a_refusal_without_a_reason_is_refused_and_writes_nothing(
    three_day_procedure, counter_officer
) -> None:
    with pytest.raises(DossierError, match="lý do từ chối"):
        services.refuse_at_counter(
            procedure=three_day_procedure, actor=counter_officer, applicant=PERSON, reason="  "
        )
    assert not Dossier.objects.exists()


def test_only_a_counter_officer_refuses_at_intake(three_day_procedure, specialist) -> None:
    with pytest.raises(DossierError, match="Bộ phận Một cửa"):
        services.refuse_at_counter(
            procedure=three_day_procedure, actor=specialist, applicant=PERSON, reason="Không"
        )
    assert not Dossier.objects.exists()


def test_a_posted_dossier_guided_at_intake_prints_form_02_then_is_received_when_completed(
    three_day_procedure, counter_officer, tmp_path
) -> None:
    ChannelOption.objects.create(procedure=three_day_procedure, channel="3", fee_amount=15000)
    dossier = services.guide_at_counter(
        procedure=three_day_procedure,
        actor=counter_officer,
        applicant=PERSON,
        items="- Tờ khai có chữ ký của người yêu cầu\n- Bản sao giấy chứng tử",
        channel="3",
        at=at("02/03/2026", "09:00"),
    )
    assert dossier.status == Status.INTAKE_SUPPLEMENT and dossier.channel == "3"
    cycle = dossier.supplement_cycles.get()
    assert cycle.at_intake and cycle.requested_by == counter_officer
    event = DossierEvent.objects.get(dossier=dossier)
    assert event.action == Action.REQUEST_INTAKE_SUPPLEMENT and event.from_status == ""
    text = pdf_text(render_form("supplement", dossier), tmp_path)
    assert "Bản sao giấy chứng tử" in text and "Trần Thị Bưu" in text

    # The papers come: received as an online dossier is, with its code and appointment.
    dossier = services.intake_supplemented(
        dossier, actor=counter_officer, papers=papers_for(three_day_procedure)
    )
    dossier = services.receive(dossier, actor=counter_officer, at=at("04/03/2026", "09:00"))
    assert dossier.status == Status.RECEIVED and dossier.code
    assert dossier.appointment_at == at("09/03/2026", "17:00")
    assert verdict(dossier) is None  # guided before receipt: not a supplement during processing
    assert dossier.supplement_requests == 0


def test_the_counter_page_refuses_a_walk_in_and_sends_to_the_printable_form(
    client, counter_officer, three_day_procedure
) -> None:
    client.force_login(counter_officer)
    url = reverse("dossiers:walk_in")
    response = client.post(
        url,
        {
            "procedure": three_day_procedure.pk,
            "full_name": "Trần Thị Bưu",
            "channel": "1",
            "intake_note": "Người yêu cầu chưa đủ tuổi kết hôn.",
            "tu_choi": "1",
        },
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:desk_dossier", args=[dossier.pk])
    assert dossier.status == Status.REFUSED and dossier.applicant is None
    page = client.get(response["Location"]).content.decode()
    assert "Phiếu từ chối" in page
    pdf = client.get(reverse("dossiers:form_pdf", args=[dossier.pk, "refusal"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_counter_page_asks_for_the_reason_before_refusing(
    client, counter_officer, three_day_procedure
) -> None:
    client.force_login(counter_officer)
    response = client.post(
        reverse("dossiers:walk_in"),
        {
            "procedure": three_day_procedure.pk,
            "full_name": "Trần Thị Bưu",
            "channel": "1",
            "tu_choi": "1",
        },
    )
    assert response.status_code == 200
    assert "Vui lòng ghi rõ lý do từ chối" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_counter_page_guides_a_walk_in_at_intake(
    client, counter_officer, three_day_procedure
) -> None:
    client.force_login(counter_officer)
    response = client.post(
        reverse("dossiers:walk_in"),
        {
            "procedure": three_day_procedure.pk,
            "full_name": "Trần Thị Bưu",
            "channel": "1",
            "intake_note": "Bản sao giấy chứng tử của chồng trước.",
            "huong_dan": "1",
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == Status.INTAKE_SUPPLEMENT
    assert dossier.issued_forms.get().form == "supplement"
