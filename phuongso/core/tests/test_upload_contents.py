"""Uploads are read through, not only their first bytes: a PDF must parse and carry neither
JavaScript nor embedded files, a picture must decode whole within the pixel cap."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from phuongso.core.uploads import check_upload


def pdf(*, javascript: bool = False, attachment: bool = False) -> SimpleUploadedFile:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        action = {"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert(1);")}
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject(key): value for key, value in action.items()}
        )
    if attachment:
        writer.add_attachment("hoa-don.exe", b"MZ\x90\x00")
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile("to-khai.pdf", out.getvalue(), content_type="application/pdf")


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width × height pixels, with one row of data: what a bomb's
    first kilobytes look like."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1)))
        + chunk(b"IEND", b"")
    )


def test_a_plain_pdf_is_taken() -> None:
    assert check_upload(pdf()).name == "to-khai.pdf"


def test_a_pdf_with_javascript_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValidationError, match="có chứa JavaScript"):
        check_upload(pdf(javascript=True))


def test_a_pdf_with_an_embedded_file_is_refused() -> None:
    with pytest.raises(ValidationError, match="tệp đính kèm bên trong"):
        check_upload(pdf(attachment=True))


def test_a_file_that_only_starts_like_a_pdf_is_refused() -> None:
    fake = SimpleUploadedFile("don.pdf", b"%PDF-1.7\nkhong phai pdf\n" * 10)
    with pytest.raises(ValidationError, match="Không đọc được tệp PDF"):
        check_upload(fake)


@pytest.mark.parametrize("side", [12_000, 40_000])  # over the cap; over Pillow's own bomb limit
def test_a_decompression_bomb_is_refused_before_it_is_decoded(side: int) -> None:
    bomb = SimpleUploadedFile("anh.png", png_header(side, side), content_type="image/png")
    with pytest.raises(ValidationError, match="triệu điểm ảnh"):
        check_upload(bomb)


def test_a_picture_within_the_cap_is_taken(settings) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 160, 40)).save(buffer, format="JPEG")
    assert check_upload(SimpleUploadedFile("giay to.jpg", buffer.getvalue())).name == (
        "giay-to.jpg"
    )
    settings.UPLOAD_MAX_PIXELS = 1000
    with pytest.raises(ValidationError, match="quá lớn"):
        check_upload(SimpleUploadedFile("giay to.jpg", buffer.getvalue()))


@pytest.mark.django_db
def test_a_bomb_sent_as_a_feedback_photo_is_refused_not_a_server_error(client, commune) -> None:
    # The photo check caught damaged files but not Pillow's bomb error: a 500.
    from phuongso.feedback import services
    from phuongso.feedback.demo import seed_categories

    bomb = SimpleUploadedFile("anh.png", png_header(40_000, 40_000), content_type="image/png")
    with pytest.raises(services.FeedbackError, match="triệu điểm ảnh"):
        services.submit_report(
            commune=commune,
            category=seed_categories(commune)[0],
            description="Đèn hỏng.",
            address="Phố Hàm Nghi",
            reporter=services.Reporter(name=""),
            photos=[bomb],
        )


@pytest.mark.django_db
def test_a_body_over_the_cap_is_refused_before_it_is_read(client, settings) -> None:
    settings.REQUEST_MAX_BODY_MB = 1
    big = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2 * 1024 * 1024)
    response = client.post("/phan-anh/gui/", {"anh": big})
    assert response.status_code == 413
    assert "lớn hơn 1 MB" in response.content.decode()
