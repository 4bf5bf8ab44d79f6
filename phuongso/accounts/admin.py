from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from phuongso.accounts import personal_data, services, two_factor
from phuongso.accounts.models import CorrectionRequest, CorrectionStatus, Role, StaffRole, User
from phuongso.core.admin_scope import CommuneScoped, sees_every_commune


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "role" and not sees_every_commune(request.user):
            # A ward's administrator appoints within the ward, never above it.
            field.choices = [c for c in field.choices if c[0] != Role.PROVINCE_ADMINISTRATOR]
        return field


@admin.register(User)
class PhuongsoUserAdmin(CommuneScoped, UserAdmin):
    """A ward's administrator manages the ward's officials: not other wards' people, not the
    province's administrators (whose passwords they could otherwise set)."""

    list_display = ["username", "full_name", "phone", "email", "unit", "commune", "is_active"]
    list_filter = ["is_active", "is_staff", "commune", "roles__role"]
    search_fields = ["username", "full_name", "phone", "email", "personal_id"]
    ordering = ["username"]
    inlines = [StaffRoleInline]
    actions = ["reset_second_factor"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            "Thông tin cá nhân",
            {
                "fields": (
                    "full_name",
                    "phone",
                    "email",
                    "personal_id",
                    "sex",
                    "birth_date",
                    "address",
                )
            },
        ),
        (
            "Xác minh danh tính",
            {
                "fields": (
                    "phone_verified_at",
                    "identity_verified_at",
                    "identity_proof",
                    "identity_verified_by",
                )
            },
        ),
        ("Công tác", {"fields": ("commune", "unit", "job_title")}),
        (
            "Trạng thái",
            {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")},
        ),
    )
    # Proofs are recorded by the services that check them (a code, the card at the counter),
    # never typed in here.
    readonly_fields = [
        "last_login",
        "date_joined",
        "is_staff",
        "is_superuser",
        "phone_verified_at",
        "identity_verified_at",
        "identity_proof",
        "identity_verified_by",
    ]

    @admin.action(
        description="Đặt lại xác thực hai lớp (mất điện thoại): thiết lập lại khi đăng nhập"
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            two_factor.reset(user=user)
        self.message_user(request, f"Đã đặt lại xác thực hai lớp cho {queryset.count()} tài khoản.")

    # Accounts hold identity numbers: a search and an opened account are logged as reads.
    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        query = request.GET.get("q", "").strip()
        if query:
            _log_identity_read(request, detail=f"tìm tài khoản “{query[:100]}”")
        return super().changelist_view(request, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        subject = self.get_object(request, object_id)
        if subject is not None and request.method == "GET":
            _log_identity_read(request, subject=subject, detail="mở tài khoản trong trang quản trị")
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users = super().get_queryset(request)
        if sees_every_commune(request.user):
            return users
        return users.filter(is_superuser=False).exclude(roles__role=Role.PROVINCE_ADMINISTRATOR)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change and obj.commune_id is None and not sees_every_commune(request.user):
            obj.commune_id = request.user.commune_id  # an official of their ward, theirs to edit
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        user = form.instance
        had_province_role = user.roles.filter(role=Role.PROVINCE_ADMINISTRATOR).exists()
        super().save_related(request, form, formsets, change)
        if not any(formset.has_changed() for formset in formsets):
            return
        # Roles edited in the inline: admin access and the administrators' group follow them,
        # as when services.set_roles is called elsewhere; taking the province role away takes
        # the superuser flag with it. (A superuser made on the command line, who never had the
        # province role, keeps what the command gave it.)
        roles = set(user.roles.values_list("role", flat=True))
        made_on_the_command_line = user.is_superuser and not had_province_role
        if Role.PROVINCE_ADMINISTRATOR in roles or not made_on_the_command_line:
            services.set_roles(user=user, roles=roles)


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(CommuneScoped, admin.ModelAdmin):
    """The ward's administrator answers people's requests to correct their data: the answer
    and the decision are recorded once, by the service (the request itself is not editable)."""

    list_display = ["created_at", "user", "record", "reference", "status", "answered_at"]
    list_filter = ["status", "record"]
    search_fields = ["reference", "user__full_name", "user__username"]
    fields = [
        "user",
        "commune",
        "record",
        "reference",
        "wrong",
        "correct",
        "created_at",
        "status",
        "answer",
        "answered_by",
        "answered_at",
    ]
    readonly_fields = [
        "user",
        "commune",
        "record",
        "reference",
        "wrong",
        "correct",
        "created_at",
        "answered_by",
        "answered_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people send them from their "Dữ liệu của tôi" page

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.status != CorrectionStatus.OPEN:
            return [*self.readonly_fields, "status", "answer"]
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if obj.status == CorrectionStatus.OPEN:
            return  # nothing decided yet
        personal_data.answer_correction(
            correction=obj, actor=request.user, status=obj.status, answer=obj.answer
        )


def _log_identity_read(request: HttpRequest, *, subject: User | None = None, detail: str) -> None:
    from phuongso.households.models import AccessAction
    from phuongso.households.services import log_access

    log_access(
        user=request.user,
        action=AccessAction.VIEW_ACCOUNT_IDENTITY,
        subject=subject,
        detail=detail,
    )


# django-otp's own device pages show each device's secret key and QR code: an administrator
# could copy an official's second factor. Devices are made only by their owner's enrolment
# and removed by the reset action above.
def _unregister_device_admins() -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_device_admins()
