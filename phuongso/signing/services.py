"""Signing what phuongso issues: PAdES signatures through pyHanko, kept with their hash.

A result gets two signatures, each a visible stamp, the second by incremental update: the
competent official's (with the QR code of the verification page and the dossier code) and
the ward's seal (its organisation certificate). Each is timestamped by an RFC 3161 service
(PAdES B-T) and followed by the revocation data of its chain in the document security store
(PAdES B-LT), taken from the demo authority's CRL when the demo signs.

What this follows, as we read the texts (not re-checked against the official gazette from this
machine: the lead should confirm the articles before citing them):
- Decree 30/2020/ND-CP on clerical work, Appendix I: an agency's electronic document carries
  the digital signature of the competent person and that of the agency (its "seal"), each
  shown on the page; here the official's stamp (name, title, time) and the ward's.
- Decree 68/2024/ND-CP on specialised public-duty digital signatures: officials' and agencies'
  certificates come from the public-duty authority; production trusts its root
  (SIGNING_TRUST_ROOTS) and signs with keys on its tokens (PKCS#11) or remotely.
- Decree 23/2025/ND-CP on electronic signatures and trust services: timestamps from a trust
  service (RFC 3161, SIGNING_TSA_URL); remote signing.
- Decree 45/2020/ND-CP and Decree 118/2025/ND-CP: an electronic result of a procedure, signed
  this way, is handed to the citizen as the result itself.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import fontpkg_be_vietnam_pro
import img2pdf
import requests
from asn1crypto import crl as asn1_crl
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyhankoSigningError
from pyhanko.sign.timestamps import TimestampRequestError
from pyhanko.stamp import QRStampStyle, TextStampStyle
from pyhanko_certvalidator import ValidationContext

from phuongso.accounts.models import User
from phuongso.core.models import Commune
from phuongso.signing import pki
from phuongso.signing.models import Credential, DocumentKind, IssuedDocument
from phuongso.signing.signers import SigningError, open_signer, timestamper, trusted_roots
from phuongso.signing.sync import blocking

FONT = str(Path(fontpkg_be_vietnam_pro.__file__).parent / "files" / "BeVietnamPro-Regular.ttf")
STAMP_WIDTH, STAMP_HEIGHT, MARGIN = 250, 78, 28
OFFICIAL_FIELD, SEAL_FIELD = "ChuKyNguoiCoThamQuyen", "ChuKyCoQuan"


def credential_of(user: User) -> Credential | None:
    return Credential.objects.filter(user=user).first()


def seal_of(commune: Commune) -> Credential | None:
    """The ward's organisation certificate; without one the ward does not sign electronically."""
    return Credential.objects.filter(commune=commune).first()


def to_pdf(data: bytes) -> bytes:
    """A PDF as it is; a PNG or JPEG image as a one-page PDF (img2pdf, no re-encoding)."""
    if data.startswith(b"%PDF-"):
        return data
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        try:
            return img2pdf.convert(data)
        except Exception as error:  # img2pdf raises many kinds for a damaged image
            raise SigningError("Ảnh kết quả bị hỏng, không chuyển được sang PDF.") from error
    raise SigningError("Tệp kết quả phải là PDF, PNG hoặc JPEG để ký số.")


def _validation_context() -> ValidationContext:
    """Trust roots and the revocation data to embed (B-LT): the demo root's CRL when present."""
    crls = []
    crl_path = Path(settings.SIGNING_DIR) / pki.CRL_FILE
    if settings.SIGNING_DEMO_PKI and crl_path.exists():
        crls.append(asn1_crl.CertificateList.load(crl_path.read_bytes()))
    return ValidationContext(
        trust_roots=trusted_roots(),
        crls=crls,
        allow_fetching=not settings.SIGNING_DEMO_PKI,
        revocation_mode="hard-fail" if crls else "soft-fail",
    )


