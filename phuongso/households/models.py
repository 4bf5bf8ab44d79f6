"""Households, their members and history; the annual poverty review; the access log.

Only `households/services.py` writes these rows. Working age and dependants are derived from
birth dates on the day asked (members.py); the review keeps, per household and year, the
answers, the category the standard gave and where the household lived (group, area).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from phuongso.accounts.models import Sex
from phuongso.core.models import Area, Commune, FormerUnit, ResidentialGroup
from phuongso.households.standard import Category, Standard, standard_by_code


class Relation(models.TextChoices):
    HEAD = "head", "Chủ hộ"
    SPOUSE = "spouse", "Vợ, chồng"
    CHILD = "child", "Con"
    CHILD_IN_LAW = "child_in_law", "Con dâu, con rể"
    GRANDCHILD = "grandchild", "Cháu"
    PARENT = "parent", "Bố, mẹ"
    GRANDPARENT = "grandparent", "Ông, bà"
    SIBLING = "sibling", "Anh, chị, em"
    OTHER = "other", "Khác"


class Household(models.Model):
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="households", verbose_name="xã, phường"
    )
    code = models.CharField("mã hộ", max_length=30)
    residential_group = models.ForeignKey(
        ResidentialGroup,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name="tổ dân phố",
    )
    address = models.CharField("địa chỉ", max_length=255)
    # Kept by the services from the member whose relation is "head" (for lists and search).
    head_name = models.CharField("chủ hộ", max_length=150, blank=True)
    search_text = models.CharField("chuỗi tìm kiếm", max_length=500, blank=True, editable=False)
    is_active = models.BooleanField("đang cư trú", default=True)
    ended_on = models.DateField("ngày chấm dứt", null=True, blank=True)
    is_demo = models.BooleanField("dữ liệu minh họa", default=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "hộ gia đình"
        verbose_name_plural = "hộ gia đình"
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="household_code_per_commune")
        ]
        indexes = [models.Index(fields=["commune", "residential_group"], name="household_group")]

    def __str__(self) -> str:
        return f"{self.code} – {self.head_name}"

    @property
    def former_unit(self) -> FormerUnit:
        return self.residential_group.former_unit

    @property
    def area(self) -> str:
        return self.residential_group.area

    def get_area_display(self) -> str:
        return str(Area(self.area).label)


class Member(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name="hộ"
    )
    full_name = models.CharField("họ và tên", max_length=150)
    birth_date = models.DateField("ngày sinh")
    sex = models.CharField("giới tính", max_length=6, choices=Sex.choices)
    relation = models.CharField("quan hệ với chủ hộ", max_length=20, choices=Relation.choices)
    personal_id = models.CharField(
        "số định danh cá nhân", max_length=12, unique=True, null=True, blank=True
    )
    has_disability = models.BooleanField("người khuyết tật", default=False)
    on_social_allowance = models.BooleanField("hưởng trợ cấp xã hội hằng tháng", default=False)
    died_on = models.DateField("ngày mất", null=True, blank=True)
    left_on = models.DateField("ngày chuyển đi", null=True, blank=True)
    search_text = models.CharField("chuỗi tìm kiếm", max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["household", "pk"]
        verbose_name = "thành viên hộ"
        verbose_name_plural = "thành viên hộ"

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_present(self) -> bool:
        return self.died_on is None and self.left_on is None


class HouseholdEventKind(models.TextChoices):
    CREATED = "created", "Lập hộ"
    MOVED = "moved", "Chuyển nơi ở"
    BIRTH = "birth", "Sinh"
    DEATH = "death", "Chết"
    MEMBER_JOINED = "member_joined", "Thêm thành viên"
    MEMBER_LEFT = "member_left", "Thành viên chuyển đi"
    SPLIT = "split", "Tách hộ"
    SPLIT_FROM = "split_from", "Lập hộ mới do tách hộ"


class HouseholdEvent(models.Model):
    """One change of a household: what, to whom, when it happened, who recorded it."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="events", verbose_name="hộ"
    )
    kind = models.CharField("biến động", max_length=20, choices=HouseholdEventKind.choices)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="thành viên",
    )
    related_household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="hộ liên quan",
    )
    occurred_on = models.DateField("ngày xảy ra")
    note = models.TextField("ghi chú", blank=True)
    data = models.JSONField("chi tiết", default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("ghi lúc", default=timezone.now)

    class Meta:
        ordering = ["household", "-occurred_on", "-pk"]
        verbose_name = "biến động hộ"
        verbose_name_plural = "biến động hộ"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_on:%d/%m/%Y})"


