from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from phuongso.accounts.models import StaffRole, User


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0


@admin.register(User)
class PhuongsoUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "phone", "email", "unit", "commune", "is_active"]
    list_filter = ["is_active", "is_staff", "commune", "roles__role"]
    search_fields = ["username", "full_name", "phone", "email", "personal_id"]
    ordering = ["username"]
    inlines = [StaffRoleInline]
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
        ("Công tác", {"fields": ("commune", "unit", "job_title")}),
        (
            "Trạng thái",
            {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")},
        ),
    )
    readonly_fields = ["last_login", "date_joined", "is_staff", "is_superuser"]
