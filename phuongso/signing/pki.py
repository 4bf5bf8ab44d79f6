"""The demo certificate authority: a root that says it is a demo, the certificates it issues
(the ward's organisation "seal", officials, the timestamp service) and its revocation list.

Production loads certificates issued by a licensed authority instead (settings "Signatures");
nothing here is used then but `load_pkcs12`. Keys are RSA: the local timestamp service of
pyHanko signs with RSA only, and every Vietnamese public-duty certificate in use is RSA too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_ROOT_NAME = "phuongso DEMO — không có giá trị pháp lý"
DEMO_ORGANISATION = "phuongso DEMO"
ROOT_FILE = "demo-root.pem"
ROOT_KEY_FILE = "demo-root-key.pem"
CRL_FILE = "demo-root.crl"
TSA_FILE = "demo-tsa.p12"

Key = rsa.RSAPrivateKey


@dataclass(frozen=True)
class Issued:
    key: Key
    certificate: x509.Certificate


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def new_key(bits: int) -> Key:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _name(common_name: str, organisation: str, title: str = "") -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if title:
        parts.append(x509.NameAttribute(NameOID.TITLE, title))
    return x509.Name(parts)


def create_root(*, bits: int, years: int = 10, common_name: str = DEMO_ROOT_NAME) -> Issued:
    key = new_key(bits)
    name = _name(common_name, DEMO_ORGANISATION)
    start = _now() - timedelta(hours=1)
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, certificate)


def issue(
    root: Issued,
    *,
    common_name: str,
    organisation: str,
    title: str = "",
    public_key: rsa.RSAPublicKey | None = None,
    bits: int = 2048,
    crl_url: str = "",
    timestamping: bool = False,
    years: int = 3,
) -> Issued:
    """A certificate from the demo root: for signing documents, or for the timestamp service.

    With `public_key` (a key made inside a token) the returned `key` is None."""
    key = None if public_key is not None else new_key(bits)
    public = public_key if public_key is not None else key.public_key()
    start = _now() - timedelta(hours=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation, title))
        .issuer_name(root.certificate.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not timestamping,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()),
            critical=False,
        )
    )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    if crl_url:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    return Issued(key, builder.sign(root.key, hashes.SHA256()))  # type: ignore[arg-type]


def revocation_list(root: Issued, *, days: int = 365) -> x509.CertificateRevocationList:
    """The root's CRL (nothing revoked in the demo), served by the application."""
    now = _now() - timedelta(minutes=5)
    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.certificate.subject)
        .last_update(now)
        .next_update(now + timedelta(days=days))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()),
            critical=False,
        )
        .sign(root.key, hashes.SHA256())
    )


def pkcs12_bytes(issued: Issued, chain: list[x509.Certificate], passphrase: bytes) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name=issued.certificate.subject.rfc4514_string().encode(),
        key=issued.key,
        cert=issued.certificate,
        cas=chain,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )


def load_pkcs12(data: bytes, passphrase: bytes) -> Issued:
    key, certificate, _ = pkcs12.load_key_and_certificates(data, passphrase)
    if not isinstance(key, rsa.RSAPrivateKey) or certificate is None:
        raise ValueError("not an RSA key with its certificate")
    return Issued(key, certificate)


# --- the demo authority kept in a folder ------------------------------------------------


def write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)


def load_or_create_root(directory: Path, passphrase: bytes, *, bits: int) -> tuple[Issued, bool]:
    """The demo root kept in `directory` (made on first use); True when it was just made."""
    cert_path, key_path = directory / ROOT_FILE, directory / ROOT_KEY_FILE
    if cert_path.exists() and key_path.exists():
        certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), passphrase)
        return Issued(key, certificate), False  # type: ignore[arg-type]
    root = create_root(bits=bits)
    write_private(
        key_path,
        root.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase),
        ),
    )
    cert_path.write_bytes(root.certificate.public_bytes(serialization.Encoding.PEM))
    return root, True
