"""Who can sign (a credential per official or per ward seal) and what phuongso issued signed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class CredentialKind(models.TextChoices):
    PKCS12 = "pkcs12", "Tệp khóa PKCS#12"
    PKCS11 = "pkcs11", "Thiết bị ký số (token, HSM – PKCS#11)"
    REMOTE = "remote", "Ký số từ xa (CSC API)"


class Credential(models.Model):
    """Where an official's personal key, or a ward's organisation key (its "seal"), lives.

    Exactly one of `user` and `commune` is set. Secrets (passphrase, PIN) are never stored
    here: they come from settings (SIGNING_*)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signing_credential",
    )
    commune = models.OneToOneField(
        "core.Commune",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="seal_credential",
    )
    kind = models.CharField("loại", max_length=10, choices=CredentialKind.choices)
    holder = models.CharField("người hoặc cơ quan ký", max_length=200)
    title = models.CharField("chức vụ", max_length=120, blank=True)
    certificate = models.BinaryField("chứng thư số (DER)")
    serial = models.CharField("số hiệu chứng thư", max_length=80)
    issuer = models.CharField("tổ chức cấp", max_length=255)
    not_after = models.DateTimeField("hết hạn")
    # PKCS#12: the file's path; PKCS#11: the token's label and the key's label;
    # remote: the service's credential identifier.
    location = models.CharField("vị trí khóa", max_length=500)
    key_label = models.CharField("nhãn khóa", max_length=120, blank=True)

    class Meta:
        verbose_name = "chứng thư ký số"
        verbose_name_plural = "chứng thư ký số"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, commune__isnull=True)
                | models.Q(user__isnull=True, commune__isnull=False),
                name="credential_belongs_to_a_person_or_a_ward",
            )
        ]

    def __str__(self) -> str:
        return self.holder


class DocumentKind(models.TextChoices):
    RESULT = "result", "Kết quả giải quyết thủ tục hành chính"
    FORM = "form", "Biểu mẫu một cửa"
    RECEIPT = "receipt", "Biên lai thu phí, lệ phí"
    CERTIFIED_COPY = "certified_copy", "Bản sao điện tử chứng thực từ bản chính"


def _issued_path(instance: IssuedDocument, filename: str) -> str:
    return f"signed/{instance.issued_at:%Y/%m}/{instance.token}.pdf"


class IssuedDocument(models.Model):
    """A signed PDF as phuongso issued it: the copy kept, its hash, the QR code's token."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("loại văn bản", max_length=20, choices=DocumentKind.choices)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    dossier_code = models.CharField("mã hồ sơ", max_length=60, blank=True)
    file = models.FileField("tệp đã ký", upload_to=_issued_path)
    sha256 = models.CharField("mã băm SHA-256", max_length=64, db_index=True)
    signers = models.JSONField("người ký", default=list)
    issued_at = models.DateTimeField("thời điểm ký")

    class Meta:
        verbose_name = "văn bản đã ký số"
        verbose_name_plural = "văn bản đã ký số"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.dossier_code}".strip()
