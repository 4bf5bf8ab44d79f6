"""The congress's resolution: indicators with their path to the target year, and the
programmes, plans and tasks that carry it out.

Only `resolution/services.py` writes values, tasks and reports; each change leaves a
ChangeRecord (who, when, field, old, new). Planned paths and statuses are derived in
`resolution/progress.py`, never stored (a planned value is stored only when a leader edits it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from phuongso.core.models import Commune, GovernmentUnit
from phuongso.resolution.formatting import period_label

VALUE = {"max_digits": 16, "decimal_places": 4}


class Resolution(models.Model):
    """A commune's congress resolution for one term (nhiệm kỳ)."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="resolutions", verbose_name="xã, phường"
    )
    title = models.CharField("tên nghị quyết", max_length=300)
    term_start = models.PositiveSmallIntegerField("nhiệm kỳ từ năm")
    term_end = models.PositiveSmallIntegerField("đến năm")
    adopted_on = models.DateField("ngày thông qua", null=True, blank=True)
    source = models.TextField("nguồn", blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["commune__name", "-term_start"]
        verbose_name = "nghị quyết đại hội"
        verbose_name_plural = "nghị quyết đại hội"
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "term_start"], name="one_resolution_per_commune_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.term_start}–{self.term_end})"

    @property
    def term(self) -> str:
        return f"{self.term_start}–{self.term_end}"


class ValueKind(models.TextChoices):
    MONEY = "money", "Giá trị tiền"
    PERCENT = "percent", "Tỷ lệ phần trăm"
    NUMBER = "number", "Số lượng"


class Measure(models.TextChoices):
    """How a year's figure relates to the target, and how quarters are read."""

    FLOW = "flow", "Số phát sinh trong năm (quý: lũy kế từ đầu năm)"
    LEVEL = "level", "Mức đạt tại cuối kỳ"
    CUMULATIVE = "cumulative", "Lũy kế cả nhiệm kỳ (năm: số phát sinh trong năm)"


class Direction(models.TextChoices):
    HIGHER = "higher", "Càng cao càng tốt"
    LOWER = "lower", "Càng thấp càng tốt"
    REACH = "reach", "Đạt một mức xác định"


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", "Đạt ít nhất"
    OVER = "over", "Trên"
    AT_MOST = "at_most", "Không quá"
    BASICALLY_NONE = "basically_none", "Cơ bản không còn"


class PathMethod(models.TextChoices):
    AUTO = "", "Tự động theo loại giá trị"
    COMPOUND = "compound", "Tăng, giảm đều theo tỷ lệ hằng năm"
    LINEAR = "linear", "Tăng, giảm đều theo số tuyệt đối"


class Indicator(models.Model):
    """One of the resolution's targets (chỉ tiêu), typed in or computed live."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="indicators", verbose_name="nghị quyết"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    code = models.SlugField("mã chỉ tiêu", max_length=40)
    name = models.CharField("tên chỉ tiêu", max_length=300)
    unit = models.CharField("đơn vị tính", max_length=40)
    kind = models.CharField("loại giá trị", max_length=10, choices=ValueKind.choices)
    measure = models.CharField(
        "cách tính kỳ", max_length=12, choices=Measure.choices, default=Measure.LEVEL
    )
    direction = models.CharField("chiều đánh giá", max_length=10, choices=Direction.choices)
    path_method = models.CharField(
        "cách tính lộ trình", max_length=10, choices=PathMethod.choices, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField("năm gốc", null=True, blank=True)
    baseline_value = models.DecimalField("giá trị năm gốc", null=True, blank=True, **VALUE)
    baseline_source = models.TextField("nguồn số liệu gốc", blank=True)
    target_year = models.PositiveSmallIntegerField("năm mục tiêu")
    target_value = models.DecimalField("giá trị mục tiêu", null=True, blank=True, **VALUE)
    target_comparator = models.CharField(
        "so sánh với mục tiêu", max_length=16, choices=Comparator.choices, blank=True
    )
    target_tolerance = models.DecimalField(
        "ngưỡng «cơ bản không còn»",
        null=True,
        blank=True,
        help_text="Để trống để dùng ngưỡng chung (RESOLUTION_BASICALLY_NONE_AT_MOST).",
        **VALUE,
    )
    target_text = models.CharField("mục tiêu (nguyên văn)", max_length=300, blank=True)
    source_function = models.CharField(
        "hàm tính tự động",
        max_length=80,
        blank=True,
        help_text="Để trống nếu số liệu nhập tay; ví dụ quality.fully_online_dossiers.",
    )
    responsible_unit = models.ForeignKey(
        GovernmentUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="đơn vị theo dõi",
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["resolution", "order", "pk"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "code"], name="indicator_code_per_resolution"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def commune(self) -> Commune:
        return self.resolution.commune

    @property
    def is_computed(self) -> bool:
        return bool(self.source_function)


class PlannedValue(models.Model):
    """A year of the path a leader set by hand (the derived value is used otherwise)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="planned_values", verbose_name="chỉ tiêu"
    )
    year = models.PositiveSmallIntegerField("năm")
    value = models.DecimalField("giá trị kế hoạch", **VALUE)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đặt",
    )
    set_at = models.DateTimeField("lúc")

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = "kế hoạch năm (điều chỉnh)"
        verbose_name_plural = "kế hoạch năm (điều chỉnh)"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="one_plan_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}"


