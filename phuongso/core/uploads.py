"""Uploaded papers: PDF, JPEG or PNG only, recognised by their content, within size limits.

Files are stored under MEDIA_ROOT, outside the web root, and served only by views that check
who is asking (e.g. dossiers/views/files.py). The one home of "what is this file".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
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
    upload.name = safe_name(upload.name, kind[0])
    return upload


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


def remove_stored(storage: Storage, names: Iterable[str]) -> None:
    """Delete files no row points at any more (a refused step's, a replaced draft paper's).
    A failure is logged, never raised: what the caller is reporting matters more."""
    for name in names:
        try:
            storage.delete(name)
        except OSError as error:
            logger.warning("Không xóa được tệp %s: %s", name, error)
