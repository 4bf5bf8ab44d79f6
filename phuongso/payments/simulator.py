"""A local payment gateway that speaks the same protocol, for the demo and the tests.

It verifies the merchant's signed request, shows a payment page, and on the citizen's choice
calls the merchant's IPN (in-process, as the real gateway's server would over HTTPS) and
redirects the browser to the return URL with signed parameters.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from phuongso.payments import signing
from phuongso.payments.services import IpnAnswer, handle_ipn


def is_enabled() -> bool:
    return settings.PAYMENT_GATEWAY_NAME == "simulator" and settings.PAYMENT_SIMULATOR


def result_params(request_params: dict[str, str], *, paid: bool) -> dict[str, str]:
    params = {
        "vnp_TmnCode": request_params["vnp_TmnCode"],
        "vnp_Amount": request_params["vnp_Amount"],
        "vnp_TxnRef": request_params["vnp_TxnRef"],
        "vnp_OrderInfo": request_params.get("vnp_OrderInfo", ""),
        "vnp_ResponseCode": "00" if paid else "24",  # 24: the customer cancelled
        "vnp_TransactionStatus": "00" if paid else "02",
        "vnp_TransactionNo": str(secrets.randbelow(10**8)),
        "vnp_BankCode": "NCB",
        "vnp_PayDate": timezone.localtime().strftime("%Y%m%d%H%M%S"),
    }
    return signing.signed(params, settings.PAYMENT_HASH_SECRET)


def complete(request_params: dict[str, str], *, paid: bool) -> tuple[IpnAnswer, str]:
    """Call the merchant's IPN, then build the browser's return URL."""
    params = result_params(request_params, paid=paid)
    answer = handle_ipn(params)
    return answer, f"{request_params['vnp_ReturnUrl']}?{urlencode(params)}"
