"""People: one custom user model for citizens and officials, and the roles officials hold."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from phuongso.core.models import Commune, GovernmentUnit


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter_officer", "Cán bộ Bộ phận Một cửa"
    SPECIALIST = "specialist", "Chuyên viên"
    LEADER = "leader", "Lãnh đạo phê duyệt, ký"
    LEADERSHIP = "leadership", "Lãnh đạo phường, Đảng ủy (xem báo cáo)"
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"
    PROVINCE_ADMINISTRATOR = "province_administrator", "Quản trị cấp tỉnh"


# Who administers the system (the admin site, the catalogue): in a commune or the province.
ADMIN_ROLES = (Role.ADMINISTRATOR, Role.PROVINCE_ADMINISTRATOR)


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class IdentityProof(models.TextChoices):
    """How an account's personal identification number was proven to be its holder's."""

    COUNTER = "counter", "Bộ phận Một cửa đối chiếu thẻ căn cước bản chính"
    NATIONAL_IDENTITY = "national_identity", "Đăng nhập bằng định danh điện tử quốc gia"


class User(AbstractUser):
    """A citizen (no role) or an official (one unit, one or more roles).

    `username` stays the login key: citizens' is their E.164 phone or e-mail, officials' is
    chosen by the administrator. Phone and e-mail also sign in (see backends.py).

    What a citizen typed is a claim; what was proven is recorded with when: the phone by a
    one-time code sent to it (`phone_verified_at`), the personal number by the counter
    checking the card in person or by the national identity (`identity_verified_at`). Only
    proven identities attach walk-in dossiers to an account or let it see them
    (dossiers/citizens.py, dossiers/access.py). So a typed number is not unique: several
    accounts may claim it, one at most may have it proven.
    """

    full_name = models.CharField("họ và tên", max_length=150)
    phone = models.CharField("số điện thoại", max_length=16, unique=True, null=True, blank=True)
    email = models.EmailField("thư điện tử", unique=True, null=True, blank=True)
    # NULL when none was given, as while the column was unique; only proven numbers are.
    personal_id = models.CharField(  # noqa: DJ001
        "số định danh cá nhân", max_length=12, null=True, blank=True
    )
    phone_verified_at = models.DateTimeField(
        "xác minh số điện thoại lúc",
        null=True,
        blank=True,
        help_text="Khi người dùng nhập đúng mã một lần gửi tới số điện thoại này.",
    )
    identity_verified_at = models.DateTimeField("xác minh số định danh lúc", null=True, blank=True)
    identity_proof = models.CharField(
        "cách xác minh số định danh", max_length=20, choices=IdentityProof.choices, blank=True
    )
    identity_verified_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cán bộ đối chiếu",
    )
    sex = models.CharField("giới tính", max_length=6, choices=Sex.choices, blank=True)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="xã, phường",
        help_text="Của cán bộ: xã, phường nơi công tác (theo đơn vị).",
    )
    unit = models.ForeignKey(
        GovernmentUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name="cơ quan, đơn vị",
    )
    job_title = models.CharField("chức vụ", max_length=120, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"
        constraints = [
            models.UniqueConstraint(
                fields=["personal_id"],
                condition=models.Q(identity_verified_at__isnull=False),
                name="one_proven_account_per_personal_id",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def phone_verified(self) -> bool:
        return bool(self.phone and self.phone_verified_at)

    @property
    def identity_verified(self) -> bool:
        return bool(self.personal_id and self.identity_verified_at)

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.roles.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_official(self) -> bool:
        return bool(self.role_set)

    @cached_property
    def is_surveyor(self) -> bool:
        """Assigned to survey households in a poverty review (any year): reads household data."""
        return self.survey_assignments.exists()

    @cached_property
    def second_factor_ids(self) -> frozenset[str]:
        """Persistent ids of the confirmed second-factor devices (accounts/two_factor.py)."""
        from phuongso.accounts.two_factor import confirmed_device_ids

        return confirmed_device_ids(self)

    @property
    def is_province_administrator(self) -> bool:
        return Role.PROVINCE_ADMINISTRATOR in self.role_set

    def role_labels(self) -> list[str]:
        return [Role(role).label for role in Role.values if role in self.role_set]


def with_roles(users: list[User]) -> list[User]:
    """Read the roles of many users in one query instead of one per user (User.role_set)."""
    roles: dict[int, set[str]] = {user.pk: set() for user in users}
    rows = StaffRole.objects.filter(user_id__in=list(roles)).values_list("user_id", "role")
    for user_id, role in rows:
        roles[user_id].add(role)
    for user in users:
        user.__dict__["role_set"] = frozenset(roles[user.pk])  # fills the cached property
    return users


class StaffRole(models.Model):
    """A role an official holds; several per official (a leader may also be a specialist)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name="cán bộ"
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_role_once")]

    def __str__(self) -> str:
        return self.get_role_display()


class CorrectionRecord(models.TextChoices):
    ACCOUNT = "account", "Thông tin tài khoản (họ tên, số điện thoại, thư điện tử, địa chỉ…)"
    DOSSIER = "dossier", "Thông tin trong hồ sơ thủ tục hành chính"
    HOUSEHOLD = "household", "Thông tin hộ gia đình, rà soát hộ nghèo"
    FEEDBACK = "feedback", "Phản ánh, kiến nghị"
    OTHER = "other", "Khác"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", "Chờ xử lý"
    CORRECTED = "corrected", "Đã chỉnh sửa"
    REFUSED = "refused", "Không chỉnh sửa (có trả lời lý do)"


class CorrectionRequest(models.Model):
    """A person asks the ward to correct data it holds about them (Law 91/2025/QH15): recorded,
    and answered by the ward's administrator (the admin lists the ward's open requests)."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="correction_requests",
        verbose_name="người đề nghị",
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="xã, phường xử lý",
    )
    record = models.CharField("dữ liệu cần sửa", max_length=20, choices=CorrectionRecord.choices)
    reference = models.CharField(
        "mã hồ sơ, mã hộ (nếu có)", max_length=60, blank=True, help_text="Để cán bộ tìm nhanh."
    )
    wrong = models.TextField("thông tin đang sai, thiếu", max_length=2000)
    correct = models.TextField("thông tin đúng", max_length=2000)
    status = models.CharField(
        "trạng thái", max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    answered_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cán bộ trả lời",
    )
    answer = models.TextField("trả lời", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "đề nghị chỉnh sửa dữ liệu cá nhân"
        verbose_name_plural = "đề nghị chỉnh sửa dữ liệu cá nhân"

    def __str__(self) -> str:
        return f"{self.get_record_display()} – {self.user}"
