"""One-time codes that prove a phone number (or an e-mail address) is the person's.

A six-digit code goes out through the notifications outbox (the SMS adapter, or e-mail) and
is kept in the visitor's session only as a keyed hash, with the number it was sent to, its
expiry and the tries left: the code itself is kept nowhere it could be read back from. A code
proves one target for one purpose ("register", "phone") and is spent once checked.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.dateparse import parse_datetime

from phuongso.core.throttle import count_and_check
from phuongso.notifications.services import Recipient, notify


class CodeError(Exception):
    """Why a code was not sent or not accepted, in words for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def send_code(
    session: SessionBase, *, purpose: str, name: str, phone: str = "", email: str = ""
) -> None:
    """Send a new code to the phone (or, without one, the e-mail address); an earlier code
    for the same purpose stops working."""
    target = phone or email
    if not target:
        raise ValueError("a code needs a phone or an e-mail address")
    if count_and_check(
        f"verification-code:{target}", limit=settings.VERIFICATION_CODES_PER_HOUR, seconds=3600
    ):
        raise CodeError("Đã gửi quá nhiều mã tới địa chỉ này. Vui lòng thử lại sau một giờ.")
    code = f"{secrets.randbelow(10**6):06d}"
    expires = timezone.now() + timedelta(minutes=settings.VERIFICATION_CODE_MINUTES)
    session[_key(purpose)] = {
        "to": target,
        "digest": _digest(purpose, target, code),
        "expires": expires.isoformat(),
        "tries_left": settings.VERIFICATION_CODE_ATTEMPTS,
    }
    notify(
        event="verification_code",
        recipient=Recipient(name=name, phone=phone, email="" if phone else email),
        context={"code": code, "minutes": settings.VERIFICATION_CODE_MINUTES},
        about=f"verification:{purpose}",
    )


def pending_target(session: SessionBase, *, purpose: str) -> str:
    """The number (or address) a code for `purpose` was last sent to, or ""."""
    return (session.get(_key(purpose)) or {}).get("to", "")


def check_code(session: SessionBase, *, purpose: str, code: str) -> str:
    """The target the code proves, once; CodeError when it is wrong, expired or used up."""
    pending = session.get(_key(purpose))
    if not pending:
        raise CodeError("Chưa có mã nào được gửi, hoặc mã đã được dùng. Vui lòng gửi mã mới.")
    if parse_datetime(pending["expires"]) < timezone.now():
        del session[_key(purpose)]
        raise CodeError("Mã xác minh đã hết hạn. Vui lòng gửi mã mới.")
    typed = "".join(code.split())
    if constant_time_compare(_digest(purpose, pending["to"], typed), pending["digest"]):
        del session[_key(purpose)]
        return pending["to"]
    pending["tries_left"] -= 1
    if pending["tries_left"] <= 0:
        del session[_key(purpose)]
        raise CodeError("Nhập sai mã quá số lần cho phép. Vui lòng gửi mã mới.")
    session[_key(purpose)] = pending
    raise CodeError(f"Mã xác minh không đúng. Bạn còn {pending['tries_left']} lần thử.")


def _key(purpose: str) -> str:
    return f"verification:{purpose}"


def _digest(purpose: str, target: str, code: str) -> str:
    return salted_hmac("phuongso.accounts.verification", f"{purpose}|{target}|{code}").hexdigest()
