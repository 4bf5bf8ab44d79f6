"""The demo certificate authority in SIGNING_DIR and the credentials it gives the demo's people.

Idempotent: the root, the timestamp service's certificate and every key file are made once
and reused; a credential is (re)issued only when its file is missing or names someone else.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.db import transaction

from phuongso.accounts.models import Role, User
from phuongso.core.models import Commune
from phuongso.signing import pki
from phuongso.signing.models import Credential, CredentialKind

# Officials who sign: leaders (results) and counter officers (receipts).
SIGNING_ROLES = (Role.LEADER, Role.COUNTER_OFFICER)
ROLE_TITLES = {Role.LEADER: "Lãnh đạo UBND", Role.COUNTER_OFFICER: "Cán bộ Bộ phận Một cửa"}


def crl_url() -> str:
    return settings.SITE_URL.rstrip("/") + "/xac-thuc/crl/phuongso-demo.crl"


def organisation_name(commune: Commune) -> str:
    return f"UBND {commune.name}"


def _common_name(certificate) -> str:  # noqa: ANN001 - a pyca certificate
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def _passphrase() -> bytes:
    return settings.SIGNING_PASSPHRASE.encode()


def _directory() -> Path:
    return Path(settings.SIGNING_DIR)


def load_root() -> pki.Issued:
    root, _ = pki.load_or_create_root(
        _directory(), _passphrase(), bits=settings.SIGNING_DEMO_KEY_BITS
    )
    return root


def ensure_authority() -> pki.Issued:
    """The root, its CRL (written again, so it never runs out) and the timestamp service."""
    root = load_root()
    directory = _directory()
    crl = pki.revocation_list(root)
    (directory / pki.CRL_FILE).write_bytes(crl.public_bytes(serialization.Encoding.DER))
    tsa_path = directory / pki.TSA_FILE
    if not tsa_path.exists():
        tsa = pki.issue(
            root,
            common_name="Dịch vụ cấp dấu thời gian phuongso DEMO",
            organisation=pki.DEMO_ORGANISATION,
            timestamping=True,
            bits=settings.SIGNING_DEMO_KEY_BITS,
            crl_url=crl_url(),
        )
        pki.write_private(tsa_path, pki.pkcs12_bytes(tsa, [root.certificate], _passphrase()))
    return root


def issue_file(
    root: pki.Issued, path: Path, *, common_name: str, organisation: str, title: str = ""
) -> pki.Issued:
    if path.exists():
        try:
            issued = pki.load_pkcs12(path.read_bytes(), _passphrase())
        except ValueError:
            issued = None
        if issued is not None and _common_name(issued.certificate) == common_name:
            if issued.certificate.issuer == root.certificate.subject:
                return issued
    issued = pki.issue(
        root,
        common_name=common_name,
        organisation=organisation,
        title=title,
        bits=settings.SIGNING_DEMO_KEY_BITS,
        crl_url=crl_url(),
    )
    pki.write_private(path, pki.pkcs12_bytes(issued, [root.certificate], _passphrase()))
    return issued


def credential_fields(issued_certificate, *, title: str) -> dict:  # noqa: ANN001
    certificate = issued_certificate
    return {
        "holder": _common_name(certificate),
        "title": title,
        "certificate": certificate.public_bytes(serialization.Encoding.DER),
        "serial": format(certificate.serial_number, "X"),
        "issuer": _common_name_of(certificate.issuer),
        "not_after": certificate.not_valid_after_utc.astimezone(UTC),
    }


def _common_name_of(name) -> str:  # noqa: ANN001
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def ensure_seal(root: pki.Issued, commune: Commune) -> Credential:
    path = _directory() / f"seal-{commune.code}.p12"
    name = organisation_name(commune)
    issued = issue_file(root, path, common_name=name, organisation=name, title="")
    credential, _ = Credential.objects.update_or_create(
        commune=commune,
        defaults={
            "kind": CredentialKind.PKCS12,
            "location": str(path),
            **credential_fields(issued.certificate, title=""),
        },
    )
    return credential


def ensure_person(root: pki.Issued, user: User) -> Credential:
    path = _directory() / f"person-{user.username}.p12"
    title = user.job_title or next(
        (ROLE_TITLES[role] for role in SIGNING_ROLES if role in user.role_set), ""
    )
    organisation = organisation_name(user.commune) if user.commune else pki.DEMO_ORGANISATION
    issued = issue_file(
        root, path, common_name=user.full_name or user.username, organisation=organisation,
        title=title,
    )  # fmt: skip
    credential, _ = Credential.objects.update_or_create(
        user=user,
        defaults={
            "kind": CredentialKind.PKCS12,
            "location": str(path),
            **credential_fields(issued.certificate, title=title),
        },
    )
    return credential


@transaction.atomic
def create_demo_pki() -> tuple[int, int]:
    """Seals for every configured ward, certificates for every leader and counter officer."""
    root = ensure_authority()
    seals = [ensure_seal(root, commune) for commune in Commune.objects.filter(is_configured=True)]
    people = User.objects.filter(roles__role__in=SIGNING_ROLES, is_active=True).distinct()
    persons = [ensure_person(root, user) for user in people.select_related("commune")]
    return len(seals), len(persons)
