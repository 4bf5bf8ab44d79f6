"""A local stand-in for a remote signing service speaking the Cloud Signature Consortium API
v1 (credentials/info, credentials/authorize, signatures/signHash), as the Vietnamese remote
signing services do in their own words. Its credentials are the PKCS#12 files of SIGNING_DIR
(credential ID: the file name without .p12); the PIN is SIGNING_REMOTE_PIN. Demo and tests
only: served at /xac-thuc/csc/v1/ while the demo authority is on."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from django.conf import settings

from phuongso.signing import pki

SHA256_RSA = "1.2.840.113549.1.1.11"
SHA256 = "2.16.840.1.101.3.4.2.1"
SAD_SECONDS = 300


class CscError(Exception):
    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description

    def as_json(self) -> dict:
        return {"error": self.error, "error_description": self.description}


def _credential(credential_id: str) -> pki.Issued:
    if not credential_id or "/" in credential_id or credential_id.startswith("."):
        raise CscError(400, "invalid_request", "Invalid parameter credentialID")
    path = Path(settings.SIGNING_DIR) / f"{credential_id}.p12"
    if not path.exists():
        raise CscError(400, "invalid_request", "Invalid parameter credentialID")
    return pki.load_pkcs12(path.read_bytes(), settings.SIGNING_PASSPHRASE.encode())


def _sad(credential_id: str, expires: int) -> str:
    key = settings.SECRET_KEY.encode()
    mac = hmac.new(key, f"{credential_id}:{expires}".encode(), hashlib.sha256).hexdigest()
    return f"{expires}.{mac}"


def _check_sad(credential_id: str, sad: str) -> None:
    expires, _, _ = (sad or "").partition(".")
    if not expires.isdecimal() or int(expires) < time.time():
        raise CscError(400, "invalid_request", "SAD expired")
    if not hmac.compare_digest(_sad(credential_id, int(expires)), sad):
        raise CscError(400, "invalid_request", "Invalid SAD")


def expected_pin() -> str:
    """The PIN the simulated service holds for every credential (a real one: the user's)."""
    return settings.SIGNING_REMOTE_PIN


def _der_b64(certificate) -> str:  # noqa: ANN001
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


def handle(endpoint: str, body: dict, *, bearer: str) -> dict:
    """One CSC API call; raises CscError for a refusal."""
    if not settings.SIGNING_REMOTE_TOKEN or not hmac.compare_digest(
        bearer, settings.SIGNING_REMOTE_TOKEN
    ):
        raise CscError(401, "invalid_token", "Invalid access token")
    credential_id = str(body.get("credentialID", ""))
    issued = _credential(credential_id)
    if endpoint == "credentials/info":
        root = Path(settings.SIGNING_DIR) / pki.ROOT_FILE
        chain = [_der_b64(issued.certificate)]
        if root.exists():
            chain.append(base64.b64encode(pki_root_der(root)).decode())
        return {
            "key": {"status": "enabled", "algo": [SHA256_RSA], "len": issued.key.key_size},
            "cert": {"status": "valid", "certificates": chain},
            "authMode": "explicit",
            "SCAL": "1",
            "multisign": 1,
        }
    if endpoint == "credentials/authorize":
        if not hmac.compare_digest(str(body.get("PIN", "")), expected_pin()):
            raise CscError(400, "invalid_pin", "The PIN is invalid")
        return {"SAD": _sad(credential_id, int(time.time()) + SAD_SECONDS)}
    if endpoint == "signatures/signHash":
        _check_sad(credential_id, str(body.get("SAD", "")))
        if body.get("signAlgo") != SHA256_RSA:
            raise CscError(400, "invalid_request", "Unsupported signAlgo")
        signatures = []
        for value in body.get("hash") or []:
            digest = base64.b64decode(value)
            if len(digest) != 32:
                raise CscError(400, "invalid_request", "Invalid hash")
            raw = issued.key.sign(digest, PKCS1v15(), Prehashed(hashes.SHA256()))
            signatures.append(base64.b64encode(raw).decode())
        return {"signatures": signatures}
    raise CscError(404, "invalid_request", "Unknown endpoint")


def pki_root_der(path: Path) -> bytes:
    from cryptography import x509

    certificate = x509.load_pem_x509_certificate(path.read_bytes())
    return certificate.public_bytes(serialization.Encoding.DER)
