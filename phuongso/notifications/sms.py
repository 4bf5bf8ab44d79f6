"""SMS through an adapter: one interface, a local outbox by default, a real gateway later.

The default `OutboxGateway` delivers to the notifications outbox that administrators read in
the admin ("hộp thư đi"); a provider (Viettel, VNPT…) plugs in behind `SmsGateway` and is
chosen by the SMS_GATEWAY setting (a dotted path).
"""

from __future__ import annotations

import unicodedata
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

# GSM 03.38's basic alphabet: what every phone shows in one 160-character SMS. Vietnamese
# with its marks needs UCS-2 (70 characters a part), so messages go without them.
GSM_7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
REPLACEMENTS = {"đ": "d", "Đ": "D", "–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'"}


def plain_text(text: str) -> str:
    """The text in GSM-7 without Vietnamese marks ("Phường Thanh Miếu" -> "Phuong Thanh
    Mieu"): every SMS goes through this, whatever its template or the names in it."""
    text = "".join(REPLACEMENTS.get(ch, ch) for ch in text)
    bare = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    )
    return "".join(ch if ch in GSM_7 else "?" for ch in unicodedata.normalize("NFC", bare))


class SmsError(Exception):
    pass


class SmsGateway(Protocol):
    name: str

    def send(self, *, phone: str, text: str) -> None:
        """Deliver or raise SmsError."""


class OutboxGateway:
    """Keeps the message in the outbox: the row itself is the delivery."""

    name = "outbox"

    def send(self, *, phone: str, text: str) -> None:
        if not phone.startswith("+84") or not phone[1:].isdecimal():
            raise SmsError(f"Số điện thoại nhận tin không hợp lệ: {phone}")


def gateway() -> SmsGateway:
    return import_string(settings.SMS_GATEWAY)()