# --- the annual review ------------------------------------------------------------------------


class ReviewStatus(models.TextChoices):
    SURVEYING = "surveying", "Đang khảo sát"
    MEETINGS = "meetings", "Họp tổ dân phố"
    APPROVED = "approved", "Đã phê duyệt"
    PUBLISHED = "published", "Đã công bố"


OPEN_STATUSES = (ReviewStatus.SURVEYING, ReviewStatus.MEETINGS)
APPROVED_STATUSES = (ReviewStatus.APPROVED, ReviewStatus.PUBLISHED)


class ReviewYear(models.Model):
    """One year's review (rà soát) in one commune, from opening to the published list."""

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="review_years", verbose_name="xã, phường"
    )
    year = models.PositiveSmallIntegerField("năm rà soát")
    standard_code = models.CharField("chuẩn nghèo áp dụng", max_length=30)
    status = models.CharField(
        "bước", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.SURVEYING
    )
    opened_at = models.DateTimeField("mở lúc", default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người mở",
    )
    survey_closed_at = models.DateTimeField("kết thúc khảo sát lúc", null=True, blank=True)
    survey_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người kết thúc khảo sát",
    )
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi phê duyệt",
    )
    decision_number = models.CharField("số quyết định phê duyệt", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    decision_signer = models.CharField("người ký quyết định", max_length=150, blank=True)
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người công bố",
    )
    publish_names = models.BooleanField(
        "công bố tên chủ hộ trên cổng",
        default=False,
        help_text="Mặc định chỉ công bố số lượng; tên chủ hộ chỉ hiện khi được quyết định.",
    )
    is_demo = models.BooleanField("dữ liệu minh họa", default=False)

    class Meta:
        ordering = ["commune", "-year"]
        verbose_name = "đợt rà soát"
        verbose_name_plural = "đợt rà soát"
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="one_review_per_year")
        ]

    def __str__(self) -> str:
        return f"Rà soát hộ nghèo, hộ cận nghèo năm {self.year}"

    @property
    def standard(self) -> Standard:
        return standard_by_code(self.standard_code)

    @property
    def list_year(self) -> int:
        """The year the lists this review sets apply (the review is held the year before)."""
        return self.year + 1

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATUSES


class ReviewStep(models.TextChoices):
    OPENED = "opened", "Mở đợt rà soát"
    SURVEY_CLOSED = "survey_closed", "Kết thúc khảo sát"
    MEETING_RECORDED = "meeting_recorded", "Ghi kết quả họp tổ dân phố"
    APPROVED = "approved", "UBND phường phê duyệt"
    PUBLISHED = "published", "Công bố danh sách"
    ANSWERS_ENTERED = "answers_entered", "Nhập phiếu khảo sát"
    ANSWERS_IMPORTED = "answers_imported", "Nhập phiếu từ Excel"
    SURVEYOR_ASSIGNED = "surveyor_assigned", "Phân công rà soát viên"
    SURVEYOR_REMOVED = "surveyor_removed", "Thôi phân công rà soát viên"
    CHANGE_DURING_YEAR = "change_during_year", "Ghi biến động nghèo trong năm"


class ReviewEvent(models.Model):
    """One step or write of a review: who, when, from, to, and on which household."""

    review_year = models.ForeignKey(
        ReviewYear, on_delete=models.CASCADE, related_name="events", verbose_name="đợt rà soát"
    )
    step = models.CharField("thao tác", max_length=30, choices=ReviewStep.choices)
    from_status = models.CharField(
        "từ bước", max_length=20, choices=ReviewStatus.choices, blank=True
    )
    to_status = models.CharField(
        "sang bước", max_length=20, choices=ReviewStatus.choices, blank=True
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="hộ",
    )
    residential_group = models.ForeignKey(
        ResidentialGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tổ dân phố",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    at = models.DateTimeField("lúc", default=timezone.now)
    note = models.TextField("ghi chú", blank=True)
    data = models.JSONField("chi tiết", default=dict, blank=True)

    class Meta:
        ordering = ["review_year", "at", "pk"]
        verbose_name = "nhật ký rà soát"
        verbose_name_plural = "nhật ký rà soát"

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.at:%d/%m/%Y})"


