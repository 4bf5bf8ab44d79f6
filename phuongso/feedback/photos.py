"""Photos of a report: JPEG or PNG only, recognised by their content, within size limits.

The same rules as dossier uploads (core/uploads.py) without PDF: the picture decodes whole
within the pixel cap, and is re-encoded without its metadata.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from phuongso.core.uploads import (
    check_picture,
    detect_kind,
    safe_name,
    too_many_pixels,
    whole_pictures_only,
)

IMAGE_KINDS = {"jpg", "png"}
ACCEPT = "image/jpeg,image/png"


def check_photo(upload: UploadedFile) -> UploadedFile:
    """Refuse anything but a real JPEG or PNG within the limits; rename it safely and drop
    its metadata (the photo is re-encoded)."""
    if not upload.size:
        raise ValidationError("Tệp «%(name)s» rỗng.", params={"name": upload.name})
    if upload.size > settings.UPLOAD_MAX_FILE_MB * 1024 * 1024:
        raise ValidationError(
            "Ảnh «%(name)s» lớn hơn %(mb)s MB cho phép.",
            params={"name": upload.name, "mb": settings.UPLOAD_MAX_FILE_MB},
        )
    kind = detect_kind(upload)
    if kind is None or kind[0] not in IMAGE_KINDS:
        raise ValidationError(
            "Tệp «%(name)s» không phải ảnh JPEG hoặc PNG (hệ thống kiểm tra nội dung tệp, "
            "không chỉ phần đuôi tên).",
            params={"name": upload.name},
        )
    check_picture(upload)  # decodes whole within the pixel cap
    return _without_metadata(upload, kind[0], safe_name(upload.name, kind[0]))


def _without_metadata(upload: UploadedFile, kind: str, name: str) -> UploadedFile:
    """The photo as it is seen, without what its file says about the sender: EXIF (where and
    when it was taken, the phone) and other metadata are dropped. Photos are shown publicly.
    The picture is turned upright first, since its EXIF orientation goes with the rest."""
    from PIL import Image, ImageOps

    upload.seek(0)
    try:
        with whole_pictures_only(), Image.open(upload) as image:
            if image.width * image.height > settings.UPLOAD_MAX_PIXELS:
                raise too_many_pixels(name)
            picture = ImageOps.exif_transpose(image)
            if kind == "jpg" and picture.mode not in ("RGB", "L"):
                picture = picture.convert("RGB")
            out = io.BytesIO()
            if kind == "jpg":
                picture.save(out, format="JPEG", quality=90)
            else:
                picture.save(out, format="PNG")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels(name) from None
    except (OSError, ValueError):  # damaged past its header
        raise ValidationError(
            "Không đọc được ảnh «%(name)s» (tệp bị hỏng).", params={"name": name}
        ) from None
    finally:
        upload.seek(0)
    content_type = "image/jpeg" if kind == "jpg" else "image/png"
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


def check_photos(uploads: Sequence[UploadedFile]) -> list[UploadedFile]:
    if len(uploads) > settings.FEEDBACK_MAX_PHOTOS:
        raise ValidationError(
            "Mỗi phản ánh gửi tối đa %(count)s ảnh.", params={"count": settings.FEEDBACK_MAX_PHOTOS}
        )
    return [check_photo(upload) for upload in uploads]
