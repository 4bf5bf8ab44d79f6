"""Photos of a report: JPEG or PNG only, recognised by their content, within size limits.

The same rules as dossier uploads (dossiers/uploads.py) without PDF, plus a check that the
file really decodes as an image.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from phuongso.core.uploads import detect_kind, safe_name

IMAGE_KINDS = {"jpg", "png"}
# A 50-megapixel phone photo fits; a picture decoding to gigabytes (a few MB of PNG) does not.
MAX_PIXELS = 60_000_000
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
    if kind is None or kind[0] not in IMAGE_KINDS or not _decodes(upload):
        raise ValidationError(
            "Tệp «%(name)s» không phải ảnh JPEG hoặc PNG (hệ thống kiểm tra nội dung tệp, "
            "không chỉ phần đuôi tên).",
            params={"name": upload.name},
        )
    return _without_metadata(upload, kind[0], safe_name(upload.name, kind[0]))


@contextmanager
def _whole_pictures_only() -> Iterator[None]:
    """weasyprint, once imported (for any PDF), lets Pillow pad a truncated picture for the
    whole process (ImageFile.LOAD_TRUNCATED_IMAGES); a photo must decode whole or be refused.
    Workers serve one request at a time, so the flag is set back before anything else reads it."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _without_metadata(upload: UploadedFile, kind: str, name: str) -> UploadedFile:
    """The photo as it is seen, without what its file says about the sender: EXIF (where and
    when it was taken, the phone) and other metadata are dropped. Photos are shown publicly.
    The picture is turned upright first, since its EXIF orientation goes with the rest."""
    from PIL import Image, ImageOps

    upload.seek(0)
    try:
        with _whole_pictures_only(), Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    "Ảnh «%(name)s» quá lớn (trên %(mp)s triệu điểm ảnh).",
                    params={"name": name, "mp": MAX_PIXELS // 1_000_000},
                )
            picture = ImageOps.exif_transpose(image)
            if kind == "jpg" and picture.mode not in ("RGB", "L"):
                picture = picture.convert("RGB")
            out = io.BytesIO()
            if kind == "jpg":
                picture.save(out, format="JPEG", quality=90)
            else:
                picture.save(out, format="PNG")
    except (OSError, ValueError, Image.DecompressionBombError):  # damaged past its header
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