class AnswerSource(models.TextChoices):
    FORM = "form", "Nhập trên phiếu"
    IMPORT = "import", "Nhập từ Excel"
    DEMO = "demo", "Dữ liệu minh họa"


class ReviewEntry(models.Model):
    """A household in a year's review: its answers and category, and where it lived then."""

    review_year = models.ForeignKey(
        ReviewYear, on_delete=models.CASCADE, related_name="entries", verbose_name="đợt rà soát"
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="review_entries", verbose_name="hộ"
    )
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, related_name="+", verbose_name="tổ dân phố"
    )
    area = models.CharField("khu vực", max_length=10, choices=Area.choices)
    monthly_income_per_person = models.PositiveBigIntegerField(
        "thu nhập bình quân (đồng/người/tháng)", null=True, blank=True
    )
    deprivations = models.JSONField("chỉ số thiếu hụt", default=list, blank=True)
    deprivation_count = models.PositiveSmallIntegerField("số chỉ số thiếu hụt", default=0)
    category = models.CharField("phân loại", max_length=12, choices=Category.choices, blank=True)
    surveyed_at = models.DateTimeField("khảo sát lúc", null=True, blank=True)
    surveyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    source = models.CharField("nguồn", max_length=10, choices=AnswerSource.choices, blank=True)

    class Meta:
        ordering = ["review_year", "household__code"]
        verbose_name = "phiếu rà soát của hộ"
        verbose_name_plural = "phiếu rà soát của hộ"
        constraints = [
            models.UniqueConstraint(
                fields=["review_year", "household"], name="one_entry_per_household_and_year"
            )
        ]
        indexes = [
            models.Index(fields=["review_year", "category"], name="entry_year_category"),
            models.Index(fields=["review_year", "residential_group"], name="entry_year_group"),
        ]

    def __str__(self) -> str:
        return f"Hộ {self.household_id}, năm rà soát {self.review_year_id}"

    @property
    def is_surveyed(self) -> bool:
        return self.surveyed_at is not None


