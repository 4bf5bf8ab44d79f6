"""A person downloads everything phuongso holds about them (JSON and PDF) and asks the ward to
correct it; the ward's administrator sees and answers the request (Law 91/2025/QH15)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from phuongso.accounts import personal_data
from phuongso.accounts.models import CorrectionRequest, CorrectionStatus, IdentityProof
from phuongso.accounts.services import prove_identity
from phuongso.dossiers.testing import submitted_online
from phuongso.households.models import AccessAction, AccessLog

pytestmark = pytest.mark.django_db


def download(client) -> dict:
    response = client.get(reverse("accounts:my_data_json"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_the_json_holds_the_account_and_own_dossiers_only(
    client, citizen, other_citizen, three_day_procedure
) -> None:
    submitted_online(three_day_procedure, citizen)
    submitted_online(three_day_procedure, other_citizen)
    client.force_login(citizen)
    data = download(client)
    assert data["account"]["full_name"] == "Nguyễn Văn Dân"
    assert data["account"]["personal_id"] == "025090000001"
    assert data["account"]["personal_id_verified_at"] is None  # typed, not proven
    [dossier] = data["dossiers"]
    assert dossier["applicant"]["name"] == "Nguyễn Văn Dân" and dossier["papers"]
    assert "Trần Thị Khác" not in json.dumps(data, ensure_ascii=False)
    assert {item["name"] for item in data["processing"]} >= {"Hồ sơ thủ tục hành chính"}
    log = AccessLog.objects.get(action=AccessAction.EXPORT_OWN_DATA)
    assert log.user == citizen and log.subject == citizen and log.detail == "JSON"


def test_household_records_come_only_with_a_proven_number(
    client, citizen, counter_officer, commune
) -> None:
    import datetime as dt

    from phuongso.core.models import ResidentialGroup
    from phuongso.households import services
    from phuongso.households.tests.conftest import person

    group = ResidentialGroup.objects.filter(commune=commune).first()
    services.create_household(
        commune=commune,
        code="H777",
        residential_group=group,
        address="Số 7, đường Hùng Vương",
        head=person("Nguyễn Văn Dân", born=dt.date(1990, 1, 1), personal_id="025090000001"),
        members=[],
        actor=None,
    )
    client.force_login(citizen)
    assert download(client)["household_records"] == []
    prove_identity(
        user=citizen, personal_id="025090000001", proof=IdentityProof.COUNTER, by=counter_officer
    )
    records = download(client)["household_records"]
    assert [record["household"]["code"] for record in records] == ["H777"]


def test_the_pdf_is_a_pdf_with_the_persons_name(client, citizen) -> None:
    client.force_login(citizen)
    response = client.get(reverse("accounts:my_data_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(action=AccessAction.EXPORT_OWN_DATA, detail="PDF").exists()


def test_a_correction_request_is_recorded_and_answered_by_the_wards_administrator(
    client, citizen, administrator, commune
) -> None:
    client.force_login(citizen)
    page = reverse("accounts:my_data")
    assert client.post(page, {"record": "account", "wrong": "", "correct": ""}).status_code == 200
    response = client.post(
        page,
        {"record": "account", "reference": "", "wrong": "Địa chỉ: số 1", "correct": "Số 10"},
    )
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert request.user == citizen and request.commune == commune
    assert "Chờ xử lý" in client.get(page).content.decode()

    client.force_login(administrator)
    changelist = reverse("admin:accounts_correctionrequest_changelist")
    assert "Nguyễn Văn Dân" in client.get(changelist).content.decode()
    change = reverse("admin:accounts_correctionrequest_change", args=[request.pk])
    client.post(change, {"status": "corrected", "answer": "Đã sửa địa chỉ."})
    request.refresh_from_db()
    assert request.status == CorrectionStatus.CORRECTED and request.answered_by == administrator
    # Answered once: a second answer does not overwrite the first.
    assert not personal_data.answer_correction(
        correction=request, actor=administrator, status="refused", answer="Khác"
    )
    client.force_login(citizen)
    assert "Đã sửa địa chỉ." in client.get(page).content.decode()


def test_the_privacy_page_is_public_and_linked_from_every_page(client) -> None:
    response = client.get(reverse("core:privacy"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "91/2025/QH15" in html and "Rà soát hộ nghèo, hộ cận nghèo" in html
    assert "Căn cứ pháp lý" in html and "90 ngày" in html
    assert reverse("core:privacy") in client.get(reverse("core:home")).content.decode()
