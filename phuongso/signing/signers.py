"""Signer adapters behind one interface: `open_signer(credential)` yields a pyHanko signer.

A PKCS#12 file (the demo and small deployments), a PKCS#11 token or HSM (tested against
SoftHSM2), and a remote signing service (Cloud Signature Consortium API v1; csc_simulator.py
stands in for one). Secrets come
from settings. Every failure becomes a SigningError with a message for the official.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from asn1crypto import algos as asn1_algos
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from pyhanko.keys import load_cert_from_pemder
from pyhanko.sign import signers
from pyhanko.sign.timestamps import DummyTimeStamper, TimeStamper
from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from phuongso.signing import pki
from phuongso.signing.models import Credential, CredentialKind


class SigningError(Exception):
    """Signing could not be done; `message` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _asn1_cert(certificate) -> asn1_x509.Certificate:  # noqa: ANN001 - a pyca certificate
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def trusted_roots() -> list[asn1_x509.Certificate]:
    """The roots a signature must chain to: the demo root (when on) and SIGNING_TRUST_ROOTS."""
    roots = [load_cert_from_pemder(path) for path in settings.SIGNING_TRUST_ROOTS]
    demo = demo_root_certificate()
    if demo is not None:
        roots.append(demo)
    return roots


def demo_root_certificate() -> asn1_x509.Certificate | None:
    path = Path(settings.SIGNING_DIR) / pki.ROOT_FILE
    if not settings.SIGNING_DEMO_PKI or not path.exists():
        return None
    return load_cert_from_pemder(str(path))


def _passphrase() -> bytes:
    return settings.SIGNING_PASSPHRASE.encode()


@contextmanager
def open_signer(credential: Credential) -> Iterator[signers.Signer]:
    """The signer for `credential`, open for the time of one signature."""
    if credential.kind == CredentialKind.PKCS12:
        yield _pkcs12_signer(credential)
    elif credential.kind == CredentialKind.PKCS11:
        with _pkcs11_signer(credential) as signer:
            yield signer
    else:
        yield _remote_signer(credential)


def _pkcs12_signer(credential: Credential) -> signers.SimpleSigner:
    path = Path(credential.location)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SigningError(
            f"Không đọc được tệp khóa ký số của «{credential.holder}»; "
            "vui lòng báo quản trị hệ thống."
        ) from error
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=trusted_roots(), passphrase=_passphrase()
        )
    except ValueError as error:
        raise SigningError(
            f"Không mở được tệp khóa ký số của «{credential.holder}» (sai mật khẩu hoặc tệp "
            "hỏng); vui lòng báo quản trị hệ thống."
        ) from error


@contextmanager
def _pkcs11_signer(credential: Credential) -> Iterator[signers.Signer]:
    # Imported here: python-pkcs11 loads a native module, only needed with a token.
    from pkcs11.exceptions import PKCS11Error as LibraryError
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Error, PKCS11Signer, open_pkcs11_session

    try:
        session = open_pkcs11_session(
            settings.SIGNING_PKCS11_MODULE,
            token_criteria=TokenCriteria(label=credential.location),
            user_pin=settings.SIGNING_PKCS11_PIN,
        )
    except (PKCS11Error, LibraryError, OSError, RuntimeError) as error:
        raise SigningError(
            f"Không tìm thấy thiết bị ký số «{credential.location}» của «{credential.holder}» "
            "hoặc mã PIN không đúng; vui lòng cắm thiết bị và thử lại."
        ) from error
    try:
        yield PKCS11Signer(
            session,
            key_label=credential.key_label,
            signing_cert=asn1_x509.Certificate.load(bytes(credential.certificate)),
            ca_chain=trusted_roots(),
        )
    finally:
        session.close()


