"""Phản ánh, kiến nghị: categories and their units, the commune's area, reports, their photos,
history, followers and ratings; API keys of Open311 clients.

Only `feedback/services.py` and `feedback/intake.py` write reports and their events. Overdue
and on-time are derived (deadlines.py), never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from phuongso.core.models import Commune, GovernmentUnit, ResidentialGroup
from phuongso.feedback.workflow import Action, Status


class Open311Type(models.TextChoices):
    REALTIME = "realtime", "Trả mã phản ánh ngay (realtime)"
    BATCH = "batch", "Trả mã tạm để tra cứu sau (batch)"


class Category(models.Model):
    """A kind of problem citizens report, and the unit that must act on it (an Open311 service)."""

    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        related_name="feedback_categories",
        verbose_name="xã, phường",
    )
    code = models.SlugField(
        "mã lĩnh vực (service_code)",
        max_length=60,
        help_text="Mã không dấu, dùng trong Open311, ví dụ den-chieu-sang.",
    )
    name = models.CharField("tên lĩnh vực", max_length=120)
    description = models.CharField("mô tả", max_length=500, blank=True)
    group = models.CharField("nhóm", max_length=80, blank=True)
    keywords = models.CharField("từ khóa", max_length=255, blank=True)
    responsible_unit = models.ForeignKey(
        GovernmentUnit,
        on_delete=models.PROTECT,
        related_name="feedback_categories",
        verbose_name="đơn vị chịu trách nhiệm",
    )
    open311_type = models.CharField(
        "kiểu trả lời Open311",
        max_length=10,
        choices=Open311Type.choices,
        default=Open311Type.REALTIME,
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang nhận phản ánh", default=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["commune", "order", "name"]
        verbose_name = "lĩnh vực phản ánh"
        verbose_name_plural = "lĩnh vực phản ánh"
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="feedback_category_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unit = self.responsible_unit if self.responsible_unit_id else None
        if unit is not None and self.commune_id and unit.commune_id != self.commune_id:
            raise ValidationError(
                {"responsible_unit": "Đơn vị chịu trách nhiệm phải thuộc cùng xã, phường."}
            )


class CommuneArea(models.Model):
    """A bounding box around a commune: reported points outside it are refused."""

    commune = models.OneToOneField(
        Commune, on_delete=models.CASCADE, related_name="feedback_area", verbose_name="xã, phường"
    )
    min_latitude = models.DecimalField("vĩ độ nhỏ nhất", max_digits=9, decimal_places=6)
    max_latitude = models.DecimalField("vĩ độ lớn nhất", max_digits=9, decimal_places=6)
    min_longitude = models.DecimalField("kinh độ nhỏ nhất", max_digits=9, decimal_places=6)
    max_longitude = models.DecimalField("kinh độ lớn nhất", max_digits=9, decimal_places=6)
    note = models.CharField("ghi chú, nguồn", max_length=255, blank=True)

    class Meta:
        verbose_name = "phạm vi địa bàn"
        verbose_name_plural = "phạm vi địa bàn"

    def __str__(self) -> str:
        return f"Phạm vi {self.commune}"

    def contains(self, latitude: float, longitude: float) -> bool:
        return float(self.min_latitude) <= latitude <= float(self.max_latitude) and float(
            self.min_longitude
        ) <= longitude <= float(self.max_longitude)


class ApiKey(models.Model):
    """The key of one Open311 client; only its SHA-256 digest is stored."""

    name = models.CharField("ứng dụng, đơn vị sử dụng", max_length=120)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="open311_keys",
        verbose_name="chỉ gửi cho xã, phường",
        help_text="Để trống: được gửi phản ánh cho mọi xã, phường của hệ thống.",
    )
    prefix = models.CharField("đầu khóa (để nhận biết)", max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField("đang dùng", default=True)
    created_at = models.DateTimeField("cấp lúc", default=timezone.now, editable=False)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "khóa API Open311"
        verbose_name_plural = "khóa API Open311"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Channel(models.TextChoices):
    WEB = "web", "Cổng dịch vụ công"
    OPEN311 = "open311", "Ứng dụng kết nối (Open311)"


class Report(models.Model):
    """A citizen's report of a local problem (phản ánh, kiến nghị)."""

    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="feedback_reports",
        verbose_name="xã, phường",
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="reports", verbose_name="lĩnh vực"
    )
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices)
    # Incremented by every change: the compare-and-set token.
    version = models.PositiveIntegerField("phiên bản", default=0)
    channel = models.CharField("kênh", max_length=10, choices=Channel.choices)
    description = models.TextField("nội dung phản ánh", max_length=4000)

    # Where.
    residential_group = models.ForeignKey(
        ResidentialGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_reports",
        verbose_name="tổ dân phố",
    )
    address = models.CharField("địa chỉ, địa điểm", max_length=255, blank=True)
    latitude = models.DecimalField("vĩ độ", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        "kinh độ", max_digits=9, decimal_places=6, null=True, blank=True
    )
    media_url = models.URLField("ảnh, tư liệu (liên kết)", max_length=500, blank=True)

    # Who: a snapshot of the reporter's contact, used only to answer them; never public.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_reports",
        verbose_name="tài khoản người phản ánh",
    )
    reporter_name = models.CharField("người phản ánh", max_length=150, blank=True)
    reporter_phone = models.CharField("điện thoại", max_length=16, blank=True)
    reporter_email = models.EmailField("thư điện tử", blank=True)
    may_publish = models.BooleanField("đồng ý công khai", default=True)
    api_key = models.ForeignKey(
        ApiKey,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="gửi qua ứng dụng",
    )
    # Open311 token: a client that got it instead of the id looks the report up with it.
    token = models.CharField("mã tạm Open311", max_length=40, unique=True)

    # Handling.
    current_unit = models.ForeignKey(
        GovernmentUnit,
        on_delete=models.PROTECT,
        related_name="feedback_reports",
        verbose_name="đơn vị đang xử lý",
    )
    received_at = models.DateTimeField("nhận lúc")
    due_at = models.DateTimeField("hạn của bước hiện tại", null=True, blank=True)
    accepted_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    info_requested_at = models.DateTimeField("đề nghị bổ sung lúc", null=True, blank=True)
    resolved_at = models.DateTimeField("giải quyết lúc", null=True, blank=True)
    published_at = models.DateTimeField("công khai kết quả lúc", null=True, blank=True)
    closed_at = models.DateTimeField("đóng lúc", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("số lần mở lại", default=0)
    # The dossier (hồ sơ thủ tục hành chính) the report complains about, when the citizen
    # names its code: counted by service-quality indicator 5.4 (index-766-formulas.md 5.4).
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="hồ sơ thủ tục bị phản ánh",
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="trùng với phản ánh",
    )
    is_demo = models.BooleanField("dữ liệu minh họa", default=False)
    updated_at = models.DateTimeField("cập nhật lúc", default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        indexes = [
            models.Index(fields=["commune", "status"], name="feedback_commune_status"),
            models.Index(fields=["current_unit", "status"], name="feedback_unit_status"),
            models.Index(fields=["commune", "received_at"], name="feedback_commune_received"),
            models.Index(fields=["category", "status"], name="feedback_category_status"),
            models.Index(fields=["reporter", "-received_at"], name="feedback_reporter"),
        ]

    def __str__(self) -> str:
        return f"Phản ánh số {self.pk}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="photos", verbose_name="phản ánh"
    )
    file = models.FileField("ảnh", upload_to="feedback/%Y/%m/")
    original_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    uploaded_at = models.DateTimeField("tải lên lúc", default=timezone.now)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = "ảnh phản ánh"
        verbose_name_plural = "ảnh phản ánh"

    def __str__(self) -> str:
        return self.original_name or self.file.name


