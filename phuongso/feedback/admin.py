"""The administrator maintains categories (and their units), areas and Open311 keys here.

Reports are read-only: they change only through the workflow services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from phuongso.core.admin_scope import CommuneScoped
from phuongso.feedback import apikeys
from phuongso.feedback.models import ApiKey, Category, CommuneArea, Report, ReportEvent


@admin.register(Category)
class CategoryAdmin(CommuneScoped, admin.ModelAdmin):
    list_display = ("name", "code", "commune", "responsible_unit", "group", "is_active", "order")
    list_filter = ("is_active", "commune")
    search_fields = ("name", "code", "keywords")
    list_select_related = ("commune", "responsible_unit")


@admin.register(CommuneArea)
class CommuneAreaAdmin(CommuneScoped, admin.ModelAdmin):
    list_display = ("commune", "min_latitude", "max_latitude", "min_longitude", "max_longitude")


@admin.register(ApiKey)
class ApiKeyAdmin(CommuneScoped, admin.ModelAdmin):
    list_display = ("name", "prefix", "commune", "is_active", "created_at", "last_used_at")
    list_filter = ("is_active",)
    actions = ["revoke_keys"]

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> list[str]:
        if obj is None:
            return ["name", "commune"]
        return ["name", "commune", "prefix", "is_active", "created_at", "last_used_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> list[str]:
        return [] if obj is None else ["prefix", "is_active", "created_at", "last_used_at"]

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = apikeys.issue_api_key(name=obj.name, commune=obj.commune)
        obj.pk, obj.prefix, obj.key_hash, obj.created_at = (
            key.pk,
            key.prefix,
            key.key_hash,
            key.created_at,
        )
        obj._state.adding = False
        obj._state.db = key._state.db
        messages.warning(
            request,
            f"Khóa API của «{key.name}» (chỉ hiển thị một lần, hãy gửi cho đơn vị sử dụng): {raw}",
        )

    @admin.action(description="Thu hồi các khóa đã chọn")
    def revoke_keys(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset:
            apikeys.revoke(key)
        messages.success(request, f"Đã thu hồi {queryset.count()} khóa.")


class EventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_status", "to_status", "actor", "actor_role", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(CommuneScoped, admin.ModelAdmin):
    list_display = ("pk", "category", "commune", "status", "received_at", "due_at", "current_unit")
    list_filter = ("status", "channel", "commune")
    search_fields = ("description", "address")
    list_select_related = ("category", "commune", "current_unit")
    inlines = [EventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
