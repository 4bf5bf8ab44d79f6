from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from phuongso.core.admin_scope import CommuneScoped, sees_every_commune
from phuongso.core.models import (
    CalendarOverride,
    Commune,
    FormerUnit,
    GovernmentUnit,
    ResidentialGroup,
)


class FormerUnitInline(admin.TabularInline):
    model = FormerUnit
    extra = 0


class GovernmentUnitInline(admin.TabularInline):
    model = GovernmentUnit
    extra = 0


@admin.register(Commune)
class CommuneAdmin(CommuneScoped, admin.ModelAdmin):
    commune_path = "pk"
    list_display = ["code", "name", "division_type", "province_name", "is_configured"]
    list_filter = ["is_configured", "division_type"]
    search_fields = ["name", "code"]
    inlines = [FormerUnitInline, GovernmentUnitInline]


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(CommuneScoped, admin.ModelAdmin):
    list_display = ["name", "former_unit", "commune", "area", "is_demo"]
    list_filter = ["commune", "former_unit", "area", "is_demo"]
    search_fields = ["name"]


@admin.register(GovernmentUnit)
class GovernmentUnitAdmin(CommuneScoped, admin.ModelAdmin):
    list_display = ["name", "commune", "kind", "is_one_stop"]
    list_filter = ["kind", "commune"]
    search_fields = ["name"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "reason", "updated_at"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["reason"]

    # One calendar for the whole deployment: a ward's administrator reads it, the province's
    # changes it (a day off added here moves every commune's deadlines).
    def has_add_permission(self, request: HttpRequest) -> bool:
        return sees_every_commune(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_every_commune(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_every_commune(request.user)

    # The calendar's tables are forgotten on every saved or deleted override (core/cache.py).
