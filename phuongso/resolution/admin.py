"""Resolution data in the admin is read-mostly: names and descriptions may be corrected here;
figures, paths, tasks and reports change only through resolution/services.py (the pages),
which keeps their history. Figures can be verified with an admin action that calls the service.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from phuongso.core.access import communes_for
from phuongso.core.admin_scope import CommuneScoped, sees_every_commune
from phuongso.resolution import services
from phuongso.resolution.models import (
    ActualValue,
    ChangeRecord,
    EvidenceFile,
    Indicator,
    Plan,
    PlannedValue,
    Programme,
    ProgressReport,
    Resolution,
    Task,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ActualInline(ReadOnlyInline):
    model = ActualValue
    fields = ["year", "quarter", "value", "source", "entered_by", "entered_at", "verified_by"]


class PlannedInline(ReadOnlyInline):
    model = PlannedValue
    fields = ["year", "value", "set_by", "set_at"]


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ["order", "code", "name", "unit", "baseline_value", "target_value", "source_function"]
    show_change_link = True


@admin.register(Resolution)
class ResolutionAdmin(CommuneScoped, admin.ModelAdmin):
    list_display = ["title", "commune", "term_start", "term_end"]
    list_filter = ["commune"]
    fields = ["commune", "title", "term_start", "term_end", "adopted_on", "source", "note"]
    readonly_fields = ["commune", "term_start", "term_end"]
    inlines = [IndicatorInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # seeded per commune by the seed_resolution command


@admin.register(Indicator)
class IndicatorAdmin(CommuneScoped, admin.ModelAdmin):
    commune_path = "resolution__commune"
    list_display = ["code", "name", "unit", "resolution", "source_function"]
    list_filter = ["resolution__commune", "kind", "direction"]
    search_fields = ["code", "name"]
    # Name, note and the unit that follows it may be corrected; values and rules may not.
    readonly_fields = [
        "resolution", "code", "unit", "kind", "measure", "direction", "path_method",
        "baseline_year", "baseline_value", "baseline_source", "target_year", "target_value",
        "target_comparator", "target_tolerance", "source_function",
    ]  # fmt: skip
    inlines = [PlannedInline, ActualInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ActualValue)
class ActualValueAdmin(CommuneScoped, ReadOnlyAdmin):
    commune_path = "indicator__resolution__commune"
    list_display = ["indicator", "year", "quarter", "value", "entered_by", "verified_by"]
    list_filter = ["indicator__resolution__commune", "year"]
    actions = ["verify"]

    @admin.action(description="Xác nhận các số liệu đã chọn")
    def verify(self, request: HttpRequest, queryset: QuerySet[ActualValue]) -> None:
        done = 0
        for actual in queryset.select_related("indicator__resolution"):
            try:
                services.verify_actual(actual=actual, actor=request.user)
                done += 1
            except services.ResolutionError as error:
                self.message_user(request, f"{actual}: {error.message}", messages.WARNING)
        self.message_user(request, f"Đã xác nhận {done} số liệu.")


@admin.register(Programme)
class ProgrammeAdmin(CommuneScoped, admin.ModelAdmin):
    commune_path = "resolution__commune"
    list_display = ["name", "kind", "lead_unit", "resolution"]
    list_filter = ["resolution__commune", "kind"]
    fields = ["resolution", "order", "kind", "name", "description", "lead_unit"]


@admin.register(Plan)
class PlanAdmin(CommuneScoped, admin.ModelAdmin):
    commune_path = "programme__resolution__commune"
    list_display = ["name", "programme", "document_number", "issued_on"]
    list_filter = ["programme__resolution__commune"]


@admin.register(Task)
class TaskAdmin(CommuneScoped, ReadOnlyAdmin):
    commune_path = "plan__programme__resolution__commune"
    list_display = ["name", "lead_unit", "start_date", "deadline", "status", "progress"]
    list_filter = ["status", "lead_unit"]
    search_fields = ["name"]


@admin.register(ProgressReport)
class ProgressReportAdmin(CommuneScoped, ReadOnlyAdmin):
    commune_path = "task__plan__programme__resolution__commune"
    list_display = ["task", "reported_on", "percent", "reported_by"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]  # served only through the page view, which checks access

    def get_queryset(self, request: HttpRequest) -> QuerySet[EvidenceFile]:
        rows = super().get_queryset(request)
        if sees_every_commune(request.user):
            return rows
        communes = communes_for(request.user)
        return rows.filter(
            Q(actual__indicator__resolution__commune__in=communes)
            | Q(report__task__plan__programme__resolution__commune__in=communes)
        )


@admin.register(ChangeRecord)
class ChangeRecordAdmin(CommuneScoped, ReadOnlyAdmin):
    list_display = ["at", "subject", "field", "old_value", "new_value", "actor"]
    list_filter = ["commune"]
    date_hierarchy = "at"
