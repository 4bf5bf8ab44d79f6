"""Deployment checks of operations settings (backups), kept apart from core/checks.py."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from phuongso.ops import archive


@register(Tags.security, deploy=True)
def backup_key_is_set(app_configs, **kwargs) -> list:
    if not settings.BACKUP_KEY:
        return [
            Warning(
                "BACKUP_KEY chưa đặt: `manage.py backup` sẽ từ chối chạy.",
                hint="Tạo khóa bằng `manage.py backup --new-key`, đặt BACKUP_KEY và cất một bản "
                "khóa ở nơi khác máy chủ.",
                id="ops.W001",
            )
        ]
    try:
        archive.fernet(settings.BACKUP_KEY)
    except archive.ArchiveError as error:
        return [Error(str(error), id="ops.E001")]
    return []