class GroupMeeting(models.Model):
    """The residential group's meeting that reviews its list (Decision 24/2021/QĐ-TTg)."""

    review_year = models.ForeignKey(
        ReviewYear, on_delete=models.CASCADE, related_name="meetings", verbose_name="đợt rà soát"
    )
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, related_name="+", verbose_name="tổ dân phố"
    )
    held_on = models.DateField("ngày họp")
    attendees = models.PositiveSmallIntegerField("số người dự")
    conclusion = models.TextField("kết luận của cuộc họp", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("ghi lúc", default=timezone.now)

    class Meta:
        ordering = ["review_year", "residential_group"]
        verbose_name = "cuộc họp tổ dân phố"
        verbose_name_plural = "cuộc họp tổ dân phố"
        constraints = [
            models.UniqueConstraint(
                fields=["review_year", "residential_group"], name="one_meeting_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"Họp tổ ngày {self.held_on:%d/%m/%Y}"


class SurveyorAssignment(models.Model):
    """Who surveys a residential group in a review year: they alone, with the ward's
    social-affairs officials, see the answers of that group's households."""

    review_year = models.ForeignKey(
        ReviewYear,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name="đợt rà soát",
    )
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, related_name="+", verbose_name="tổ dân phố"
    )
    surveyor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_assignments",
        verbose_name="rà soát viên",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người phân công",
    )
    assigned_at = models.DateTimeField("phân công lúc", default=timezone.now)

    class Meta:
        ordering = ["review_year", "residential_group"]
        verbose_name = "phân công rà soát viên"
        verbose_name_plural = "phân công rà soát viên"
        constraints = [
            models.UniqueConstraint(
                fields=["review_year", "residential_group", "surveyor"],
                name="one_assignment_per_surveyor_and_group",
            )
        ]

    def __str__(self) -> str:
        return f"Phân công rà soát viên {self.surveyor_id}"


class TransitionSource(models.TextChoices):
    ANNUAL = "annual", "Rà soát định kỳ hằng năm"
    DURING_YEAR = "during_year", "Rà soát thường xuyên trong năm"


class PovertyTransition(models.Model):
    """A household entering or leaving poverty or near-poverty, and on what grounds."""

    review_year = models.ForeignKey(
        ReviewYear,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name="đợt rà soát",
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="poverty_transitions", verbose_name="hộ"
    )
    # Blank: the household was not in the previous review.
    from_category = models.CharField("từ", max_length=12, choices=Category.choices, blank=True)
    to_category = models.CharField("sang", max_length=12, choices=Category.choices)
    source = models.CharField("căn cứ", max_length=12, choices=TransitionSource.choices)
    occurred_on = models.DateField("ngày công nhận")
    reason = models.TextField("lý do", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("ghi lúc", default=timezone.now)

    class Meta:
        ordering = ["review_year", "occurred_on", "pk"]
        verbose_name = "biến động hộ nghèo, cận nghèo"
        verbose_name_plural = "biến động hộ nghèo, cận nghèo"

    def __str__(self) -> str:
        return self.describe()

    @property
    def left_poverty(self) -> bool:
        return self.from_category == Category.POOR and self.to_category != Category.POOR

    @property
    def entered_poverty(self) -> bool:
        return self.to_category == Category.POOR and self.from_category != Category.POOR

    def describe(self) -> str:
        before = Category(self.from_category).label if self.from_category else "Chưa rà soát"
        return f"{before} → {Category(self.to_category).label}"


# --- personal data --------------------------------------------------------------------------


class AccessAction(models.TextChoices):
    VIEW_HOUSEHOLD = "view_household", "Xem hồ sơ hộ gia đình"
    VIEW_HOUSEHOLD_API = "view_household_api", "Xem hồ sơ hộ gia đình qua API"
    VIEW_SURVEY = "view_survey", "Mở phiếu rà soát của hộ"
    EXPORT_REVIEW_LIST = "export_review_list", "Xuất danh sách rà soát (Excel)"
    EXPORT_SURVEY_SHEET = "export_survey_sheet", "Tải phiếu nhập Excel có dữ liệu hộ"
    EXPORT_PERSON = "export_person", "Xuất dữ liệu cá nhân theo yêu cầu"
    EXPORT_REFUSED = "export_refused", "Bị từ chối xuất dữ liệu"
    SEARCH_HOUSEHOLDS = "search_households", "Tìm, xem danh sách hộ gia đình"
    VIEW_REVIEW_LIST = "view_review_list", "Xem danh sách hộ nghèo, cận nghèo của đợt rà soát"
    VIEW_ACCOUNT_IDENTITY = "view_account_identity", "Xem, tìm tài khoản theo số định danh"
    EXPORT_OWN_DATA = "export_own_data", "Người dân tải dữ liệu của mình"


class AccessLog(models.Model):
    """Who read or exported which household's data, when, and for what purpose."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người truy cập",
    )
    at = models.DateTimeField("lúc", default=timezone.now, db_index=True)
    action = models.CharField("thao tác", max_length=30, choices=AccessAction.choices)
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_logs",
        verbose_name="hộ",
    )
    # Kept when the household row is gone, so the log still says which one it was.
    household_code = models.CharField("mã hộ", max_length=30, blank=True)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_logs",
        verbose_name="thành viên",
    )
    review_year = models.ForeignKey(
        ReviewYear,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đợt rà soát",
    )
    # Whose account data was read (an identity number looked up, a person's own download).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chủ thể dữ liệu",
    )
    purpose = models.CharField("mục đích", max_length=255)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=255)
    detail = models.CharField("chi tiết", max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "nhật ký truy cập dữ liệu cá nhân"
        verbose_name_plural = "nhật ký truy cập dữ liệu cá nhân"

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.household_code or '—'}"
