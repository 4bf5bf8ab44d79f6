"""The public verification page and API: valid, changed, untrusted and unreadable files."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PdfFileWriter

from phuongso.signing.tests.conftest import pdfsig

pytestmark = pytest.mark.django_db

PAGE = "/xac-thuc/"
API = "/api/v1/verify"


def upload(client, url: str, data: bytes, name: str = "van-ban.pdf"):
    return client.post(url, {"file": SimpleUploadedFile(name, data, "application/pdf")})


def byte_flipped(data: bytes) -> bytes:
    """One character of the page's text changed inside the signed range."""
    at = data.index(b"/MediaBox") + 12
    return data[:at] + (b"7" if data[at : at + 1] != b"7" else b"8") + data[at + 1 :]


def with_added_page(data: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    page = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Page"),
            generic.pdf_name("/MediaBox"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (0, 0, 595, 842)]
            ),
        }
    )
    writer.insert_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def with_content_drawn_over(data: bytes) -> bytes:
    """An incremental update that paints a black box over the first page's text."""
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    stream = writer.add_object(generic.StreamObject(stream_data=b"0 g 40 700 400 80 re f"))
    writer.add_stream_to_page(0, stream)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfFileWriter()
    writer.insert_page(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Page"),
                generic.pdf_name("/MediaBox"): generic.ArrayObject(
                    [generic.NumberObject(n) for n in (0, 0, 595, 842)]
                ),
            }
        )
    )
    writer.encrypt("chu-so-huu", "mat-khau")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_page_opens_without_signing_in(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Xác thực văn bản điện tử" in response.content.decode()


def test_a_valid_document_names_its_signers_and_the_demo_root(client, pki_settings, signed_pdf):
    page = upload(client, PAGE, signed_pdf).content.decode()
    assert "Văn bản hợp lệ" in page
    assert "Ký bởi: Lanh Dao" in page and "Ký bởi: UBND Phường Thanh Miếu" in page
    assert "Chứng thư DEMO" in page
    assert "có dấu thời gian" in page
    assert "phường không lưu bản nào trùng khớp" in page  # it was never issued


def test_the_api_answers_the_issue_s_shape(client, pki_settings, signed_pdf):
    answer = upload(client, API, signed_pdf).json()
    assert answer["valid"] is True and answer["modified"] is False
    assert [s["signer"] for s in answer["signatures"]] == ["Lanh Dao", "UBND Phường Thanh Miếu"]
    first = answer["signatures"][0]
    assert set(first) == {"signer", "organisation", "signed_at", "timestamped", "trusted"}
    assert first["timestamped"] and first["trusted"]
    assert first["organisation"] == "UBND Phường Thanh Miếu"
    assert answer["document"] == {
        "kind": None,
        "dossier_code": None,
        "matches_issued_copy": False,
    }


@pytest.mark.parametrize(
    "change", [byte_flipped, with_added_page, with_content_drawn_over], ids=lambda f: f.__name__
)
def test_a_document_changed_after_signing_is_reported_as_modified(
    client, pki_settings, signed_pdf, change
):
    changed = change(signed_pdf)
    answer = upload(client, API, changed).json()
    assert answer["modified"] is True and answer["valid"] is False
    page = upload(client, PAGE, changed).content.decode()
    assert "đã bị thay đổi" in page or "bị hỏng hoặc đã bị sửa đổi" in page


def test_pdfsig_also_sees_the_flipped_byte(signed_pdf, tmp_path):
    path = tmp_path / "sua.pdf"
    path.write_bytes(byte_flipped(signed_pdf))
    assert pdfsig(path).count("Signature is Valid.") < 2


def test_a_signature_from_an_unknown_root_is_not_trusted(client, pki_settings, stranger_signed_pdf):
    answer = upload(client, API, stranger_signed_pdf).json()
    assert answer["modified"] is False
    assert answer["valid"] is False
    assert answer["signatures"][0]["trusted"] is False
    page = upload(client, PAGE, stranger_signed_pdf).content.decode()
    assert "Chữ ký không được tin cậy" in page
    assert "Kẻ Giả Mạo" in page and "Tổ chức chứng thực lạ" in page


def test_a_root_that_copies_the_demo_root_s_name_is_not_trusted(
    client, pki_settings, impostor_signed_pdf
):
    answer = upload(client, API, impostor_signed_pdf).json()
    assert answer["valid"] is False and answer["signatures"][0]["trusted"] is False
    page = upload(client, PAGE, impostor_signed_pdf).content.decode()
    # The name alone earns neither trust nor the demo label.
    assert "Chữ ký không được tin cậy" in page and "Chứng thư DEMO" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n not a pdf", "không phải là tệp PDF"),
        (b"%PDF-1.7\n garbage without structure", "bị hỏng"),
        (encrypted_pdf(), "đặt mật khẩu"),
    ],
    ids=["not-a-pdf", "broken-pdf", "encrypted-pdf"],
)
def test_files_that_cannot_be_checked_get_a_clear_message(client, pki_settings, data, message):
    page = upload(client, PAGE, data)
    assert page.status_code < 500
    assert message in page.content.decode()
    answer = upload(client, API, data)
    assert answer.status_code < 500
    assert message in answer.json()["detail"]


def test_an_unsigned_pdf_is_said_to_carry_no_signature(client, pki_settings, result_pdf):
    assert "không có chữ ký số nào" in upload(client, PAGE, result_pdf).content.decode()


@pytest.mark.parametrize("url", [PAGE, API])
def test_a_100_mb_upload_is_refused_with_a_message(client, pki_settings, url):
    response = upload(client, url, b"%PDF-1.7\n" + b"0" * (100 * 1024 * 1024))
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.content.decode("unicode_escape" if url == API else "utf-8")


def test_no_file_gets_a_message(client):
    assert "Vui lòng chọn tệp PDF" in client.post(PAGE, {}).content.decode()
    assert client.post(API, {}).status_code == 400


def test_checks_are_limited_per_address(client, settings, pki_settings, result_pdf):
    settings.SIGNING_VERIFY_PER_ADDRESS = 1
    assert upload(client, API, result_pdf).status_code == 200
    refused = upload(client, PAGE, result_pdf)
    assert refused.status_code == 429
    assert "quá nhiều tệp" in refused.content.decode()
