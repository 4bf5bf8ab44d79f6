"""Reading a PDF sent for verification, with the size limit checked before the body is read."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError

from phuongso.core.throttle import over_limits

TOO_BIG = "Tệp quá lớn: chỉ nhận tệp đến {mb} MB. Văn bản do phường phát hành nhỏ hơn nhiều."
MISSING = "Vui lòng chọn tệp PDF cần kiểm tra."
UNREADABLE = "Không đọc được tệp đã gửi; vui lòng gửi lại."


TOO_MANY = "Bạn đã kiểm tra quá nhiều tệp trong một giờ. Vui lòng thử lại sau."


def limit_bytes() -> int:
    return settings.SIGNING_VERIFY_MAX_MB * 1024 * 1024


def too_big_message() -> str:
    return TOO_BIG.format(mb=settings.SIGNING_VERIFY_MAX_MB)


def read_upload(request: HttpRequest) -> tuple[bytes | None, str]:
    """The uploaded file's bytes, or None with a message for the person who sent it."""
    if over_limits(
        request,
        what="verify",
        per_address=settings.SIGNING_VERIFY_PER_ADDRESS,
        overall=settings.SIGNING_VERIFY_PER_HOUR,
    ):
        return None, TOO_MANY
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    # One megabyte on top for the form around the file.
    if declared > limit_bytes() + 1024 * 1024:
        return None, too_big_message()
    try:
        upload = request.FILES.get("file")
    except (MultiPartParserError, OSError):
        return None, UNREADABLE
    if upload is None:
        return None, MISSING
    if upload.size > limit_bytes():
        return None, too_big_message()
    return upload.read(), ""


def upload_status(message: str) -> int:
    """The HTTP status that goes with a refused upload's message."""
    if message == TOO_MANY:
        return 429
    return 413 if message.startswith("Tệp quá lớn") else 400
