from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "phuongso.notifications"
    label = "notifications"
    verbose_name = "Thông báo (thư điện tử, tin nhắn)"
