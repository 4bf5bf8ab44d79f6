"""Evidence files: only PDF, JPEG and PNG, recognised by their first bytes, size-limited.

Files are stored under MEDIA_ROOT (outside the web root) with a random name and served only
through the `resolution:evidence` view, which checks access.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from phuongso.core.text import format_number
from phuongso.core.uploads import check_content, detect_kind


class EvidenceRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


def check(upload: UploadedFile) -> Kind:
    """The file's kind, or EvidenceRefused with a message naming the file."""
    name = upload.name or "tệp"
    limit = settings.RESOLUTION_EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        megabytes = format_number(limit / (1024 * 1024), 1).removesuffix(",0")
        raise EvidenceRefused(f"Tệp «{name}» quá lớn: tối đa {megabytes} MB.")
    detected = detect_kind(upload)
    if detected is None:
        raise EvidenceRefused(
            f"Tệp «{name}» không phải PDF, JPEG hoặc PNG: chỉ nhận tệp minh chứng ba loại này."
        )
    extension, content_type = detected
    try:
        check_content(upload, extension)
    except ValidationError as exc:
        raise EvidenceRefused(" ".join(exc.messages)) from None
    return Kind(content_type=content_type, extension=extension)


def stored_name(kind: Kind) -> str:
    """A random file name: the original name is kept in the database, never on disk."""
    return f"{uuid.uuid4().hex}.{kind.extension}"
