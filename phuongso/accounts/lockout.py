"""Failed sign-ins counted beyond one address (django-axes counts account and address
together): per account from every address, against guessing spread over many addresses, and
per address over every account, against one password tried on many accounts. Past either
limit sign-ins wait for the hour; an account's holder gets back in at once with a password
link (sent to their own phone or mail), which starts the account's count again."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from phuongso.accounts.backends import lockout_name
from phuongso.accounts.models import User
from phuongso.core.throttle import client_address, count_and_check, forget, reached

PAUSED = (
    "Đăng nhập vào tài khoản này, hoặc từ địa chỉ mạng này, đã sai quá nhiều lần nên tạm dừng "
    "trong một giờ. Nếu đây là tài khoản của bạn, chọn “Quên mật khẩu” để nhận đường dẫn đặt "
    "mật khẩu mới và đăng nhập ngay."
)
HOUR = 3600


def _account(request: HttpRequest | None, username: str) -> str:
    return f"sign-in-failures-account:{lockout_name(request, {'username': username})}"


def _address(request: HttpRequest | None) -> str:
    return f"sign-in-failures-address:{client_address(request) if request else ''}"


def sign_in_paused(request: HttpRequest | None, username: str) -> bool:
    return reached(_account(request, username), limit=settings.SIGN_IN_FAILURES_PER_ACCOUNT) or (
        reached(_address(request), limit=settings.SIGN_IN_FAILURES_PER_ADDRESS)
    )


def count_failure(request: HttpRequest | None, username: str) -> None:
    count_and_check(
        _account(request, username), limit=settings.SIGN_IN_FAILURES_PER_ACCOUNT, seconds=HOUR
    )
    count_and_check(_address(request), limit=settings.SIGN_IN_FAILURES_PER_ADDRESS, seconds=HOUR)


def forget_failures(user: User) -> None:
    forget(f"sign-in-failures-account:user:{user.pk}")
