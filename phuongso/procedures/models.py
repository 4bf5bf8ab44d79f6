"""The procedure catalogue: each commune's procedures, with channels, fees, papers and steps.

Times and fees are set per province, so the catalogue is data the ward's administrator edits
and imports (see services.py and workbook.py); every procedure carries its source and a
confidence mark. Rows are written only through services.py, which also keeps the folded
search columns up to date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from phuongso.accounts.models import Role
from phuongso.core.models import Commune, UnitKind
from phuongso.core.text import format_number

if TYPE_CHECKING:
    from phuongso.core.calendar import DeadlineRule


class Field(models.Model):
    """Lĩnh vực: the national grouping of procedures (Hộ tịch, Chứng thực, Cư trú…)."""

    code = models.SlugField("mã lĩnh vực", max_length=60, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=120, unique=True)
    search_text = models.CharField("tên không dấu (tìm kiếm)", max_length=120, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"

    def __str__(self) -> str:
        return self.name


class ResultKind(models.TextChoices):
    DOCUMENT = "document", "Có giấy tờ kết quả"
    NONE = "none", "Không có giấy tờ kết quả"


class OnlineLevel(models.TextChoices):
    FULL = "full", "Toàn trình"
    PARTIAL = "partial", "Một phần"
    NONE = "none", "Không trực tuyến"


class Confidence(models.TextChoices):
    HIGH = "H", "Cao"
    MEDIUM = "M", "Trung bình"
    LOW = "L", "Thấp"


class Channel(models.TextChoices):
    """Kênh thực hiện (KenhThucHien), with the national codes."""

    IN_PERSON = "1", "Trực tiếp"
    ONLINE = "2", "Trực tuyến"
    POST = "3", "Dịch vụ bưu chính công ích"


def describe_deadline(working_days: int | None, same_day: bool) -> str:
    """A deadline in words when no verbatim text is recorded."""
    if same_day:
        cutoff = settings.SAME_DAY_CUTOFF.replace(":00", " giờ")
        return f"Trong ngày (nhận sau {cutoff} trả ngày làm việc tiếp theo)"
    if working_days is None:
        return "Không cố định"
    return f"{working_days:02d} ngày làm việc"


class Procedure(models.Model):
    """A procedure as one commune publishes it (codes, deadline, legal basis)."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="procedures", verbose_name="xã, phường"
    )
    national_code = models.CharField(
        "mã thủ tục",
        max_length=30,
        help_text="Mã thủ tục trên Cơ sở dữ liệu quốc gia (ví dụ 1.001193), hoặc mã nội bộ.",
    )
    code_is_local = models.BooleanField(
        "mã nội bộ",
        default=False,
        help_text="Chưa có mã quốc gia đã kiểm chứng: phường tự đặt mã (ví dụ TM-05).",
    )
    name = models.CharField("tên thủ tục", max_length=300)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name="lĩnh vực"
    )
    legal_basis = models.TextField("căn cứ pháp lý", blank=True)
    implementing_unit_kind = models.CharField(
        "đơn vị giải quyết", max_length=20, choices=UnitKind.choices
    )
    result_kind = models.CharField(
        "kết quả", max_length=10, choices=ResultKind.choices, default=ResultKind.DOCUMENT
    )
    online_level = models.CharField(
        "mức độ trực tuyến", max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        "thời hạn (ngày làm việc)",
        null=True,
        blank=True,
        help_text="Để trống khi thời hạn không tính bằng một số ngày làm việc cố định "
        "(tùy vụ việc, theo từng thủ tục thành phần, tính theo ngày).",
    )
    deadline_same_day = models.BooleanField(
        "giải quyết trong ngày",
        default=False,
        help_text="Trả trong ngày; nhận sau giờ chốt (15 giờ) thì trả ngày làm việc tiếp theo.",
    )
    deadline_text = models.CharField("thời hạn (nguyên văn)", max_length=300, blank=True)
    note = models.TextField("lưu ý cho người dân", blank=True)
    handled_elsewhere = models.TextField(
        "nơi giải quyết khác",
        blank=True,
        help_text="Ví dụ: thủ tục cư trú do Công an phường giải quyết trên hệ thống riêng.",
    )
    # Decree 118/2025/NĐ-CP: the province publishes the procedures any commune's counter may
    # receive for another commune of the province ("tiếp nhận không phụ thuộc địa giới hành
    # chính"). Data set per province (procedures.services.set_boundary_free), never code.
    boundary_free = models.BooleanField(
        "tiếp nhận không phụ thuộc địa giới hành chính",
        default=False,
        help_text="Có trong danh mục thủ tục tiếp nhận không phụ thuộc địa giới hành chính do "
        "tỉnh công bố: Bộ phận Một cửa của xã, phường khác trong tỉnh được tiếp nhận hồ sơ.",
    )
    source = models.TextField("nguồn", blank=True)
    confidence = models.CharField(
        "độ tin cậy", max_length=1, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    is_active = models.BooleanField("đang áp dụng", default=True)
    # Folded name + code + field, written by services.index_procedure (never in save()).
    search_text = models.TextField("nội dung tìm kiếm (không dấu)", blank=True, editable=False)

    class Meta:
        ordering = ["field__name", "name"]
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "national_code"], name="procedure_code_per_commune"
            )
        ]

    def __str__(self) -> str:
        return f"{self.national_code} {self.name}"

    @property
    def deadline_rule(self) -> DeadlineRule | None:
        """The rule the calendar turns into an appointment date; None when not fixed."""
        from phuongso.core.calendar import DeadlineRule

        return DeadlineRule.of(self.deadline_working_days, self.deadline_same_day)

    def channel_option(self, channel: str) -> ChannelOption | None:
        """How this procedure is done through `channel`, from its (usually prefetched) options."""
        return next((o for o in self.channels.all() if o.channel == channel), None)

    @property
    def deadline_display(self) -> str:
        if self.deadline_text:
            return self.deadline_text
        return describe_deadline(self.deadline_working_days, self.deadline_same_day)

    @property
    def offers_online(self) -> bool:
        return any(
            option.channel == Channel.ONLINE and option.available for option in self.channels.all()
        )