class ActualValue(models.Model):
    """A reported figure for a year (quarter 0) or a quarter (1–4), with its source."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="actuals", verbose_name="chỉ tiêu"
    )
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý", default=0, help_text="0: cả năm.")
    value = models.DecimalField("giá trị thực hiện", **VALUE)
    source = models.TextField("nguồn số liệu")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    entered_at = models.DateTimeField("nhập lúc")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xác nhận",
    )
    verified_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)

    class Meta:
        ordering = ["indicator", "year", "quarter"]
        verbose_name = "số liệu thực hiện"
        verbose_name_plural = "số liệu thực hiện"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"], name="one_actual_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__lte=4), name="actual_quarter_0_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.quarter)


class ProgrammeKind(models.TextChoices):
    BREAKTHROUGH = "breakthrough", "Khâu đột phá"
    KEY_TASK = "key_task", "Nhiệm vụ trọng tâm"


class Programme(models.Model):
    """A programme (chương trình) that turns part of the resolution into action."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="programmes", verbose_name="nghị quyết"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    kind = models.CharField("loại", max_length=15, choices=ProgrammeKind.choices)
    name = models.CharField("tên chương trình", max_length=300)
    description = models.TextField("nội dung", blank=True)
    lead_unit = models.ForeignKey(
        GovernmentUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name="đơn vị tham mưu",
    )

    class Meta:
        ordering = ["resolution", "order", "pk"]
        verbose_name = "chương trình"
        verbose_name_plural = "chương trình"

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """A plan (kế hoạch) of a programme, usually issued as a document with a number."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="plans", verbose_name="chương trình"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("tên kế hoạch", max_length=300)
    document_number = models.CharField("số, ký hiệu văn bản", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)

    class Meta:
        ordering = ["programme", "order", "pk"]
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"

    def __str__(self) -> str:
        return self.name


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa triển khai"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    PAUSED = "paused", "Tạm dừng"


class Task(models.Model):
    """A task (nhiệm vụ) of a plan, led by one unit; overdue and stalled are derived."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="kế hoạch"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("tên nhiệm vụ", max_length=300)
    description = models.TextField("nội dung, sản phẩm", blank=True)
    lead_unit = models.ForeignKey(
        GovernmentUnit,
        on_delete=models.PROTECT,
        related_name="led_tasks",
        verbose_name="đơn vị chủ trì",
    )
    coordinating_units = models.ManyToManyField(
        GovernmentUnit, blank=True, related_name="coordinated_tasks", verbose_name="đơn vị phối hợp"
    )
    start_date = models.DateField("ngày bắt đầu")
    deadline = models.DateField("hạn hoàn thành")
    status = models.CharField(
        "trạng thái", max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    # Incremented by every change: the compare-and-set token (see services.py).
    version = models.PositiveIntegerField("phiên bản", default=0)
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="tasks", verbose_name="phục vụ chỉ tiêu"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="task_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProgressReport(models.Model):
    """A lead unit's report on a task: date, percentage done, what was done."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reports", verbose_name="nhiệm vụ"
    )
    reported_on = models.DateField("ngày báo cáo")
    percent = models.PositiveSmallIntegerField("tiến độ (%)")
    text = models.TextField("nội dung báo cáo")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người báo cáo",
    )
    created_at = models.DateTimeField("tạo lúc")

    class Meta:
        ordering = ["task", "-reported_on", "-pk"]
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"

    def __str__(self) -> str:
        return f"{self.task} – {self.reported_on:%d/%m/%Y}: {self.percent}%"


class EvidenceFile(models.Model):
    """A PDF, JPEG or PNG file behind a figure or a report; served only through a view."""

    actual = models.ForeignKey(
        ActualValue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name="số liệu",
    )
    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name="báo cáo tiến độ",
    )
    file = models.FileField("tệp", upload_to="resolution/%Y/%m/")
    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField("loại tệp", max_length=40)
    size = models.PositiveIntegerField("dung lượng (byte)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("tải lên lúc")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = "tệp minh chứng"
        verbose_name_plural = "tệp minh chứng"

    def __str__(self) -> str:
        return self.original_name


class ChangeRecord(models.Model):
    """One changed field of a value or a task: who, when, old, new. The audit trail."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="+", verbose_name="xã, phường"
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name="chỉ tiêu",
    )
    task = models.ForeignKey(
        Task,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name="nhiệm vụ",
    )
    subject = models.CharField("đối tượng", max_length=120)
    field = models.CharField("trường", max_length=60)
    old_value = models.TextField("giá trị cũ", blank=True)
    new_value = models.TextField("giá trị mới", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    at = models.DateTimeField("lúc")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "lịch sử thay đổi"
        verbose_name_plural = "lịch sử thay đổi"
        indexes = [
            models.Index(fields=["indicator", "at"], name="change_indicator_at"),
            models.Index(fields=["task", "at"], name="change_task_at"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.field} ({self.at:%d/%m/%Y %H:%M})"