class RemoteSigner(signers.Signer):
    """A remote signing service speaking the CSC API v1: the document's digest leaves the
    server, the key never comes to it. One authorisation (SAD) per signature."""

    def __init__(self, *, base_url: str, credential_id: str, token: str, pin: str) -> None:
        self.base_url, self.credential_id = base_url.rstrip("/"), credential_id
        self.headers = {"Authorization": f"Bearer {token}"}
        self.pin = pin
        info = self._call("credentials/info", {"certificates": "chain", "certInfo": False})
        try:
            certificates = [
                asn1_x509.Certificate.load(base64.b64decode(c))
                for c in info["cert"]["certificates"]
            ]
        except (KeyError, ValueError, TypeError) as error:
            raise SigningError("Dịch vụ ký số từ xa trả về chứng thư không đọc được.") from error
        registry = SimpleCertificateStore()
        registry.register_multiple(certificates[1:])
        super().__init__(signing_cert=certificates[0], cert_registry=registry)

    def _call(self, endpoint: str, body: dict) -> dict:
        url = f"{self.base_url}/csc/v1/{endpoint}"
        try:
            response = requests.post(
                url,
                json={"credentialID": self.credential_id, **body},
                headers=self.headers,
                timeout=settings.SIGNING_REMOTE_TIMEOUT_SECONDS,
            )
        except requests.RequestException as error:
            raise SigningError(
                "Không kết nối được dịch vụ ký số từ xa; văn bản chưa được ký. "
                "Vui lòng thử lại sau."
            ) from error
        if response.status_code != 200:
            raise SigningError(
                f"Dịch vụ ký số từ xa từ chối yêu cầu ({response.status_code}); văn bản chưa "
                "được ký. Vui lòng kiểm tra mã PIN hoặc liên hệ quản trị hệ thống."
            )
        return response.json()

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:
            return bytes(512)
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        digest = hashlib.new(digest_algorithm, data).digest()
        sad = self._call("credentials/authorize", {"numSignatures": 1, "PIN": self.pin})["SAD"]
        answer = self._call(
            "signatures/signHash",
            {
                "SAD": sad,
                "hash": [base64.b64encode(digest).decode()],
                "hashAlgo": asn1_algos.DigestAlgorithmId(digest_algorithm).dotted,
                "signAlgo": mechanism["algorithm"].dotted,
            },
        )
        return base64.b64decode(answer["signatures"][0])


def _remote_signer(credential: Credential) -> RemoteSigner:
    if not settings.SIGNING_REMOTE_URL:
        raise SigningError(
            "Dịch vụ ký số từ xa chưa được cấu hình cho máy chủ này (SIGNING_REMOTE_URL)."
        )
    return RemoteSigner(
        base_url=settings.SIGNING_REMOTE_URL,
        credential_id=credential.location,
        token=settings.SIGNING_REMOTE_TOKEN,
        pin=settings.SIGNING_REMOTE_PIN,
    )


def timestamper() -> TimeStamper:
    """The RFC 3161 timestamp service of SIGNING_TSA_URL, or the demo authority's own."""
    if settings.SIGNING_TSA_URL:
        return HTTPTimeStamper(
            settings.SIGNING_TSA_URL, timeout=settings.SIGNING_TSA_TIMEOUT_SECONDS
        )
    return demo_timestamper()


def demo_timestamper() -> DummyTimeStamper:
    path = Path(settings.SIGNING_DIR) / pki.TSA_FILE
    root = demo_root_certificate()
    if root is None or not path.exists():
        raise SigningError(
            "Chưa có dịch vụ cấp dấu thời gian (chạy manage.py create_demo_pki hoặc đặt "
            "SIGNING_TSA_URL)."
        )
    issued = pki.load_pkcs12(path.read_bytes(), _passphrase())
    key_der = issued.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return DummyTimeStamper(
        tsa_cert=_asn1_cert(issued.certificate),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key_der),
        certs_to_embed=[root],
    )


def demo_timestamp_reply(request_der: bytes) -> bytes:
    """The demo timestamp service's RFC 3161 answer (TimeStampResp, DER) to a request."""
    from asn1crypto import tsp

    request = tsp.TimeStampReq.load(request_der)
    request.native  # noqa: B018 - parses the whole request now: a bad one raises ValueError
    return demo_timestamper().request_tsa_response(request).dump()
