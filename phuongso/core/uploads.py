"""Uploaded papers: PDF, JPEG or PNG only, recognised by their content, within size limits,
and checked beyond their first bytes (check_content): a PDF must parse and carry neither
JavaScript nor embedded files; a picture must decode whole within UPLOAD_MAX_PIXELS.

Files are stored under MEDIA_ROOT, outside the web root, and served only by views that check
who is asking (e.g. dossiers/views/files.py). The one home of "what is this file".
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.utils.text import slugify

from phuongso.core.text import fold

SIGNATURES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
}
MEGABYTE = 1024 * 1024
logger = logging.getLogger(__name__)


def detect_kind(upload: UploadedFile) -> tuple[str, str] | None:
    """(extension, content type) from the file's first bytes, or None when not allowed."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def check_upload(upload: UploadedFile) -> UploadedFile:
    """Refuse anything but a real PDF, JPEG or PNG within the per-file limit; rename safely."""
    if upload.size == 0:
        raise ValidationError("Tệp «%(name)s» rỗng.", params={"name": upload.name})
    limit = settings.UPLOAD_MAX_FILE_MB * MEGABYTE
    if upload.size > limit:
        raise ValidationError(
            "Tệp «%(name)s» lớn hơn %(mb)s MB cho phép.",
            params={"name": upload.name, "mb": settings.UPLOAD_MAX_FILE_MB},
        )
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError(
            "Tệp «%(name)s» không phải PDF, JPEG hoặc PNG (hệ thống kiểm tra nội dung tệp, "
            "không chỉ phần đuôi tên).",
            params={"name": upload.name},
        )
    check_content(upload, kind[0])
    upload.name = safe_name(upload.name, kind[0])
    return upload


# --- beyond the first bytes ------------------------------------------------------------------

# PDF keys that run code or carry other files: JavaScript (also in actions and forms), launch
# actions, embedded and attached files, Flash-era rich media.
ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/Launch": "lệnh mở chương trình",
    "/EmbeddedFile": "tệp đính kèm bên trong",
    "/EmbeddedFiles": "tệp đính kèm bên trong",
    "/FileAttachment": "tệp đính kèm bên trong",
    "/RichMedia": "nội dung đa phương tiện nhúng",
}
# Objects looked at in one PDF before giving up (a 10 MB scan has a few thousand).
MAX_PDF_OBJECTS = 200_000


def check_content(upload: UploadedFile, extension: str) -> None:
    """ValidationError unless the file is what its first bytes say, read through: every upload
    path calls this after detect_kind."""
    if extension == "pdf":
        check_pdf(upload)
    else:
        check_picture(upload)


def check_pdf(upload: UploadedFile) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    name = upload.name
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "Tệp «%(name)s» là PDF có mật khẩu; vui lòng gửi bản không đặt mật khẩu.",
                params={"name": name},
            )
        found = None
        seen: set[tuple[int, int]] = set()
        pending: list[object] = [reader.trailer]
        looked = 0
        while pending and found is None:
            item = pending.pop()
            if isinstance(item, IndirectObject):
                if (item.idnum, item.generation) in seen:
                    continue
                seen.add((item.idnum, item.generation))
                item = item.get_object()
            looked += 1
            if looked > MAX_PDF_OBJECTS:
                raise ValidationError(
                    "Tệp «%(name)s» có cấu trúc PDF quá phức tạp để kiểm tra.",
                    params={"name": name},
                )
            if isinstance(item, DictionaryObject):
                for key, value in item.items():
                    if key in ACTIVE_KEYS or (
                        isinstance(value, NameObject) and value in ACTIVE_KEYS
                    ):
                        found = ACTIVE_KEYS.get(key) or ACTIVE_KEYS[value]
                        break
                    pending.append(value)
            elif isinstance(item, ArrayObject):
                pending.extend(item)
        if found is None:
            len(reader.pages)  # the page tree must be whole
    except ValidationError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ValidationError(
            "Không đọc được tệp PDF «%(name)s» (tệp bị hỏng).", params={"name": name}
        ) from None
    finally:
        upload.seek(0)
    if found is not None:
        raise ValidationError(
            "Tệp PDF «%(name)s» có chứa %(what)s; hệ thống không nhận PDF có mã chạy được hay "
            "tệp đính kèm. Vui lòng in ra PDF thường (hoặc quét lại) rồi gửi.",
            params={"name": name, "what": found},
        )


