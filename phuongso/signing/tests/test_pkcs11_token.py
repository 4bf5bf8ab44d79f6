"""Signing with a real PKCS#11 token: SoftHSM2 (Debian softhsm2), the key made inside it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import serialization
from django.test import override_settings

from phuongso.signing import demo, services
from phuongso.signing.models import Credential, CredentialKind
from phuongso.signing.signers import SigningError
from phuongso.signing.tests.conftest import _signing_settings, pdfsig
from phuongso.signing.verify import verify

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, PIN = "phuongso-lanh-dao", "1234"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (Path(MODULE).exists() and shutil.which("softhsm2-util")),
        reason="softhsm2 is not installed (make system-packages installs it)",
    ),
]


@pytest.fixture(scope="session")
def token_certificate(tmp_path_factory, pki_dir) -> bytes:
    """A token holding the leader's key pair (generated inside it) and its demo certificate."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.rsa import encode_rsa_public_key

    home = tmp_path_factory.mktemp("softhsm")
    (home / "tokens").mkdir()
    conf = home / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {home / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN,
         "--so-pin", "5678"],
        check=True, capture_output=True,
    )  # fmt: skip
    token = pkcs11.lib(MODULE).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        public, _ = session.generate_keypair(
            KeyType.RSA, 2048, store=True, label="lanh_dao", id=b"\x01"
        )
        spki = asn1_keys.PublicKeyInfo.wrap(
            asn1_keys.RSAPublicKey.load(encode_rsa_public_key(public)), "rsa"
        ).dump()
        with override_settings(**_signing_settings(pki_dir)):
            root = demo.load_root()
            issued = demo.pki.issue(
                root,
                common_name="Lanh Dao",
                organisation="UBND Phường Thanh Miếu",
                title="Chủ tịch UBND phường",
                public_key=serialization.load_der_public_key(spki),
                crl_url=demo.crl_url(),
            )
        der = issued.certificate.public_bytes(serialization.Encoding.DER)
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "lanh_dao",
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: issued.certificate.subject.public_bytes(),
                Attribute.VALUE: der,
            }
        )
    return der


@pytest.fixture
def token_leader(demo_pki, leader, token_certificate, settings):
    settings.SIGNING_PKCS11_MODULE = MODULE
    settings.SIGNING_PKCS11_PIN = PIN
    Credential.objects.filter(user=leader).update(
        kind=CredentialKind.PKCS11,
        location=TOKEN,
        key_label="lanh_dao",
        certificate=token_certificate,
        title="Chủ tịch UBND phường",
    )
    return leader


def test_the_leader_signs_with_the_token_and_the_ward_seals(
    token_leader, dossier, result_pdf, tmp_path
):
    document = services.sign_result(dossier, official=token_leader, data=result_pdf)
    with document.file.open("rb") as kept:
        data = kept.read()
    report = verify(data)
    assert report.valid
    assert [s.title for s in report.signatures] == ["Chủ tịch UBND phường", ""]
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(data)
    assert pdfsig(path).count("Signature is Valid.") == 2


def test_an_absent_token_is_a_clear_failure(token_leader, dossier, result_pdf):
    Credential.objects.filter(user=token_leader).update(location="token-da-rut-ra")
    with pytest.raises(SigningError, match="Không tìm thấy thiết bị ký số"):
        services.sign_result(dossier, official=token_leader, data=result_pdf)
