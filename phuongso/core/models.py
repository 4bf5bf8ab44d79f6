"""Communes and what they are made of: former units, residential groups, government units.

Everything ward-specific is data: a deployment serves one commune or a whole province,
and every later record (dossier, household, feedback, indicator, official) points to a
Commune.
"""

from __future__ import annotations

from django.db import models


class DivisionType(models.TextChoices):
    WARD = "phuong", "Phường"
    COMMUNE = "xa", "Xã"
    SPECIAL_ZONE = "dac_khu", "Đặc khu"


class Commune(models.Model):
    """A commune-level unit (phường, xã, đặc khu) of the two-level local government."""

    code = models.PositiveIntegerField("mã đơn vị hành chính", unique=True)
    name = models.CharField("tên", max_length=120)
    division_type = models.CharField("loại đơn vị", max_length=10, choices=DivisionType.choices)
    province_code = models.PositiveIntegerField("mã tỉnh")
    province_name = models.CharField("tỉnh, thành phố", max_length=120)
    # Identifier used in dossier codes (Circular 01/2018 Art. 19); a setting per commune.
    agency_code = models.CharField("mã cơ quan (mã hồ sơ)", max_length=40, blank=True)
    address = models.CharField("địa chỉ trụ sở", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    is_configured = models.BooleanField(
        "đã cấu hình đầy đủ",
        default=False,
        help_text="Đơn vị đã có đơn vị cũ, tổ dân phố và bộ máy; đang dùng phuongso.",
    )

    class Meta:
        ordering = ["province_code", "name"]
        verbose_name = "xã, phường"
        verbose_name_plural = "xã, phường"

    def __str__(self) -> str:
        return self.name


class FormerUnitKind(models.TextChoices):
    WARD = "phuong", "Phường"
    COMMUNE = "xa", "Xã"
    TOWNSHIP = "thi_tran", "Thị trấn"


class FormerUnit(models.Model):
    """A unit merged into the commune on 1/7/2025; history keeps pointing to it."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="former_units", verbose_name="xã, phường"
    )
    code = models.PositiveIntegerField("mã đơn vị cũ")
    name = models.CharField("tên", max_length=120)
    kind = models.CharField("loại", max_length=10, choices=FormerUnitKind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = "đơn vị cũ trước sáp nhập"
        verbose_name_plural = "đơn vị cũ trước sáp nhập"
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="former_unit_code_per_commune")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Area(models.TextChoices):
    URBAN = "urban", "Thành thị"
    RURAL = "rural", "Nông thôn"


class ResidentialGroup(models.Model):
    """Tổ dân phố (or thôn in a xã): the smallest community unit, inside a former unit."""

    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        related_name="residential_groups",
        verbose_name="xã, phường",
    )
    former_unit = models.ForeignKey(
        FormerUnit,
        on_delete=models.PROTECT,
        related_name="residential_groups",
        verbose_name="thuộc đơn vị cũ",
    )
    name = models.CharField("tên", max_length=120)
    area = models.CharField("khu vực", max_length=10, choices=Area.choices, default=Area.URBAN)
    is_demo = models.BooleanField(
        "dữ liệu minh họa",
        default=False,
        help_text="Tổ dân phố giả định cho bản trình diễn; danh sách thật do phường nhập.",
    )

    class Meta:
        ordering = ["former_unit__code", "name"]
        verbose_name = "tổ dân phố"
        verbose_name_plural = "tổ dân phố"
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name"], name="residential_group_name_per_commune"
            )
        ]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    OFFICE = "office", "Văn phòng HĐND và UBND"
    ECONOMY = "economy", "Phòng Kinh tế, Hạ tầng và Đô thị"
    CULTURE_SOCIETY = "culture_society", "Phòng Văn hóa – Xã hội"
    SERVICE_CENTRE = "service_centre", "Trung tâm Phục vụ hành chính công"
    POLICE = "police", "Công an"
    LEADERSHIP = "leadership", "Lãnh đạo"
    OTHER = "other", "Khác"


class GovernmentUnit(models.Model):
    """A unit of the commune's government that receives, processes or signs."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="units", verbose_name="xã, phường"
    )
    name = models.CharField("tên", max_length=160)
    short_name = models.CharField("tên viết tắt", max_length=40, blank=True)
    kind = models.CharField("loại", max_length=20, choices=UnitKind.choices)
    is_one_stop = models.BooleanField("bộ phận một cửa", default=False)
    has_own_system = models.BooleanField(
        "xử lý trên hệ thống riêng",
        default=False,
        help_text="Ví dụ Công an phường xử lý thủ tục cư trú trên hệ thống của Bộ Công an.",
    )

    class Meta:
        ordering = ["commune__name", "name"]
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="unit_name_per_commune")
        ]

    def __str__(self) -> str:
        return self.name


class CalendarOverrideKind(models.TextChoices):
    DAY_OFF = "day_off", "Nghỉ thêm"
    WORKING_DAY = "working_day", "Ngày làm việc bù"
    HOLIDAY_NOT_OBSERVED = "not_observed", "Không nghỉ ngày lễ này"


class CalendarOverride(models.Model):
    """A correction of the holidays package for the state sector's official schedule.

    The Government fixes each year's schedule late and swaps working days with Saturdays;
    the package misses some of these, so the administrator records them here and
    core/calendar.py applies them on top of the package.
    """

    date = models.DateField("ngày", unique=True)
    kind = models.CharField("loại điều chỉnh", max_length=20, choices=CalendarOverrideKind.choices)
    reason = models.CharField(
        "lý do, căn cứ",
        max_length=255,
        help_text="Ví dụ: nghỉ Tết Dương lịch 2026 theo Công văn 12729/VPCP-KGVX.",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "ngày điều chỉnh lịch làm việc"
        verbose_name_plural = "ngày điều chỉnh lịch làm việc"

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()}"
