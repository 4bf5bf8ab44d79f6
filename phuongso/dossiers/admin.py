"""Dossiers in the admin are read-only: every change goes through dossiers/services.py."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from phuongso.core.admin_scope import CommuneScoped
from phuongso.dossiers.models import (
    Dossier,
    DossierDocument,
    DossierEvent,
    IssuedForm,
    SupplementCycle,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "actor_role", "note"]


class DocumentInline(ReadOnlyInline):
    model = DossierDocument
    fields = ["name", "file", "digitised", "reused_from_data_store", "added_in_supplement"]


class SupplementInline(ReadOnlyInline):
    model = SupplementCycle
    fields = ["at_intake", "requested_at", "requested_by", "items", "completed_at"]


class IssuedFormInline(ReadOnlyInline):
    model = IssuedForm
    fields = ["form", "number", "issued_at"]


@admin.register(Dossier)
class DossierAdmin(CommuneScoped, admin.ModelAdmin):
    list_display = [
        "code",
        "procedure",
        "applicant_name",
        "status",
        "channel",
        "received_at",
        "appointment_at",
        "commune",
    ]
    list_filter = ["status", "channel", "commune"]
    search_fields = ["code", "applicant_name", "applicant_phone"]
    date_hierarchy = "received_at"
    inlines = [DocumentInline, SupplementInline, EventInline, IssuedFormInline]
    list_select_related = ["procedure", "commune"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
