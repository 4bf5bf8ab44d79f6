"""The redirect-and-signed-callback protocol Vietnamese payment gateways use (VNPAY style).

The merchant signs the sorted, URL-encoded request parameters with HMAC-SHA512 and a shared
secret; the gateway signs its return and IPN callbacks the same way. Pure functions.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import quote_plus, urlencode

HASH_FIELD = "vnp_SecureHash"
IGNORED = {HASH_FIELD, "vnp_SecureHashType"}


def canonical(params: dict[str, str]) -> str:
    items = sorted((k, v) for k, v in params.items() if k not in IGNORED and v != "")
    return urlencode(items, quote_via=quote_plus)


def sign(params: dict[str, str], secret: str) -> str:
    return hmac.new(secret.encode(), canonical(params).encode(), hashlib.sha512).hexdigest()


def signed(params: dict[str, str], secret: str) -> dict[str, str]:
    return {**params, HASH_FIELD: sign(params, secret)}


def verify(params: dict[str, str], secret: str) -> bool:
    given = params.get(HASH_FIELD, "")
    return bool(given) and hmac.compare_digest(given.lower(), sign(params, secret))
