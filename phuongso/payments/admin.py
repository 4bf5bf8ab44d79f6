from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from phuongso.payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "dossier",
        "amount",
        "status",
        "gateway",
        "created_at",
        "confirmed_at",
    ]
    list_filter = ["status", "gateway"]
    search_fields = ["reference", "dossier__code"]
    readonly_fields = [f.name for f in Payment._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
