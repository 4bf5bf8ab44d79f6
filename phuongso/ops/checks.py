"""Deployment checks of operations settings (backups, metrics, storage), kept apart from
core/checks.py."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def backup_key_is_set(app_configs, **kwargs) -> list:
    if settings.BACKUP_KEY:
        return []
    return [
        Warning(
            "BACKUP_KEY chưa đặt: `manage.py backup` sẽ từ chối chạy.",
            hint="Tạo khóa bằng `manage.py backup --new-key`, đặt BACKUP_KEY và cất một bản "
            "khóa ở nơi khác máy chủ.",
            id="ops.W001",
        )
    ]
