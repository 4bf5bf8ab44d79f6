"""Dossier codes: `<agency identifier>-YYMMDD-XXXX` (Circular 01/2018 Art. 19), pluggable.

Circular 03/2025 may change the format, so the generator is a setting
(DOSSIER_CODE_GENERATOR, a dotted path to a function with the signature of `circular_01_2018`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from phuongso.core.models import Commune
from phuongso.dossiers.models import DailySerial


class CodeGenerator(Protocol):
    def __call__(self, *, commune: Commune, received_at: datetime) -> str: ...


def next_serial(*, prefix: str, day: date) -> int:
    """The next serial for (prefix, day), unique under concurrency, in one statement.

    The upsert takes the row lock, so concurrent receipts queue on it; it runs inside the
    caller's transaction so a failed receipt gives its number back. PostgreSQL and SQLite
    (3.35+) both speak this form.
    """
    table = connection.ops.quote_name(DailySerial._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (prefix, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [prefix, day],
        )
        return cursor.fetchone()[0]


def circular_01_2018(*, commune: Commune, received_at: datetime) -> str:
    prefix = commune.agency_code or f"{commune.code:05d}"
    day = timezone.localtime(received_at).date()
    serial = next_serial(prefix=prefix, day=day)
    return f"{prefix}-{day:%y%m%d}-{serial:04d}"


def generate_code(*, commune: Commune, received_at: datetime) -> str:
    generator: CodeGenerator = import_string(settings.DOSSIER_CODE_GENERATOR)
    return generator(commune=commune, received_at=received_at)
