"""Hồ sơ: the dossier, its papers, its supplement cycles and its event log (the audit trail).

Only `dossiers/services.py` writes these rows. Overdue, due soon and the early/on-time/late
verdict are derived (see deadlines.py), never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from phuongso.core.models import Commune, FormerUnit, GovernmentUnit
from phuongso.dossiers.workflow import ENDS_WITHOUT_RESULT, Action, Status, national_code
from phuongso.procedures.models import Channel, Procedure, RequiredDocument


class Dossier(models.Model):
    # Whose dossier it is: the commune whose procedure it is processes it; any counter of the
    # province may receive it (Decree 118/2025), and that receiving commune is recorded.
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name="xã, phường giải quyết",
    )
    receiving_commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="dossiers_received",
        null=True,
        blank=True,
        verbose_name="nơi tiếp nhận",
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="dossiers", verbose_name="thủ tục"
    )
    code = models.CharField("mã hồ sơ", max_length=60, unique=True, null=True, blank=True)
    channel = models.CharField("kênh", max_length=1, choices=Channel.choices)
    status = models.CharField("trạng thái", max_length=30, choices=Status.choices)
    # Incremented by every change: the compare-and-set token for changes of the same status.
    version = models.PositiveIntegerField("phiên bản", default=0)

    # Applicant snapshot, as declared on the dossier (the account may change later).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name="tài khoản người nộp",
    )
    applicant_name = models.CharField("người nộp", max_length=150)
    applicant_phone = models.CharField("điện thoại", max_length=16, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_personal_id = models.CharField("số định danh", max_length=12, blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=255, blank=True)
    former_unit = models.ForeignKey(
        FormerUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name="địa bàn (đơn vị cũ)",
    )
    sets = models.PositiveSmallIntegerField("số bộ hồ sơ", default=1)
    request_text = models.TextField("nội dung đề nghị", blank=True)
    # The online form's one-time key: a form sent twice (a double click, a resent page) finds
    # the dossier it already became instead of making a second one.
    submission_key = models.CharField(
        "mã lần gửi", max_length=32, null=True, blank=True, unique=True, editable=False
    )

    # The clock.
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    received_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cán bộ tiếp nhận",
    )
    appointment_at = models.DateTimeField("hẹn trả", null=True, blank=True)
    new_appointment_at = models.DateTimeField("hẹn lại (sau thư xin lỗi)", null=True, blank=True)
    processing_ended_at = models.DateTimeField("kết thúc xử lý", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    supplement_requests = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)

    # Where it is.
    current_unit = models.ForeignKey(
        GovernmentUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name="đơn vị đang xử lý",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name="cán bộ xử lý",
    )
    current_step = models.PositiveSmallIntegerField("bước hiện tại", default=0)

    # Fees.
    fee_amount = models.PositiveIntegerField("phí, lệ phí (đồng)", default=0)
    fee_paid = models.BooleanField("đã nộp phí", default=False)
    paid_online = models.BooleanField("nộp phí trực tuyến", default=False)

    # Result.
    result_code = models.CharField("số, ký hiệu kết quả", max_length=60, blank=True)
    result_file = models.FileField("tệp kết quả", upload_to="results/%Y/%m/", blank=True)
    result_is_electronic = models.BooleanField("trả kết quả điện tử", default=False)
    result_note = models.TextField("ghi chú kết quả", blank=True)

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["-received_at", "-created_at"]
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        indexes = [
            models.Index(fields=["commune", "status"], name="dossier_commune_status"),
            models.Index(fields=["assignee", "status"], name="dossier_assignee_status"),
            models.Index(fields=["current_unit", "status"], name="dossier_unit_status"),
            models.Index(fields=["applicant", "-created_at"], name="dossier_applicant"),
            models.Index(fields=["commune", "received_at"], name="dossier_commune_received"),
        ]

    def __str__(self) -> str:
        return self.code or f"Hồ sơ chưa tiếp nhận #{self.pk}"

    @property
    def national_status(self) -> int:
        return national_code(self.status)

    @property
    def due_at(self):  # noqa: ANN201 - datetime | None
        """The date promised to the citizen: the new date after an apology, else the appointment."""
        return self.new_appointment_at or self.appointment_at

    @property
    def result_due_at(self):  # noqa: ANN201 - datetime | None
        """The date to show the citizen: none once the dossier ended without a result
        (refused, stopped, withdrawn), whatever its deadline arithmetic still holds."""
        return None if self.status in ENDS_WITHOUT_RESULT else self.due_at


class DossierDocument(models.Model):
    """A paper of the dossier (thành phần hồ sơ), with its file when there is one."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="documents", verbose_name="hồ sơ"
    )
    required_document = models.ForeignKey(
        RequiredDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="theo thành phần",
    )
    name = models.CharField("tên giấy tờ", max_length=300)
    file = models.FileField("tệp", upload_to="dossiers/%Y/%m/", blank=True)
    original_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    digitised = models.BooleanField("đã số hóa", default=False)
    reused_from_data_store = models.BooleanField("lấy từ kho dữ liệu", default=False)
    # Handed in to answer a supplement request during processing, after the receipt: not one
    # of the papers the receipt slip lists. Papers completed before the receipt (an intake
    # supplement) are part of the dossier as received.
    added_in_supplement = models.BooleanField("nộp khi bổ sung", default=False)
    uploaded_at = models.DateTimeField("nộp lúc", auto_now_add=True)

    class Meta:
        ordering = ["dossier", "pk"]
        verbose_name = "giấy tờ trong hồ sơ"
        verbose_name_plural = "giấy tờ trong hồ sơ"

    def __str__(self) -> str:
        return self.name


