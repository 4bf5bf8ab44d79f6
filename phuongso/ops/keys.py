"""Where the backup key comes from: BACKUP_KEY (or a key file), never a default in production."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from phuongso.ops import archive


class MissingKey(Exception):
    pass


def backup_key(key_file: str | None = None) -> tuple[str, str]:
    """(key, where it came from). Without a key, DEBUG machines use one derived from
    SECRET_KEY; a production machine refuses."""
    if key_file:
        return Path(key_file).read_text().strip(), f"tệp {key_file}"
    if settings.BACKUP_KEY:
        return settings.BACKUP_KEY, "biến môi trường BACKUP_KEY"
    if settings.DEBUG:
        return archive.dev_key(settings.SECRET_KEY), "khóa thử nghiệm suy ra từ SECRET_KEY (DEBUG)"
    raise MissingKey(
        "Chưa có khóa sao lưu: đặt BACKUP_KEY (tạo bằng `manage.py backup --new-key`) và cất "
        "một bản khóa ở nơi khác máy chủ; không có khóa thì không khôi phục được bản sao lưu."
    )
