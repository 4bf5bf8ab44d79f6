"""Small real files for tests: uploads are read through (core/uploads.check_content), so a
test paper must be a PDF that parses and a picture that decodes, not only their first bytes."""

from __future__ import annotations

import io

# One blank A4 page, as pypdf writes it.
PDF = (
    b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n>>\nendobj\n2 0 obj\n<<\n"
    b"/Type /Pages\n/Count 1\n/Kids [ 4 0 R ]\n>>\nendobj\n3 0 obj\n<<\n/Type /Catalog\n"
    b"/Pages 2 0 R\n>>\nendobj\n4 0 obj\n<<\n/Type /Page\n/Resources <<\n>>\n"
    b"/MediaBox [ 0.0 0.0 595 842 ]\n/Parent 2 0 R\n>>\nendobj\nxref\n0 5\n"
    b"0000000000 65535 f \n0000000015 00000 n \n0000000054 00000 n \n0000000113 00000 n \n"
    b"0000000162 00000 n \ntrailer\n<<\n/Size 5\n/Root 3 0 R\n/Info 1 0 R\n>>\nstartxref\n256\n"
    b"%%EOF\n"
)


def picture(kind: str = "PNG", size: tuple[int, int] = (32, 24)) -> bytes:
    """A small real picture ("PNG" or "JPEG") made with Pillow."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 160, 40)).save(buffer, format=kind)
    return buffer.getvalue()


PNG = picture("PNG")
JPEG = picture("JPEG")
