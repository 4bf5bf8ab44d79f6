"""Online payment through the gateway adapter: signed redirect, IPN, replay and forgery."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

import pytest
from django.urls import reverse

from phuongso.dossiers import services as dossier_services
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.testing import submitted_online
from phuongso.dossiers.workflow import Action, Status
from phuongso.payments import signing, simulator
from phuongso.payments.models import Payment, PaymentStatus
from phuongso.payments.services import handle_ipn

pytestmark = pytest.mark.django_db


def in_processing(procedure, citizen, counter_officer, specialist) -> Dossier:
    dossier = dossier_services.receive(submitted_online(procedure, citizen), actor=counter_officer)
    return dossier_services.assign(dossier, actor=specialist, assignee=specialist)


@pytest.fixture
def awaiting_fees(three_day_procedure, citizen, counter_officer, specialist) -> Dossier:
    dossier = in_processing(three_day_procedure, citizen, counter_officer, specialist)
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


def pay_at_gateway(client, params: dict[str, str]):
    """The citizen confirms on the gateway's page; its IPN and the return follow."""
    return client.post(
        reverse("payments:simulator"), {**params, "lua_chon": "thanh_toan"}, follow=True
    )


def test_money_taken_twice_from_two_tabs_is_kept_for_a_refund(
    client, citizen, awaiting_fees, specialist
) -> None:
    """Both tabs reached the gateway before either paid: the second payment cannot settle the
    fee again; the gateway is told it was received, and the ward refunds it."""
    first, second = start(client, citizen, awaiting_fees), start(client, citizen, awaiting_fees)
    pay_at_gateway(client, first)
    events = Dossier.objects.get(pk=awaiting_fees.pk).events.count()
    page = pay_at_gateway(client, second).content.decode()
    assert "Phường sẽ hoàn lại số tiền này" in page
    statuses = sorted(Payment.objects.values_list("status", flat=True))
    assert statuses == [PaymentStatus.PAID, PaymentStatus.REFUND_DUE]
    dossier = Dossier.objects.get(pk=awaiting_fees.pk)
    assert dossier.fee_paid and dossier.events.count() == events
    # The officials handling the dossier are told to pay it back.
    client.force_login(specialist)
    desk = client.get(reverse("dossiers:desk_dossier", kwargs={"pk": dossier.pk})).content
    refund = Payment.objects.get(status=PaymentStatus.REFUND_DUE)
    assert "Cần hoàn tiền cho công dân" in desk.decode() and refund.reference in desk.decode()
    assert "Đã hoàn tiền cho công dân" not in desk.decode()  # the counter's to record


def test_an_old_payment_does_not_settle_a_fee_raised_since(
    client, citizen, three_day_procedure, counter_officer, specialist
) -> None:
    """The citizen starts paying the procedure's fee early, leaves the gateway's page open; the
    specialist then asks for a larger fee; the old payment completes and must not settle it."""
    dossier = in_processing(three_day_procedure, citizen, counter_officer, specialist)
    params = start(client, citizen, dossier)
    dossier_services.request_fees(dossier, actor=specialist, amount=500_000)
    assert handle_ipn(simulator.result_params(params, paid=True)).code == "00"
    assert Payment.objects.get().status == PaymentStatus.REFUND_DUE
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert not dossier.fee_paid and dossier.status == Status.AWAITING_FEES


def test_a_dossier_waiting_for_papers_before_receipt_offers_no_payment(
    client, citizen, three_day_procedure, counter_officer
) -> None:
    dossier = dossier_services.request_intake_supplement(
        submitted_online(three_day_procedure, citizen),
        actor=counter_officer,
        items="Bản sao giấy chứng sinh.",
    )
    assert dossier.fee_amount > 0 and not dossier.fee_paid
    client.force_login(citizen)
    page = client.get(reverse("dossiers:my_dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert "Thanh toán trực tuyến" not in page
    response = client.post(reverse("payments:pay", kwargs={"pk": dossier.pk}), follow=True)
    assert "không nhận nộp phí, lệ phí" in response.content.decode()
    assert not Payment.objects.exists()


def test_our_own_signed_request_sent_back_as_an_ipn_changes_nothing(
    client, citizen, awaiting_fees
) -> None:
    params = start(client, citizen, awaiting_fees)
    assert handle_ipn(params).code == "99"
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_fees_paid_early_are_not_asked_again(
    client, citizen, three_day_procedure, counter_officer, specialist
) -> None:
    dossier = dossier_services.receive(
        submitted_online(three_day_procedure, citizen), actor=counter_officer
    )
    pay_at_gateway(client, start(client, citizen, dossier))
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.fee_paid and dossier.events.last().action == Action.FEES_PAID_EARLY
    dossier = dossier_services.assign(dossier, actor=specialist, assignee=specialist)
    with pytest.raises(dossier_services.DossierError, match="không yêu cầu nộp lại"):
        dossier_services.request_fees(dossier, actor=specialist, amount=dossier.fee_amount)
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.fee_paid and dossier.status == Status.IN_PROCESSING


def test_the_counter_records_the_refund_once_and_only_the_counter(
    client, citizen, awaiting_fees, specialist, counter_officer, other_commune_officer
) -> None:
    first, second = start(client, citizen, awaiting_fees), start(client, citizen, awaiting_fees)
    pay_at_gateway(client, first)
    pay_at_gateway(client, second)
    refund = Payment.objects.get(status=PaymentStatus.REFUND_DUE)
    url = reverse("payments:refunded", kwargs={"pk": refund.pk})
    # Nobody else records it: a citizen, a specialist, another commune's counter.
    client.force_login(citizen)
    assert client.post(url).status_code == 403
    client.force_login(specialist)
    assert client.post(url).status_code == 403
    client.force_login(other_commune_officer)
    assert client.post(url).status_code == 404
    assert Payment.objects.get(pk=refund.pk).status == PaymentStatus.REFUND_DUE
    client.force_login(counter_officer)
    desk = client.get(reverse("dossiers:desk_dossier", kwargs={"pk": awaiting_fees.pk}))
    assert "Đã hoàn tiền cho công dân" in desk.content.decode()
    page = client.post(url, follow=True).content.decode()
    assert "Đã ghi nhận hoàn 15.000 đồng." in page
    assert "Cần hoàn tiền cho công dân" not in page and "Đã hoàn 15.000 đồng" in page
    refund.refresh_from_db()
    assert (refund.status, refund.refunded_by) == (PaymentStatus.REFUNDED, counter_officer)
    again = client.post(url, follow=True).content.decode()
    assert "Khoản này đã được ghi nhận hoàn tiền." in again


def test_the_desk_offers_no_fee_step_once_the_fee_is_paid(
    client, citizen, three_day_procedure, counter_officer, specialist
) -> None:
    dossier = in_processing(three_day_procedure, citizen, counter_officer, specialist)
    client.force_login(counter_officer)
    desk = reverse("dossiers:desk_dossier", kwargs={"pk": dossier.pk})
    before = client.get(desk).content.decode()
    assert "<summary>Nộp phí, lệ phí trước khi được yêu cầu</summary>" in before
    assert "<summary>Yêu cầu nộp phí, lệ phí</summary>" in before
    pay_at_gateway(client, start(client, citizen, dossier))
    client.force_login(counter_officer)
    after = client.get(desk).content.decode()
    assert "<summary>Nộp phí, lệ phí trước khi được yêu cầu</summary>" not in after
    assert "<summary>Yêu cầu nộp phí, lệ phí</summary>" not in after
