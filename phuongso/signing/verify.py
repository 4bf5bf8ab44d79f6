"""Verifying a signed PDF for anyone: who signed, when, changed since, trusted, which dossier.

pyHanko validates each signature (integrity, the chain to a trusted root, the timestamp and
the difference analysis of later revisions); the hash tells whether the file is the very copy
phuongso issued. A file that cannot be read is reported with a message, never an exception.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import crl as asn1_crl
from django.conf import settings
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from phuongso.signing import pki
from phuongso.signing.models import IssuedDocument
from phuongso.signing.services import issued_copy
from phuongso.signing.signers import demo_root_certificate, trusted_roots
from phuongso.signing.sync import blocking

logger = logging.getLogger(__name__)

# Adding a signature (a form field) or validation data after a signature changes nothing signed.
UNCHANGED = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}


@dataclass
class SignatureReport:
    signer: str
    organisation: str
    title: str
    serial: str
    issuer: str
    signed_at: datetime | None
    timestamped: bool
    trusted: bool
    intact: bool
    modified: bool
    demo: bool
    reason: str = ""


@dataclass
class Report:
    valid: bool = False
    modified: bool = False
    signatures: list[SignatureReport] = field(default_factory=list)
    kind: str = ""
    kind_label: str = ""
    dossier_code: str = ""
    matches_issued_copy: bool = False
    problem: str = ""  # why the file could not be checked at all

    def as_json(self) -> dict:
        return {
            "valid": self.valid,
            "modified": self.modified,
            "signatures": [
                {
                    "signer": s.signer,
                    "organisation": s.organisation,
                    "signed_at": s.signed_at.isoformat() if s.signed_at else None,
                    "timestamped": s.timestamped,
                    "trusted": s.trusted,
                }
                for s in self.signatures
            ],
            "document": {
                "kind": self.kind or None,
                "dossier_code": self.dossier_code or None,
                "matches_issued_copy": self.matches_issued_copy,
            },
            **({"detail": self.problem} if self.problem else {}),
        }

    def as_dict(self) -> dict:
        return asdict(self)


NOT_PDF = "Tệp này không phải là tệp PDF nên không kiểm tra được chữ ký số."
DAMAGED = "Tệp PDF bị hỏng hoặc đã bị sửa đổi đến mức không đọc được; không thể xác thực."
ENCRYPTED = (
    "Tệp PDF đang được đặt mật khẩu nên không kiểm tra được. Văn bản do phường phát hành "
    "không đặt mật khẩu: hãy tải lên đúng tệp đã nhận."
)
# services.sign_result writes "Phê duyệt kết quả hồ sơ <code>" as the signature's reason.
CLAIMED_DOSSIER = re.compile(r"hồ sơ (\S+)$")
UNSIGNED = "Tệp PDF này không có chữ ký số nào."


def _validation_context() -> ValidationContext:
    crls = []
    crl_path = Path(settings.SIGNING_DIR) / pki.CRL_FILE
    if settings.SIGNING_DEMO_PKI and crl_path.exists():
        crls.append(asn1_crl.CertificateList.load(crl_path.read_bytes()))
    return ValidationContext(
        trust_roots=trusted_roots(), crls=crls, allow_fetching=False, revocation_mode="soft-fail"
    )


def _name_part(name, key: str) -> str:  # noqa: ANN001 - an asn1crypto Name
    return str(name.native.get(key, ""))


def _signature_report(embedded, context: ValidationContext, demo_subject) -> SignatureReport:  # noqa: ANN001
    status = blocking(validate_pdf_signature, embedded, context)
    cert = status.signing_cert
    ts = status.timestamp_validity
    timestamped = ts is not None and ts.intact and ts.valid
    level = status.modification_level
    modified = not (status.intact and status.valid) or status.docmdp_ok is False
    modified = modified or (level is not None and level not in UNCHANGED)
    reason = embedded.sig_object.get("/Reason")
    return SignatureReport(
        signer=_name_part(cert.subject, "common_name"),
        organisation=_name_part(cert.subject, "organization_name"),
        title=_name_part(cert.subject, "title"),
        serial=format(cert.serial_number, "X"),
        issuer=_name_part(cert.issuer, "common_name"),
        signed_at=ts.timestamp if timestamped else status.signer_reported_dt,
        timestamped=timestamped,
        trusted=bool(status.trusted),
        intact=bool(status.intact and status.valid),
        modified=modified,
        # A root that merely copies the demo root's name is not trusted, hence not "the demo".
        demo=bool(status.trusted) and demo_subject is not None and cert.issuer == demo_subject,
        reason=str(reason) if reason is not None else "",
    )


def verify(data: bytes) -> Report:
    report = Report()
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        report.problem = NOT_PDF
        return report
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        if reader.encrypted:
            report.problem = ENCRYPTED
            return report
        signatures = reader.embedded_regular_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        logger.info("unreadable PDF at verification: %s", error)
        report.problem = DAMAGED
        report.modified = True  # it starts as a PDF but no longer reads as one
        return report
    if not signatures:
        report.problem = UNSIGNED
        _match_issued(report, data)
        return report
    context = _validation_context()
    demo = demo_root_certificate()
    demo_subject = demo.subject if demo is not None else None
    for embedded in signatures:
        try:
            report.signatures.append(_signature_report(embedded, context, demo_subject))
        except Exception as error:  # a mangled signature must read as one, not as a 500
            logger.info("signature could not be validated: %s", error)
            report.problem = DAMAGED
            report.modified = True
            return report
    report.modified = any(s.modified for s in report.signatures)
    report.valid = not report.modified and all(s.trusted for s in report.signatures)
    _match_issued(report, data)
    return report


def _match_issued(report: Report, data: bytes) -> None:
    document = issued_copy(data)
    if document is not None:
        report.matches_issued_copy = True
        _describe(report, document)
        return
    # Not the kept copy: an intact signature still says, in signed words, whose dossier it is.
    for signature in report.signatures:
        claimed = CLAIMED_DOSSIER.search(signature.reason)
        if signature.intact and claimed:
            report.dossier_code = claimed.group(1)
            return


def _describe(report: Report, document: IssuedDocument) -> None:
    report.kind = document.kind
    report.kind_label = document.get_kind_display()
    report.dossier_code = document.dossier_code