class SupplementCycle(models.Model):
    """One request to supplement and its answer; the time between does not count."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="supplement_cycles", verbose_name="hồ sơ"
    )
    at_intake = models.BooleanField("trước khi tiếp nhận", default=False)
    requested_at = models.DateTimeField("yêu cầu lúc")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người yêu cầu",
    )
    items = models.TextField("nội dung cần bổ sung")
    completed_at = models.DateTimeField("bổ sung xong lúc", null=True, blank=True)

    class Meta:
        ordering = ["dossier", "requested_at"]
        verbose_name = "lần bổ sung hồ sơ"
        verbose_name_plural = "lần bổ sung hồ sơ"

    def __str__(self) -> str:
        return f"Yêu cầu bổ sung lúc {self.requested_at:%H:%M %d/%m/%Y}"


class DossierEvent(models.Model):
    """One change of a dossier: who, when, from, to and why. The audit trail."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="events", verbose_name="hồ sơ"
    )
    action = models.CharField("thao tác", max_length=40, choices=Action.choices)
    from_status = models.CharField(
        "từ trạng thái", max_length=30, choices=Status.choices, blank=True
    )
    to_status = models.CharField("sang trạng thái", max_length=30, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    actor_role = models.CharField("vai trò", max_length=30)
    at = models.DateTimeField("lúc")
    note = models.TextField("ghi chú, lý do", blank=True)
    # Facts of the change: assignee, unit, new appointment, amounts (for the control sheet).
    data = models.JSONField("chi tiết", default=dict, blank=True)

    class Meta:
        ordering = ["dossier", "at", "pk"]
        verbose_name = "nhật ký hồ sơ"
        verbose_name_plural = "nhật ký hồ sơ"
        indexes = [models.Index(fields=["dossier", "at"], name="event_dossier_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d/%m/%Y %H:%M})"


class DailySerial(models.Model):
    """The last serial number used for dossier codes of one agency on one day."""

    prefix = models.CharField(max_length=60)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="one_serial_per_prefix_day")
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day:%d/%m/%Y}: {self.last}"


class Draft(models.Model):
    """A citizen's online submission in progress: saved, not yet a dossier."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dossier_drafts",
        verbose_name="người nộp",
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="+", verbose_name="thủ tục"
    )
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    request_text = models.TextField("nội dung đề nghị", blank=True)
    updated_at = models.DateTimeField("lưu lúc", auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "hồ sơ nháp"
        verbose_name_plural = "hồ sơ nháp"

    def __str__(self) -> str:
        return f"Nháp: {self.procedure.name}"


class DraftDocument(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        RequiredDocument, on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to="drafts/%Y/%m/")
    original_name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "required_document"], name="one_file_per_paper"
            )
        ]

    def __str__(self) -> str:
        return self.original_name or self.file.name


class Rating(models.Model):
    """The citizen's satisfaction with a returned dossier (indicator 5.4), once per dossier."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    satisfied = models.BooleanField("hài lòng")
    comment = models.TextField("ý kiến", blank=True)
    rated_at = models.DateTimeField("đánh giá lúc", default=timezone.now)

    class Meta:
        verbose_name = "đánh giá hài lòng"
        verbose_name_plural = "đánh giá hài lòng"

    def __str__(self) -> str:
        return "Hài lòng" if self.satisfied else "Chưa hài lòng"


class IssuedForm(models.Model):
    """What a printed form told the citizen when it was issued (receipt, supplement request,
    refusal, apology, stop notice): its filled-in values, kept so that a reprint says exactly
    that, whatever the dossier became since (a receipt reprinted after a supplement still
    shows the appointment given at receipt). Written by services with the step that issues it.
    """

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="issued_forms", verbose_name="hồ sơ"
    )
    form = models.CharField("biểu mẫu", max_length=30)
    # "03/PXL-UBND" for numbered letters (apology, stop notice); the register's "2026/12"
    # book and serial for a receipt; empty otherwise.
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_at = models.DateTimeField("ban hành lúc")
    content = models.JSONField("nội dung đã ban hành", default=dict)

    class Meta:
        ordering = ["dossier", "issued_at", "pk"]
        verbose_name = "biểu mẫu đã ban hành"
        verbose_name_plural = "biểu mẫu đã ban hành"
        indexes = [models.Index(fields=["dossier", "form"], name="issued_form_dossier")]

    def __str__(self) -> str:
        return f"{self.form} {self.number} ({self.issued_at:%d/%m/%Y %H:%M})".replace("  ", " ")
