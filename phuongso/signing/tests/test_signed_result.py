"""A result signed by the leader and sealed by the ward verifies with pyHanko and pdfsig."""

from __future__ import annotations

import pytest

from phuongso.dossiers.testing import walk_in
from phuongso.signing import services
from phuongso.signing.tests.conftest import pdfsig
from phuongso.signing.verify import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(three_day_procedure, counter_officer):
    from phuongso.dossiers.testing import at

    return walk_in(three_day_procedure, counter_officer, at("10/02/2026"))


def test_two_signatures_both_valid_in_pdfsig(demo_pki, dossier, leader, result_pdf, tmp_path):
    document = services.sign_result(dossier, official=leader, data=result_pdf)
    path = tmp_path / "signed.pdf"
    with document.file.open("rb") as kept:
        path.write_bytes(kept.read())
    out = pdfsig(path)
    assert out.count("Signature is Valid.") == 2, out


def test_the_signed_result_verifies(demo_pki, dossier, leader, result_pdf):
    document = services.sign_result(dossier, official=leader, data=result_pdf)
    with document.file.open("rb") as kept:
        report = verify(kept.read())
    assert report.problem == ""
    assert [s.signer for s in report.signatures] == ["Lanh Dao", "UBND Phường Thanh Miếu"]
    assert all(s.trusted and s.timestamped and s.demo for s in report.signatures)
    assert report.valid and not report.modified
    assert report.matches_issued_copy and report.dossier_code == dossier.code
