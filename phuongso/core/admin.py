from __future__ import annotations

from django.contrib import admin

from phuongso.core.models import Commune, FormerUnit, GovernmentUnit, ResidentialGroup


class FormerUnitInline(admin.TabularInline):
    model = FormerUnit
    extra = 0


class GovernmentUnitInline(admin.TabularInline):
    model = GovernmentUnit
    extra = 0


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type", "province_name", "is_configured"]
    list_filter = ["is_configured", "division_type"]
    search_fields = ["name", "code"]
    inlines = [FormerUnitInline, GovernmentUnitInline]


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "former_unit", "commune", "area", "is_demo"]
    list_filter = ["commune", "former_unit", "area", "is_demo"]
    search_fields = ["name"]


@admin.register(GovernmentUnit)
class GovernmentUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "kind", "is_one_stop"]
    list_filter = ["kind", "commune"]
    search_fields = ["name"]
