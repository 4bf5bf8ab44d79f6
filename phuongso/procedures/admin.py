"""Admin of the catalogue, for administrators; each sees only their communes' procedures.

Bulk changes go through the Excel page (procedures:manage); edits here still pass through the
services, which keep the folded search text up to date.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField, ModelForm
from django.http import HttpRequest

from phuongso.accounts.models import ADMIN_ROLES
from phuongso.core.access import communes_for
from phuongso.procedures import services
from phuongso.procedures.models import (
    ChannelOption,
    Field,
    Procedure,
    ProcessingStep,
    RequiredDocument,
    SearchSynonym,
)


def is_catalogue_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and user.has_role(*ADMIN_ROLES))


class CatalogueAccess:
    """Administrators may use these pages without per-model Django permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_catalogue_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_catalogue_admin(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_catalogue_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_catalogue_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_catalogue_admin(request)


class ChannelOptionInline(CatalogueAccess, admin.TabularInline):
    model = ChannelOption
    extra = 0


class RequiredDocumentInline(CatalogueAccess, admin.TabularInline):
    model = RequiredDocument
    extra = 0


class ProcessingStepInline(CatalogueAccess, admin.TabularInline):
    model = ProcessingStep
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(CatalogueAccess, admin.ModelAdmin):
    list_display = ["national_code", "name", "field", "online_level", "confidence", "is_active"]
    list_filter = ["field", "online_level", "confidence", "is_active", "commune"]
    search_fields = ["name", "national_code", "search_text"]
    list_select_related = ["field"]
    inlines = [ChannelOptionInline, RequiredDocumentInline, ProcessingStepInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Procedure]:
        return super().get_queryset(request).filter(commune__in=communes_for(request.user))

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "commune":
            kwargs["queryset"] = communes_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        services.index_procedure(form.instance)


class SharedByEveryCommune(CatalogueAccess):
    """Rows every commune's catalogue uses: only a province administrator changes them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_province_administrator

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request)


@admin.register(Field)
class FieldAdmin(SharedByEveryCommune, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    def save_model(self, request: HttpRequest, obj: Field, form: ModelForm, change: bool) -> None:
        services.rename_field(field=obj, name=obj.name)


@admin.register(SearchSynonym)
class SearchSynonymAdmin(SharedByEveryCommune, admin.ModelAdmin):
    """What people type and what the catalogue calls it (procedures/search.py)."""

    list_display = ["phrase", "means"]
    search_fields = ["phrase", "means"]
