"""Paying a dossier's fees online: start a payment, confirm it from the gateway's IPN.

The dossier's fee is recorded through dossiers.services.record_payment (its audit trail);
a callback with a wrong signature, an unknown reference, a wrong amount or a replay changes
nothing. Money taken for a dossier that can no longer take it (its fee changed, it was paid in
another tab or at the counter, it was withdrawn meanwhile) is kept as a payment to refund.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from phuongso.accounts.models import User
from phuongso.core.errors import ServiceError
from phuongso.dossiers import services as dossier_services
from phuongso.dossiers import workflow
from phuongso.dossiers.models import Dossier
from phuongso.payments import signing
from phuongso.payments.models import Payment, PaymentStatus


class PaymentError(ServiceError):
    """A refused payment step."""


@dataclass(frozen=True)
class IpnAnswer:
    """What the merchant answers the gateway's IPN call (codes of the VNPAY protocol)."""

    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"RspCode": self.code, "Message": self.message}


CONFIRMED = IpnAnswer("00", "Confirm Success")
NOT_FOUND = IpnAnswer("01", "Order not found")
ALREADY_CONFIRMED = IpnAnswer("02", "Order already confirmed")
WRONG_AMOUNT = IpnAnswer("04", "Invalid amount")
BAD_SIGNATURE = IpnAnswer("97", "Invalid signature")
INVALID_REQUEST = IpnAnswer("99", "Invalid request")


def online_payment_available() -> bool:
    """A real gateway is configured, or the simulator is allowed (demo, tests)."""
    return settings.PAYMENT_GATEWAY_NAME != "simulator" or settings.PAYMENT_SIMULATOR


def start_payment(*, dossier: Dossier, return_url: str, client_ip: str) -> str:
    """Create a pending payment and return the gateway URL the citizen is sent to."""
    if not online_payment_available():
        raise PaymentError(
            "Thanh toán trực tuyến chưa được mở. Vui lòng nộp phí, lệ phí tại Bộ phận Một cửa."
        )
    if refusal := dossier_services.payment_refusal(dossier):
        raise PaymentError(refusal)
    payment = Payment.objects.create(
        dossier=dossier,
        reference=f"{dossier.pk}-{secrets.token_hex(6)}",
        amount=dossier.fee_amount,
        gateway=settings.PAYMENT_GATEWAY_NAME,
    )
    params = {
        "vnp_Version": "2.1.0",
        "vnp_Command": "pay",
        "vnp_TmnCode": settings.PAYMENT_MERCHANT_CODE,
        "vnp_Amount": str(payment.amount * 100),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": payment.reference,
        "vnp_OrderInfo": f"Nop phi ho so {dossier.code or dossier.pk}",
        "vnp_OrderType": "billpayment",
        "vnp_Locale": "vn",
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": client_ip,
        "vnp_CreateDate": timezone.localtime().strftime("%Y%m%d%H%M%S"),
    }
    query = urlencode(signing.signed(params, settings.PAYMENT_HASH_SECRET))
    return f"{settings.PAYMENT_GATEWAY_URL}?{query}"


def handle_ipn(params: dict[str, str]) -> IpnAnswer:
    """The gateway's server-to-server confirmation. Idempotent: a replay confirms nothing."""
    if not signing.verify(params, settings.PAYMENT_HASH_SECRET):
        return BAD_SIGNATURE
    if "vnp_ResponseCode" not in params:  # e.g. our own signed request sent back
        return INVALID_REQUEST
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(reference=params.get("vnp_TxnRef", ""))
            .first()
        )
        if payment is None:
            return NOT_FOUND
        if payment.status != PaymentStatus.PENDING:
            return ALREADY_CONFIRMED
        if params.get("vnp_Amount") != str(payment.amount * 100):
            return WRONG_AMOUNT
        _confirm(payment, params)
    return CONFIRMED


def _confirm(payment: Payment, params: dict[str, str]) -> None:
    payment.response_code = params.get("vnp_ResponseCode", "")
    payment.gateway_transaction = params.get("vnp_TransactionNo", "")
    payment.confirmed_at = timezone.now()
    if payment.response_code != "00":
        payment.status = PaymentStatus.FAILED
    else:
        payment.status = _apply(payment)
    payment.save()


def _apply(payment: Payment) -> str:
    """Record the money on the dossier if it still settles its fee; otherwise it is refunded.
    The dossier is locked, so no step of an official slips in between the check and the step."""
    dossier = Dossier.objects.select_for_update().get(pk=payment.dossier_id)
    if payment.amount != dossier.fee_amount:
        return PaymentStatus.REFUND_DUE
    try:
        with transaction.atomic():  # a refused step leaves the payment to be recorded
            dossier_services.record_payment(dossier, actor=None, online=True)
    except dossier_services.DossierError:
        return PaymentStatus.REFUND_DUE
    return PaymentStatus.PAID


def may_record_refund(officer: User, dossier: Dossier) -> bool:
    """A counter that serves the dossier pays refunds back: its commune's, or the one that
    received it (the workflow's COUNTER and RECEIVING_COUNTER roles)."""
    roles = dossier_services.roles_on(dossier, officer)
    return bool(roles & {workflow.COUNTER, workflow.RECEIVING_COUNTER})


def record_refund(*, payment: Payment, officer: User) -> Payment:
    """The counter paid back money the gateway took for nothing (REFUND_DUE): who, and when.
    Only an officer of a counter that serves the dossier; only once (a second click is told)."""
    if not may_record_refund(officer, payment.dossier):
        raise PaymentError("Chỉ Bộ phận Một cửa phục vụ hồ sơ này mới ghi nhận hoàn tiền.")
    with transaction.atomic():
        updated = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.REFUND_DUE).update(
            status=PaymentStatus.REFUNDED, refunded_at=timezone.now(), refunded_by=officer
        )
    if updated != 1:
        raise PaymentError("Khoản này đã được ghi nhận hoàn tiền.")
    payment.refresh_from_db()
    return payment


def read_return(params: dict[str, str]) -> Payment | None:
    """The citizen's browser comes back: show the verified outcome (the IPN changes state)."""
    if not signing.verify(params, settings.PAYMENT_HASH_SECRET):
        return None
    return Payment.objects.filter(reference=params.get("vnp_TxnRef", "")).first()