class _FontFromMemory(GlyphAccumulatorFactory):
    """pyHanko's factory leaves the font file open (a ResourceWarning): read it into memory."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:  # noqa: ANN001
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=BytesIO(_font_bytes()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


@functools.cache
def _font_bytes() -> bytes:
    return Path(FONT).read_bytes()


def _text_style() -> TextBoxStyle:
    return TextBoxStyle(font=_FontFromMemory(FONT, font_size=7), leading=10)


def _box(writer: IncrementalPdfFileWriter, *, right: bool) -> tuple[int, int, int, int]:
    """A stamp's place at the bottom of the last page: the official's right, the seal's left."""
    node = writer.find_page_for_modification(-1)[0].get_object()
    while "/MediaBox" not in node and "/Parent" in node:  # the box may be inherited
        node = node["/Parent"].get_object()
    media = [float(x) for x in node.get("/MediaBox", [0, 0, 595, 842])]
    width = media[2] - media[0]
    x0 = int(media[0] + (width - MARGIN - STAMP_WIDTH if right else MARGIN))
    y0 = int(media[1] + MARGIN)
    return x0, y0, x0 + STAMP_WIDTH, y0 + STAMP_HEIGHT


@dataclass(frozen=True)
class Signature:
    """One signature to add: whose, in which field, and what its stamp says."""

    credential: Credential
    field: str
    lines: list[str]
    url: str = ""  # with a URL the stamp carries its QR code


def _sign_once(data: bytes, signature: Signature, *, reason: str, location: str) -> bytes:
    try:
        writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise SigningError("Tệp kết quả không phải PDF hợp lệ, không ký được.") from error
    if writer.prev.encrypted:
        raise SigningError("Tệp kết quả đang được đặt mật khẩu; hãy tải lên bản không khóa.")
    right = signature.url != ""
    box = _box(writer, right=right)
    text = "\n".join(signature.lines)
    common = {
        "border_width": 1,
        "text_box_style": _text_style(),
        "stamp_text": text,
        "timestamp_format": "%H:%M:%S %d/%m/%Y",  # the signing time, in the ward's time zone
    }
    style = QRStampStyle(**common) if signature.url else TextStampStyle(**common)
    params = {"url": signature.url} if signature.url else {}
    meta = signers.PdfSignatureMetadata(
        field_name=signature.field,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=signature.credential.holder,
        embed_validation_info=True,
        validation_context=_validation_context(),
    )
    output = BytesIO()
    with open_signer(signature.credential) as signer:
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            timestamper=timestamper(),
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(signature.field, on_page=-1, box=box),
        )
        try:
            blocking(pdf_signer.sign_pdf, writer, output=output, appearance_text_params=params)
        except (TimestampRequestError, requests.RequestException) as error:
            raise SigningError(
                "Không lấy được dấu thời gian từ dịch vụ cấp dấu thời gian; văn bản chưa được "
                "ký. Vui lòng thử lại sau."
            ) from error
        except (PyhankoSigningError, PdfError, OSError) as error:
            raise SigningError(
                f"Ký số không thành công ({type(error).__name__}); văn bản chưa được ký. "
                "Vui lòng thử lại hoặc báo quản trị hệ thống."
            ) from error
    return output.getvalue()


def _sign_with(data: bytes, pdf_signer: signers.PdfSigner) -> bytes:
    """One signature by an already configured pyHanko signer (tests sign as strangers)."""
    output = BytesIO()
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    blocking(pdf_signer.sign_pdf, writer, output=output)
    return output.getvalue()


def sign_pdf(data: bytes, signatures: list[Signature], *, reason: str, location: str) -> bytes:
    """Add each signature in turn, each by an incremental update of the previous revision."""
    for signature in signatures:
        data = _sign_once(data, signature, reason=reason, location=location)
    return data


def verification_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("signing:document", kwargs={"token": token})


def _stamp_lines(credential: Credential, *extra: str) -> list[str]:
    lines = [f"Ký bởi: {credential.holder}"]
    if credential.title:
        lines.append(credential.title)
    return [*lines, "Thời gian: %(ts)s", *extra]


