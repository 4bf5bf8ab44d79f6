"""Photos of a report: JPEG or PNG only, recognised by their content, within size limits.

The same rules as dossier uploads (dossiers/uploads.py) without PDF, plus a check that the
file really decodes as an image.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from phuongso.core.uploads import detect_kind, safe_name
from phuongso.feedback import conf

IMAGE_KINDS = {"jpg", "png"}
ACCEPT = "image/jpeg,image/png"


def _decodes(upload: UploadedFile) -> bool:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    finally:
        upload.seek(0)
    return True


def check_photo(upload: UploadedFile) -> UploadedFile:
    """Refuse anything but a real JPEG or PNG within the per-file limit; rename it safely."""
    if not upload.size:
        raise ValidationError("Tệp «%(name)s» rỗng.", params={"name": upload.name})
    if upload.size > conf.max_photo_bytes():
        raise ValidationError(
            "Ảnh «%(name)s» lớn hơn %(mb)s MB cho phép.",
            params={"name": upload.name, "mb": conf.max_photo_bytes() // (1024 * 1024)},
        )
    kind = detect_kind(upload)
    if kind is None or kind[0] not in IMAGE_KINDS or not _decodes(upload):
        raise ValidationError(
            "Tệp «%(name)s» không phải ảnh JPEG hoặc PNG (hệ thống kiểm tra nội dung tệp, "
            "không chỉ phần đuôi tên).",
            params={"name": upload.name},
        )
    upload.name = safe_name(upload.name, kind[0])
    return upload


def check_photos(uploads: Sequence[UploadedFile]) -> list[UploadedFile]:
    if len(uploads) > conf.max_photos():
        raise ValidationError(
            "Mỗi phản ánh gửi tối đa %(count)s ảnh.", params={"count": conf.max_photos()}
        )
    return [check_photo(upload) for upload in uploads]
