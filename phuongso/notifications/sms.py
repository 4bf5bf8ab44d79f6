"""SMS through an adapter: one interface, a local outbox by default, a real gateway later.

The default `OutboxGateway` delivers to the notifications outbox that administrators read in
the admin ("hộp thư đi"); a provider (Viettel, VNPT…) plugs in behind `SmsGateway` and is
chosen by the SMS_GATEWAY setting (a dotted path).
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


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
