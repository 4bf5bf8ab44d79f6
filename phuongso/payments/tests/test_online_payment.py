"""Online payment through the gateway adapter: signed redirect, IPN, replay and forgery."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

import pytest
from django.urls import reverse

from phuongso.dossiers import services as dossier_services
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.testing import papers_for
from phuongso.dossiers.workflow import Action, Status
from phuongso.payments import signing, simulator
from phuongso.payments.models import Payment, PaymentStatus
from phuongso.payments.services import handle_ipn

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting_fees(three_day_procedure, citizen, counter_officer, specialist) -> Dossier:
    dossier = dossier_services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    dossier = dossier_services.receive(dossier, actor=counter_officer)
    dossier = dossier_services.assign(dossier, actor=specialist, assignee=specialist)
    return dossier_services.request_fees(dossier, actor=specialist, amount=15000)


def start(client, citizen, dossier) -> dict[str, str]:
    client.force_login(citizen)
    response = client.post(reverse("payments:pay", kwargs={"pk": dossier.pk}))
    target = urlparse(response.url)
    assert target.path == reverse("payments:simulator")
    return dict(parse_qsl(target.query))


def test_the_request_to_the_gateway_is_signed(client, citizen, awaiting_fees, settings) -> None:
    params = start(client, citizen, awaiting_fees)
    assert params["vnp_Amount"] == "1500000"
    assert signing.verify(params, settings.PAYMENT_HASH_SECRET)


def test_paying_through_the_simulator_records_an_online_payment(
    client, citizen, awaiting_fees
) -> None:
    params = start(client, citizen, awaiting_fees)
    response = client.post(
        reverse("payments:simulator"), {**params, "lua_chon": "thanh_toan"}, follow=True
    )
    assert "Thanh toán phí, lệ phí thành công." in response.content.decode()
    dossier = Dossier.objects.get(pk=awaiting_fees.pk)
    assert dossier.fee_paid and dossier.paid_online and dossier.status == Status.IN_PROCESSING
    event = dossier.events.last()
    assert event.action == Action.RECORD_PAYMENT and event.actor_role == "system"


def test_a_cancelled_payment_changes_nothing(client, citizen, awaiting_fees) -> None:
    params = start(client, citizen, awaiting_fees)
    client.post(reverse("payments:simulator"), {**params, "lua_chon": "huy"})
    assert Payment.objects.get().status == PaymentStatus.FAILED
    assert not Dossier.objects.get(pk=awaiting_fees.pk).fee_paid


def test_a_wrongly_signed_ipn_is_refused_and_changes_nothing(
    client, citizen, awaiting_fees
) -> None:
    params = simulator.result_params(start(client, citizen, awaiting_fees), paid=True)
    params["vnp_Amount"] = "100"  # tampered after signing
    response = client.get(reverse("payments:ipn"), params)
    assert response.json() == {"RspCode": "97", "Message": "Invalid signature"}
    assert Payment.objects.get().status == PaymentStatus.PENDING
    assert not Dossier.objects.get(pk=awaiting_fees.pk).fee_paid


def test_a_replayed_ipn_is_refused_and_changes_nothing(client, citizen, awaiting_fees) -> None:
    params = simulator.result_params(start(client, citizen, awaiting_fees), paid=True)
    assert handle_ipn(params).code == "00"
    events = Dossier.objects.get(pk=awaiting_fees.pk).events.count()
    response = client.get(reverse("payments:ipn"), params)
    assert response.json()["RspCode"] == "02"
    assert Dossier.objects.get(pk=awaiting_fees.pk).events.count() == events


def test_an_ipn_with_the_wrong_amount_is_refused(client, citizen, awaiting_fees, settings) -> None:
    request_params = start(client, citizen, awaiting_fees)
    params = simulator.result_params({**request_params, "vnp_Amount": "100"}, paid=True)
    assert handle_ipn(params).code == "04"
    assert not Dossier.objects.get(pk=awaiting_fees.pk).fee_paid


def test_another_citizen_cannot_start_a_payment(client, other_citizen, awaiting_fees) -> None:
    client.force_login(other_citizen)
    assert client.post(reverse("payments:pay", kwargs={"pk": awaiting_fees.pk})).status_code == 404
