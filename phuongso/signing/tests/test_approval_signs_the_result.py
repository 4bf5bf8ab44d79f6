"""The leader's approval signs the result; without a certificate, or when signing fails,
the dossier stays exactly as it was."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier, DossierEvent
from phuongso.dossiers.services import DossierError
from phuongso.dossiers.testing import papers_for
from phuongso.dossiers.workflow import Action, Status
from phuongso.signing.models import Credential, IssuedDocument
from phuongso.signing.verify import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting_approval(
    demo_pki, three_day_procedure, citizen, counter_officer, specialist, result_pdf
) -> Dossier:
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    dossier = services.receive(dossier, actor=counter_officer)
    dossier = services.assign(dossier, actor=specialist, assignee=specialist)
    upload = SimpleUploadedFile("ket-qua.pdf", result_pdf, "application/pdf")
    return services.propose_result(dossier, actor=specialist, result_file=upload)


def unchanged(dossier: Dossier) -> bool:
    fresh = Dossier.objects.get(pk=dossier.pk)
    return (
        fresh.status == Status.AWAITING_APPROVAL
        and fresh.version == dossier.version
        and fresh.result_file.name == dossier.result_file.name
        and not DossierEvent.objects.filter(dossier=dossier, action=Action.APPROVE).exists()
        and not IssuedDocument.objects.exists()
    )


def test_approval_signs_the_result_and_the_citizen_downloads_the_signed_file(
    client, awaiting_approval, leader, counter_officer, citizen
):
    dossier = services.approve(awaiting_approval, actor=leader)
    issued = IssuedDocument.objects.get(dossier=dossier)
    assert dossier.result_file.name == issued.file.name
    event = DossierEvent.objects.get(dossier=dossier, action=Action.APPROVE)
    assert event.data == {"signed_document": str(issued.token)}
    services.return_result(dossier, actor=counter_officer, electronic=True, fee_collected_now=True)
    client.force_login(citizen)
    response = client.get(reverse("dossiers:result_file", kwargs={"pk": dossier.pk}))
    downloaded = b"".join(response.streaming_content)
    report = verify(downloaded)
    assert report.valid and report.matches_issued_copy
    assert report.dossier_code == dossier.code
    assert [s.signer for s in report.signatures] == ["Lanh Dao", "UBND Phường Thanh Miếu"]


def test_the_qr_link_shows_the_kept_copy(client, awaiting_approval, leader):
    dossier = services.approve(awaiting_approval, actor=leader)
    issued = IssuedDocument.objects.get(dossier=dossier)
    page = client.get(reverse("signing:document", kwargs={"token": issued.token})).content
    assert dossier.code in page.decode() and "Văn bản hợp lệ" in page.decode()


def test_a_leader_without_a_certificate_cannot_approve(awaiting_approval, leader):
    Credential.objects.filter(user=leader).delete()
    with pytest.raises(DossierError, match="chưa có chứng thư chữ ký số"):
        services.approve(awaiting_approval, actor=leader)
    assert unchanged(awaiting_approval)


def test_the_desk_says_why_the_approval_was_refused(client, awaiting_approval, leader):
    Credential.objects.filter(user=leader).delete()
    client.force_login(leader)
    url = reverse("dossiers:act", kwargs={"pk": awaiting_approval.pk, "action": "approve"})
    response = client.post(url, {"approve-version": awaiting_approval.version}, follow=True)
    assert "chưa có chứng thư chữ ký số" in response.content.decode()
    assert unchanged(awaiting_approval)


def test_a_timestamp_service_down_leaves_the_dossier_unchanged(settings, awaiting_approval, leader):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/"
    settings.SIGNING_TSA_TIMEOUT_SECONDS = 2
    with pytest.raises(DossierError, match="dấu thời gian"):
        services.approve(awaiting_approval, actor=leader)
    assert unchanged(awaiting_approval)
    assert not (settings.MEDIA_ROOT / "signed").exists()


def test_a_lost_race_keeps_no_signed_copy(settings, awaiting_approval, leader):
    Dossier.objects.filter(pk=awaiting_approval.pk).update(version=awaiting_approval.version + 1)
    with pytest.raises(DossierError, match="vừa được người khác cập nhật"):
        services.approve(awaiting_approval, actor=leader)
    assert not IssuedDocument.objects.exists()
    assert not list((settings.MEDIA_ROOT / "signed").rglob("*.pdf"))