class ReportEvent(models.Model):
    """One step of a report: who, when, from, to and what they said. The audit trail."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="events", verbose_name="phản ánh"
    )
    action = models.CharField("thao tác", max_length=20, choices=Action.choices)
    from_status = models.CharField(
        "từ trạng thái", max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField("sang trạng thái", max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    actor_role = models.CharField("vai trò", max_length=20)
    at = models.DateTimeField("lúc")
    note = models.TextField("nội dung, lý do", blank=True)
    is_public = models.BooleanField("công khai", default=False)
    # Facts of the step: units of a transfer, the deadline in force, the kept report of a merge.
    data = models.JSONField("chi tiết", default=dict, blank=True)

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = "nhật ký phản ánh"
        verbose_name_plural = "nhật ký phản ánh"
        indexes = [models.Index(fields=["report", "at"], name="feedback_event_report_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d/%m/%Y %H:%M})"


class Follower(models.Model):
    """Someone told of a report's public steps: a citizen who chose to follow it, or the
    reporter of a duplicate merged into it."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="followers", verbose_name="phản ánh"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followed_feedback",
        verbose_name="tài khoản",
    )
    name = models.CharField("tên", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=16, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    merged_from = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="từ phản ánh trùng",
    )
    created_at = models.DateTimeField("theo dõi từ", default=timezone.now)

    class Meta:
        verbose_name = "người theo dõi"
        verbose_name_plural = "người theo dõi"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "user"],
                condition=Q(user__isnull=False),
                name="feedback_follow_once",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(self.user)


class RatingLevel(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", "Rất hài lòng"
    SATISFIED = "satisfied", "Hài lòng"
    NOT_SATISFIED = "not_satisfied", "Chưa hài lòng"


SATISFIED_LEVELS = (RatingLevel.VERY_SATISFIED, RatingLevel.SATISFIED)


class Rating(models.Model):
    """The reporter's rating of the answer, once per report."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, related_name="rating", verbose_name="phản ánh"
    )
    level = models.CharField("mức độ hài lòng", max_length=20, choices=RatingLevel.choices)
    comment = models.TextField("ý kiến", blank=True)
    rated_at = models.DateTimeField("đánh giá lúc")

    class Meta:
        verbose_name = "đánh giá kết quả phản ánh"
        verbose_name_plural = "đánh giá kết quả phản ánh"

    def __str__(self) -> str:
        return self.get_level_display()

    @property
    def satisfied(self) -> bool:
        return self.level in SATISFIED_LEVELS