def sign_result(dossier, *, official: User, data: bytes) -> IssuedDocument:  # noqa: ANN001
    """Sign a dossier's result by the official and the ward's seal.

    The signed file is stored; the returned document is not saved: the caller saves it in the
    transaction that issues it (or calls `discard`). Raises SigningError, storing nothing,
    when signing fails."""
    credential = credential_of(official)
    if credential is None:
        raise SigningError(
            "Bạn chưa có chứng thư chữ ký số nên chưa thể phê duyệt và ký kết quả. "
            "Vui lòng liên hệ quản trị hệ thống để được cấp chứng thư."
        )
    return issue(
        data,
        kind=DocumentKind.RESULT,
        commune=dossier.commune,
        dossier=dossier,
        official=credential,
        reason=f"Phê duyệt kết quả hồ sơ {dossier.code}",
    )


def seal(
    data: bytes,
    *,
    kind: str,
    commune: Commune,
    dossier=None,  # noqa: ANN001
    official: User | None = None,
) -> IssuedDocument:
    """A form, receipt or copy the ward issues: sealed by the ward, signed first by `official`
    when given (the counter officer on a receipt). Stored, not saved, like `sign_result`."""
    credential = credential_of(official) if official is not None else None
    if official is not None and credential is None:
        raise SigningError(f"«{official}» chưa có chứng thư chữ ký số.")
    label = DocumentKind(kind).label
    return issue(
        data,
        kind=kind,
        commune=commune,
        dossier=dossier,
        official=credential,
        reason=f"{label}, hồ sơ {dossier.code}" if dossier is not None else label,
    )


def issue(
    data: bytes,
    *,
    kind: str,
    commune: Commune,
    dossier=None,  # noqa: ANN001
    official: Credential | None,
    reason: str,
) -> IssuedDocument:
    """Sign `data` (a PDF, PNG or JPEG) by `official` if any, then the ward's seal; the first
    stamp carries the QR code of the document's verification page."""
    ward = seal_of(commune)
    if ward is None:
        raise SigningError(f"{commune.name} chưa có chứng thư số của cơ quan (con dấu).")
    document = IssuedDocument(
        kind=kind,
        dossier=dossier,
        dossier_code=dossier.code if dossier is not None else "",
        issued_at=timezone.now(),
    )
    url = verification_url(str(document.token))
    code_line = [f"Hồ sơ: {dossier.code}"] if dossier is not None else []
    signatures = []
    if official is not None:
        signatures.append(
            Signature(official, OFFICIAL_FIELD, _stamp_lines(official, *code_line), url)
        )
        signatures.append(
            Signature(ward, SEAL_FIELD, _stamp_lines(ward, "Xác thực: quét mã QR bên cạnh"))
        )
    else:
        signatures.append(Signature(ward, SEAL_FIELD, _stamp_lines(ward, *code_line), url))
    signed = sign_pdf(to_pdf(data), signatures, reason=reason, location=commune.name)
    document.sha256 = hashlib.sha256(signed).hexdigest()
    document.signers = [signature.credential.holder for signature in signatures]
    document.file.save(f"{document.token}.pdf", ContentFile(signed), save=False)
    return document


def sign_dossier_result(dossier, *, official: User) -> IssuedDocument | None:  # noqa: ANN001
    """What the leader's approval signs: the result file, when the ward signs electronically
    (it has a seal credential) and there is a file. None: nothing to sign."""
    if not dossier.result_file or seal_of(dossier.commune) is None:
        return None
    try:
        with dossier.result_file.open("rb") as draft:
            data = draft.read()
    except OSError as error:
        raise SigningError("Không đọc được tệp kết quả để ký; vui lòng trình lại.") from error
    return sign_result(dossier, official=official, data=data)


def discard(document: IssuedDocument) -> None:
    """A signed file whose step lost: remove it (its row was never saved)."""
    if document.file:
        document.file.storage.delete(document.file.name)


def issued_copy(data: bytes) -> IssuedDocument | None:
    """The document phuongso issued with exactly these bytes, if any."""
    digest = hashlib.sha256(data).hexdigest()
    return IssuedDocument.objects.filter(sha256=digest).select_related("dossier").first()
