"""The demo authority and one signed result made once per test session (RSA keys and
signatures are the slow part); each test registers its cast's credentials when it needs them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.test import override_settings

from phuongso.signing import demo, pki
from phuongso.signing.models import Credential, CredentialKind
from phuongso.signing.services import Signature, sign_pdf


def _signing_settings(directory: Path) -> dict:
    return {"SIGNING_DIR": directory, "SIGNING_TSA_URL": "", "SIGNING_DEMO_PKI": True}


@pytest.fixture(scope="session")
def pki_dir(tmp_path_factory) -> Path:
    """The demo authority's files, with the test cast's leader's and ward's key files."""
    directory = tmp_path_factory.mktemp("pki")
    with override_settings(**_signing_settings(directory)):
        root = demo.ensure_authority()
        name = "UBND Phường Thanh Miếu"
        demo.issue_file(root, directory / "seal-7909.p12", common_name=name, organisation=name)
        demo.issue_file(
            root, directory / "person-lanh_dao.p12", common_name="Lanh Dao", organisation=name
        )
    return directory


@pytest.fixture
def pki_settings(settings, pki_dir) -> Path:
    for name, value in _signing_settings(pki_dir).items():
        setattr(settings, name, value)
    return pki_dir


@pytest.fixture
def demo_pki(pki_settings, commune, leader, counter_officer) -> Path:
    demo.create_demo_pki()
    return pki_settings


@pytest.fixture(scope="session")
def result_pdf() -> bytes:
    """A one-page result with Vietnamese text, as a specialist would upload."""
    from weasyprint import HTML

    html = "<h1>GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN</h1><p>Ông Nguyễn Văn Dân, sinh năm 1990.</p>"
    return HTML(string=html).write_pdf()


def _file_credential(path: Path, holder: str) -> Credential:
    return Credential(kind=CredentialKind.PKCS12, location=str(path), holder=holder)


@pytest.fixture(scope="session")
def signed_pdf(pki_dir, result_pdf) -> bytes:
    """A result signed by the leader and sealed by the ward (not registered as issued)."""
    with override_settings(**_signing_settings(pki_dir)):
        leader = _file_credential(pki_dir / "person-lanh_dao.p12", "Lanh Dao")
        seal = _file_credential(pki_dir / "seal-7909.p12", "UBND Phường Thanh Miếu")
        return sign_pdf(
            result_pdf,
            [
                Signature(leader, "NguoiKy", ["Ký bởi: Lanh Dao"], url="http://x/xac-thuc/"),
                Signature(seal, "CoQuan", ["Ký bởi: UBND Phường Thanh Miếu"]),
            ],
            reason="Thử",
            location="Phường Thanh Miếu",
        )


@pytest.fixture(scope="session")
def stranger_signed_pdf(result_pdf) -> bytes:
    """A result signed with a certificate from a root phuongso does not trust."""
    return _signed_under_own_root(result_pdf, "Tổ chức chứng thực lạ")


@pytest.fixture(scope="session")
def impostor_signed_pdf(result_pdf) -> bytes:
    """Signed under a root of its own that copies the demo root's name."""
    return _signed_under_own_root(result_pdf, pki.DEMO_ROOT_NAME)


def _signed_under_own_root(result_pdf: bytes, root_name: str) -> bytes:
    from pyhanko.sign import fields, signers

    from phuongso.signing.services import _sign_with

    root = pki.create_root(bits=2048, common_name=root_name)
    issued = pki.issue(root, common_name="Kẻ Giả Mạo", organisation="Không rõ")
    signer = signers.SimpleSigner.load_pkcs12_data(
        pki.pkcs12_bytes(issued, [root.certificate], b"x"), other_certs=[], passphrase=b"x"
    )
    meta = signers.PdfSignatureMetadata(
        field_name="GiaMao", subfilter=fields.SigSeedSubFilter.PADES
    )
    return _sign_with(result_pdf, signers.PdfSigner(meta, signer=signer))


@pytest.fixture
def dossier(three_day_procedure, counter_officer):
    from phuongso.dossiers.testing import at, walk_in

    return walk_in(three_day_procedure, counter_officer, at("10/02/2026"))


@pytest.fixture
def signed_result(demo_pki, dossier, leader, result_pdf) -> bytes:
    """The dossier's result as phuongso issues it: signed by the leader, sealed by the ward."""
    from phuongso.signing import services

    document = services.sign_result(dossier, official=leader, data=result_pdf)
    document.save()
    with document.file.open("rb") as kept:
        return kept.read()


def pdfsig(path) -> str:  # noqa: ANN001
    """poppler's independent reading of a PDF's signatures."""
    run = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    return run.stdout + run.stderr