@contextmanager
def whole_pictures_only() -> Iterator[None]:
    """weasyprint, once imported (for any PDF), lets Pillow pad a truncated picture for the
    whole process (ImageFile.LOAD_TRUNCATED_IMAGES); an upload must decode whole or be refused.
    Workers serve one request at a time, so the flag is set back before anything else reads it.
    A picture over Pillow's own bomb limit is an error here, not a warning."""
    from PIL import Image, ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def too_many_pixels(name: str) -> ValidationError:
    return ValidationError(
        "Ảnh «%(name)s» quá lớn (trên %(mp)s triệu điểm ảnh).",
        params={"name": name, "mp": settings.UPLOAD_MAX_PIXELS // 1_000_000},
    )


def check_picture(upload: UploadedFile) -> None:
    """The picture decodes whole, and its size is read from the header and capped before any
    pixel is decoded (a few kilobytes of PNG can decode to gigabytes)."""
    from PIL import Image, UnidentifiedImageError

    name = upload.name
    upload.seek(0)
    try:
        with whole_pictures_only(), Image.open(upload) as image:
            if image.width * image.height > settings.UPLOAD_MAX_PIXELS:
                raise too_many_pixels(name)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels(name) from None
    except UnidentifiedImageError:  # the first bytes of a picture, then something else
        raise ValidationError(
            "Tệp «%(name)s» không phải ảnh JPEG hoặc PNG (hệ thống kiểm tra nội dung tệp, "
            "không chỉ phần đuôi tên).",
            params={"name": name},
        ) from None
    except (OSError, ValueError, SyntaxError, MemoryError):  # damaged past its header
        raise ValidationError(
            "Không đọc được ảnh «%(name)s» (tệp bị hỏng).", params={"name": name}
        ) from None
    finally:
        upload.seek(0)


def check_total(uploads: Iterable[UploadedFile], *, already: int = 0) -> None:
    total = already + sum(upload.size for upload in uploads)
    if total > settings.UPLOAD_MAX_DOSSIER_MB * MEGABYTE:
        raise ValidationError(
            "Tổng dung lượng các tệp của hồ sơ vượt quá %(mb)s MB.",
            params={"mb": settings.UPLOAD_MAX_DOSSIER_MB},
        )


def stored_bytes(files: Iterable[FieldFile]) -> int:
    """The size of files already stored (a draft's papers, a dossier's), to count them in the
    dossier's total; a file missing from the storage counts nothing."""
    total = 0
    for file in files:
        try:
            total += file.size if file else 0
        except OSError:
            continue
    return total


def safe_name(name: str, extension: str) -> str:
    """An ASCII file name without paths or odd characters, with the extension of its content."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    # fold first: slugify's ASCII folding drops "đ" instead of writing "d".
    stem = slugify(fold(stem))[:80].strip("-_") or "tep"  # nothing left (文件, 📄, "(?)")
    return f"{stem}.{extension}"


class StoredFileMissing(Http404):
    """A file a row points at is not in the storage; its message is shown on the 404 page."""


def open_stored(file: FieldFile, what: str = "Tệp") -> File:
    """A stored file opened for reading, or a 404 that says it is missing (a restore without
    the uploads folder, a file deleted by hand): never a server error."""
    try:
        return file.open("rb")
    except (FileNotFoundError, IsADirectoryError, ValueError):
        raise StoredFileMissing(
            f"{what} không còn trên máy chủ; vui lòng báo cán bộ phường để gửi lại."
        ) from None


def remove_stored(storage: Storage, names: Iterable[str]) -> None:
    """Delete files no row points at any more (a refused step's, a replaced draft paper's).
    A failure is logged, never raised: what the caller is reporting matters more."""
    for name in names:
        try:
            storage.delete(name)
        except OSError as error:
            logger.warning("Không xóa được tệp %s: %s", name, error)
