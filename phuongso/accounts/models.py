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


class User(AbstractUser):
    """A citizen (no role) or an official (one unit, one or more roles).

    `username` stays the login key: citizens' is their E.164 phone or e-mail, officials' is
    chosen by the administrator. Phone and e-mail also sign in (see backends.py).
    """

    full_name = models.CharField("họ và tên", max_length=150)
    phone = models.CharField("số điện thoại", max_length=16, unique=True, null=True, blank=True)
    email = models.EmailField("thư điện tử", unique=True, null=True, blank=True)
    personal_id = models.CharField(
        "số định danh cá nhân", max_length=12, unique=True, null=True, blank=True
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

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.roles.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_official(self) -> bool:
        return bool(self.role_set)

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