class ChannelOption(models.Model):
    """How a procedure is done through one channel: its fee and, if different, its deadline."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="channels", verbose_name="thủ tục"
    )
    channel = models.CharField("kênh", max_length=1, choices=Channel.choices)
    deadline_working_days = models.PositiveSmallIntegerField(
        "thời hạn riêng (ngày làm việc)",
        null=True,
        blank=True,
        help_text="Để trống khi giống thời hạn chung của thủ tục.",
    )
    deadline_same_day = models.BooleanField("giải quyết trong ngày (riêng)", null=True, blank=True)
    fee_amount = models.PositiveIntegerField(
        "phí, lệ phí (đồng)",
        null=True,
        blank=True,
        help_text="0 nếu miễn phí; để trống khi mức thu theo Nghị quyết HĐND tỉnh chưa nhập.",
    )
    fee_text = models.TextField("phí, lệ phí (nguyên văn)", blank=True)
    available = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        # By the key, not the procedure's own ordering: no join when reading one procedure's.
        ordering = ["procedure_id", "channel"]
        verbose_name = "kênh thực hiện, phí"
        verbose_name_plural = "kênh thực hiện, phí"
        constraints = [
            models.UniqueConstraint(fields=["procedure", "channel"], name="one_option_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.national_code} – {self.get_channel_display()}"

    @property
    def working_days(self) -> int | None:
        if self.deadline_working_days is not None:
            return self.deadline_working_days
        return self.procedure.deadline_working_days

    @property
    def same_day(self) -> bool:
        if self.deadline_same_day is not None:
            return self.deadline_same_day
        return self.procedure.deadline_same_day

    @property
    def has_override(self) -> bool:
        return self.deadline_working_days is not None or self.deadline_same_day is not None

    @property
    def deadline_display(self) -> str:
        if self.has_override:
            return describe_deadline(self.working_days, self.same_day)
        return self.procedure.deadline_display

    @property
    def fee_display(self) -> str:
        """The amount in words ("Miễn phí", "8.000 đồng"); empty when only fee_text says it."""
        if self.fee_amount is None:
            return ""
        if self.fee_amount == 0:
            return "Miễn phí"
        return f"{format_number(self.fee_amount)} đồng"


class CopyKind(models.TextChoices):
    ORIGINAL = "original", "Bản chính"
    COPY = "copy", "Bản sao"
    CERTIFIED_COPY = "certified_copy", "Bản sao có chứng thực"
    ORIGINAL_TO_COMPARE = "compare", "Bản chính để đối chiếu"


class Submission(models.TextChoices):
    E_FORM = "e_form", "Biểu mẫu điện tử"
    UPLOAD = "upload", "Tệp đính kèm"


class RequiredDocument(models.Model):
    """A paper of the dossier (thành phần hồ sơ)."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="documents", verbose_name="thủ tục"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên giấy tờ", max_length=300)
    copy_kind = models.CharField(
        "loại bản", max_length=20, choices=CopyKind.choices, default=CopyKind.ORIGINAL
    )
    count = models.PositiveSmallIntegerField("số lượng", default=1)
    mandatory = models.BooleanField("bắt buộc", default=True)
    submission = models.CharField(
        "hình thức nộp trực tuyến",
        max_length=10,
        choices=Submission.choices,
        default=Submission.UPLOAD,
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["procedure", "order"]
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="document_order_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProcessingStep(models.Model):
    """One step of the processing chain and its share of the time limit."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="steps", verbose_name="thủ tục"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên bước", max_length=200)
    unit_kind = models.CharField("đơn vị thực hiện", max_length=20, choices=UnitKind.choices)
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    share_percent = models.PositiveSmallIntegerField("tỷ lệ thời gian (%)")

    class Meta:
        ordering = ["procedure", "order"]
        verbose_name = "bước xử lý"
        verbose_name_plural = "bước xử lý"
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="step_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class SearchSynonym(models.Model):
    """How people say it, and how the catalogue says it: the search tries the catalogue's
    words where a query has the people's ("công chứng" → "chứng thực", "làm giấy" → "đăng
    ký"). An empty replacement drops filler words ("thủ tục", "ở đâu"). Kept as data, edited
    by administrators; procedures/search.py reads it."""

    phrase = models.CharField(
        "người dân gõ", max_length=100, help_text="Viết có hoặc không dấu đều được."
    )
    means = models.CharField(
        "trong danh mục gọi là",
        max_length=200,
        blank=True,
        help_text="Để trống nếu cụm từ chỉ là từ đệm (ví dụ “thủ tục”, “ở đâu”).",
    )

    class Meta:
        ordering = ["phrase", "means"]
        verbose_name = "từ đồng nghĩa khi tìm thủ tục"
        verbose_name_plural = "từ đồng nghĩa khi tìm thủ tục"
        constraints = [
            models.UniqueConstraint(fields=["phrase", "means"], name="one_synonym_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.means or '(bỏ qua)'}"
