"""Set-based writes for the rollups and the history generator: COPY on PostgreSQL, batched
executemany elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Append rows to a table; returns how many were written."""
    names = ", ".join(columns)
    count = 0
    if is_postgres():
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 2000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def add_to(
    table: str, keys: Sequence[str], counters: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Add each row's counters to the row with the same key (created when missing), then
    drop the rows of these keys whose counters all fell to zero."""
    if not rows:
        return
    if is_postgres():
        _add_through_copy(table, keys, counters, rows)
        return
    columns = [*keys, *counters]
    marks = ", ".join(["%s"] * len(columns))
    updates = ", ".join(f"{name} = {table}.{name} + EXCLUDED.{name}" for name in counters)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )
    zero = " AND ".join(f"{name} = 0" for name in counters)
    match = " AND ".join(f"{name} = %s" for name in keys)
    gone = [row[: len(keys)] for row in rows if any(value < 0 for value in row[len(keys) :])]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
        if gone:
            cursor.executemany(f"DELETE FROM {table} WHERE {match} AND {zero}", gone)


def _add_through_copy(
    table: str, keys: Sequence[str], counters: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """PostgreSQL: COPY the differences into a temporary table, then one upsert."""
    delta = f"{table}_delta"
    columns = [*keys, *counters]
    names = ", ".join(columns)
    updates = ", ".join(f"{name} = {table}.{name} + EXCLUDED.{name}" for name in counters)
    zero = " AND ".join(f"{table}.{name} = 0" for name in counters)
    match = " AND ".join(f"{table}.{name} = d.{name}" for name in keys)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {delta} AS SELECT {names} FROM {table} "
            "WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {delta}")
        with cursor.cursor.copy(f"COPY {delta} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {delta} "
            f"ORDER BY {', '.join(keys)} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
        )
        cursor.execute(f"DELETE FROM {table} USING {delta} d WHERE {match} AND {zero}")
