"""What /healthz and /metrics measure: the database, the cache, the upload storage and the
notification outbox. Each probe answers in a few milliseconds, reads only, and returns
figures, never a row: nothing personal, no host names, no error texts."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.db.models import Count, Min
from django.utils import timezone

from phuongso.notifications.models import DeliveryStatus, Notification


@dataclass
class Probe:
    ok: bool
    ms: float
    facts: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "ms": round(self.ms, 1), **self.facts}


def _timed(check) -> Probe:
    started = time.perf_counter()
    try:
        ok, facts = check()
    except Exception as error:  # a probe reports a failure, it never raises
        ok, facts = False, {"error": type(error).__name__}
    return Probe(ok=ok, ms=(time.perf_counter() - started) * 1000, facts=facts)


def _database(alias: str):
    def check() -> tuple[bool, dict]:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1, {}

    return check


def _cache() -> tuple[bool, dict]:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    ok = cache.get(key) == value
    cache.delete(key)
    return ok, {}


def _storage() -> tuple[bool, dict]:
    if isinstance(default_storage, FileSystemStorage):
        # FileSystemStorage makes the folder on the first upload: the nearest existing one
        # must be writable.
        folder = Path(settings.MEDIA_ROOT)
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        return os.access(folder, os.W_OK | os.X_OK), {"backend": "filesystem"}
    default_storage.exists("healthz-probe")  # one HEAD request to the object store
    return True, {"backend": "object"}


def outbox_facts() -> dict[str, Any]:
    waiting = Notification.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]
    ).aggregate(oldest=Min("created_at"), count=Count("id"))
    oldest: datetime | None = waiting["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"waiting": waiting["count"], "oldest_waiting_seconds": int(age)}


def _outbox() -> tuple[bool, dict]:
    facts = outbox_facts()
    limit = settings.HEALTH_OUTBOX_MAX_AGE_MINUTES * 60
    return facts["oldest_waiting_seconds"] <= limit, facts


def probes() -> dict[str, Probe]:
    found = {"database": _timed(_database("default"))}
    if "replica" in settings.DATABASES:
        found["replica"] = _timed(_database("replica"))
    found["cache"] = _timed(_cache)
    found["storage"] = _timed(_storage)
    found["outbox"] = _timed(_outbox)
    return found


def latest_backup_time() -> float | None:
    folder = Path(settings.BACKUP_DIR)
    backups = sorted(folder.glob("phuongso-*.psb")) if folder.is_dir() else []
    return backups[-1].stat().st_mtime if backups else None
