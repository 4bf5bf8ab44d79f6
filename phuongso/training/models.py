"""Officials' digital-skills courses, their enrolments and completions with certificates.

Officials are the staff registry's users (accounts.User with a role). Only
`training/services.py` writes these rows; rates are derived in figures.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class RequiredFor(models.TextChoices):
    ALL = "all", "Mọi cán bộ, công chức"
    ONE_STOP = "one_stop", "Cán bộ Bộ phận Một cửa"
    OPTIONAL = "optional", "Tự chọn"


class Course(models.Model):
    code = models.CharField("mã khóa học", max_length=30, unique=True)
    name = models.CharField("tên khóa học", max_length=200)
    description = models.TextField("nội dung", blank=True)
    provider = models.CharField("đơn vị tổ chức", max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField("số giờ", null=True, blank=True)
    required_for = models.CharField(
        "bắt buộc với", max_length=10, choices=RequiredFor.choices, default=RequiredFor.ALL
    )
    counts_for_resolution = models.BooleanField(
        "tính vào chỉ tiêu nghị quyết",
        default=False,
        help_text="Kỹ năng số cơ bản và làm chủ kỹ năng số: cán bộ hoàn thành cả hai mới "
        "được tính là đã được đào tạo kỹ năng số.",
    )
    is_active = models.BooleanField("đang tổ chức", default=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "khóa bồi dưỡng"
        verbose_name_plural = "khóa bồi dưỡng"

    def __str__(self) -> str:
        return self.name


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Đang học"
    COMPLETED = "completed", "Đã hoàn thành"


class Enrolment(models.Model):
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name="cán bộ",
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name="khóa học"
    )
    status = models.CharField(
        "tình trạng",
        max_length=10,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    enrolled_on = models.DateField("ngày ghi danh", default=timezone.localdate)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    certificate = models.FileField("chứng nhận", upload_to="training/certificates/%Y/", blank=True)
    certificate_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    certificate_type = models.CharField("loại tệp", max_length=40, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["course__order", "official__full_name"]
        verbose_name = "ghi danh, hoàn thành"
        verbose_name_plural = "ghi danh, hoàn thành"
        constraints = [
            models.UniqueConstraint(fields=["official", "course"], name="one_enrolment_per_course")
        ]
        indexes = [models.Index(fields=["course", "status"], name="enrolment_course_status")]

    def __str__(self) -> str:
        return f"{self.official} – {self.course}"

    @property
    def is_completed(self) -> bool:
        return self.status == EnrolmentStatus.COMPLETED


class EnrolmentEventKind(models.TextChoices):
    ENROLLED = "enrolled", "Ghi danh"
    COMPLETED = "completed", "Hoàn thành"
    CERTIFICATE = "certificate", "Tải lên chứng nhận"


class EnrolmentEvent(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="events", verbose_name="ghi danh"
    )
    kind = models.CharField("thao tác", max_length=12, choices=EnrolmentEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    at = models.DateTimeField("lúc", default=timezone.now)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["enrolment", "at", "pk"]
        verbose_name = "nhật ký bồi dưỡng"
        verbose_name_plural = "nhật ký bồi dưỡng"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y})"
