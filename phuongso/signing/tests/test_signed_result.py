"""A result signed by the leader and sealed by the ward verifies with pyHanko and pdfsig."""

from __future__ import annotations

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import DocumentSecurityStore

from phuongso.signing import services
from phuongso.signing.signers import SigningError
from phuongso.signing.tests.conftest import pdfsig
from phuongso.signing.verify import verify

pytestmark = pytest.mark.django_db


def test_both_signatures_are_valid_for_pdfsig(signed_result, tmp_path):
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(signed_result)
    out = pdfsig(path)
    assert out.count("Signature is Valid.") == 2, out
    assert "Lanh Dao" in out and "UBND Phường Thanh Miếu" in out


def test_the_signed_result_verifies_with_pyhanko(signed_result, dossier):
    report = verify(signed_result)
    assert report.problem == ""
    assert [s.signer for s in report.signatures] == ["Lanh Dao", "UBND Phường Thanh Miếu"]
    assert all(s.trusted and s.timestamped and s.demo for s in report.signatures)
    assert report.valid and not report.modified
    assert report.matches_issued_copy and report.dossier_code == dossier.code


def test_the_revocation_list_is_embedded_for_long_term_validation(signed_result, demo_pki):
    dss = DocumentSecurityStore.read_dss(PdfFileReader(__import__("io").BytesIO(signed_result)))
    assert dss.crls, "PAdES B-LT: the demo root's CRL is in the document security store"


def test_an_image_result_is_converted_to_pdf_and_signed(demo_pki, dossier, leader):
    from io import BytesIO

    from PIL import Image

    png = BytesIO()
    Image.new("RGB", (300, 200), "white").save(png, format="PNG")
    document = services.sign_result(dossier, official=leader, data=png.getvalue())
    with document.file.open("rb") as kept:
        assert verify(kept.read()).valid


def test_a_file_that_is_neither_pdf_nor_image_is_not_signed(demo_pki, dossier, leader):
    with pytest.raises(SigningError, match="PDF, PNG hoặc JPEG"):
        services.sign_result(dossier, official=leader, data=b"GIF89a...")


def test_an_official_without_a_certificate_cannot_sign(demo_pki, dossier, specialist, result_pdf):
    with pytest.raises(SigningError, match="chưa có chứng thư"):
        services.sign_result(dossier, official=specialist, data=result_pdf)


def test_the_demo_crl_is_served_at_the_address_the_certificates_name(client, demo_pki):
    response = client.get("/xac-thuc/crl/phuongso-demo.crl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"


def test_a_changed_copy_still_names_its_dossier_but_not_as_the_kept_copy(signed_result, dossier):
    from phuongso.signing.tests.test_verification_page import with_content_drawn_over

    report = verify(with_content_drawn_over(signed_result))
    assert report.modified and not report.valid
    assert report.dossier_code == dossier.code and not report.matches_issued_copy


def test_a_form_is_sealed_by_the_ward_alone_and_names_its_dossier(demo_pki, dossier, result_pdf):
    from phuongso.signing.models import DocumentKind

    document = services.seal(
        result_pdf, kind=DocumentKind.FORM, commune=dossier.commune, dossier=dossier
    )
    document.save()
    with document.file.open("rb") as kept:
        report = verify(kept.read())
    assert report.valid and [s.signer for s in report.signatures] == ["UBND Phường Thanh Miếu"]
    assert report.kind == DocumentKind.FORM and report.dossier_code == dossier.code


def test_a_receipt_is_signed_by_the_counter_officer_and_sealed(
    demo_pki, dossier, counter_officer, result_pdf
):
    from phuongso.signing.models import DocumentKind

    document = services.seal(
        result_pdf,
        kind=DocumentKind.RECEIPT,
        commune=dossier.commune,
        dossier=dossier,
        official=counter_officer,
    )
    with document.file.open("rb") as kept:
        report = verify(kept.read())
    assert report.valid
    assert [s.signer for s in report.signatures] == ["Mot Cua", "UBND Phường Thanh Miếu"]
