from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from phuongso.core.admin_scope import sees_every_commune
from phuongso.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "medium", "recipient", "subject", "event", "status", "attempts"]
    list_filter = ["medium", "status", "event"]
    search_fields = ["recipient", "subject", "body", "about"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    # Messages of every commune, password links among them: the deployment's operators only.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return sees_every_commune(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return sees_every_commune(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
