"""The new rows of one change, written in one statement: one round trip instead of one a row.

An online submission writes a dossier, its papers, its first event and its outbox message.
Through the ORM that is four INSERTs, each a round trip and most of the submission's Python
(Django compiles every INSERT anew). On PostgreSQL `insert_together` sends them as one
statement of data-modifying CTEs; a statement is atomic, so the rows are written together or
not at all. SQLite has no INSERT inside a CTE: there the same rows go group by group through
the ORM, in one transaction. On PostgreSQL each value is prepared by its model field as
Django's INSERT prepares a plain value (`pre_save`, `get_db_prep_save`): defaults,
`auto_now_add` and file fields behave alike on both paths, and the tests run both (the suite
runs on SQLite and on PostgreSQL). What this does not do, unlike `save()`: send `pre_save` and
`post_save` signals (the models written here have no receivers) or take query expressions as
values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import connections, router, transaction
from django.db.models import Field, Model
from django.db.models.fields.files import FieldFile

from phuongso.core.uploads import remove_stored


@dataclass(frozen=True)
class KeyOf:
    """A text value naming the first row's key, known only once it is written: a child row's
    `Notification.about = KeyOf("dossier:")` becomes "dossier:42"."""

    prefix: str


def insert_together(first: Model, *groups: Sequence[Model]) -> None:
    """Insert `first` (unsaved), then each group of unsaved rows. A child's foreign key set to
    `first` while it was unsaved, and a `KeyOf` value, take its new key. Every row gets its
    primary key, as `save()` would give it."""
    rows = [[first], *(list(group) for group in groups if group)]
    if any(row.pk is not None for group in rows for row in group):
        raise ValueError("insert_together writes new rows only")
    alias = router.db_for_write(type(first), instance=first)
    if connections[alias].vendor == "postgresql":
        _in_one_statement(alias, rows)
    else:
        _group_by_group(alias, rows)
    for group in rows:
        for row in group:
            _after_insert(row, first, alias)


def _group_by_group(alias: str, rows: list[list[Model]]) -> None:
    first = rows[0][0]
    with transaction.atomic(using=alias, savepoint=False):
        first.save(using=alias, force_insert=True)
        for group in rows[1:]:
            for row in group:
                for field, value in _key_texts(row):
                    setattr(row, field.attname, f"{value.prefix}{first.pk}")
            type(group[0])._default_manager.using(alias).bulk_create(group)


def _in_one_statement(alias: str, rows: list[list[Model]]) -> None:
    connection = connections[alias]
    stored: list[FieldFile] = []
    try:
        sql, params = _statement(rows, connection, stored)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            returned = cursor.fetchone()
    except Exception:
        # Nothing was written (one statement): the files stored for it belong to no row.
        for file in stored:
            remove_stored(file.storage, [file.name])
        raise
    for group, group_keys in zip(rows, returned, strict=True):
        for row, key in zip(group, group_keys, strict=True):
            row.pk = key


def _statement(
    rows: list[list[Model]], connection: Any, stored: list[FieldFile]
) -> tuple[str, list[Any]]:
    quote = connection.ops.quote_name
    first = rows[0][0]
    first_key = f"(SELECT {quote(first._meta.pk.column)} FROM r0)"
    ctes, params = [], []
    for number, group in enumerate(rows):
        model = type(group[0])
        fields = [field for field in model._meta.local_concrete_fields if not field.primary_key]
        values = []
        for row in group:
            placeholders = []
            for field in fields:
                sql, value = _value(field, row, first, first_key, connection, stored)
                placeholders.append(sql)
                params.extend(value)
            values.append(f"({', '.join(placeholders)})")
        ctes.append(
            f"r{number} AS (INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(field.column) for field in fields)}) VALUES {', '.join(values)} "
            f"RETURNING {quote(model._meta.pk.column)})"
        )
    # One row: each group's new keys, in the order written (a sequence hands them out rising).
    keys = ", ".join(
        f"ARRAY(SELECT {quote(type(group[0])._meta.pk.column)} FROM r{number} ORDER BY 1)"
        for number, group in enumerate(rows)
    )
    return f"WITH {', '.join(ctes)} SELECT {keys}", params


def _value(
    field: Field, row: Model, first: Model, first_key: str, connection: Any, stored: list
) -> tuple[str, list[Any]]:
    """The SQL and parameters of one value, as Django's INSERT would send it. A file field
    stores its new file here (`pre_save`); `stored` collects those files."""
    if field.is_relation and (related := field.get_cached_value(row, None)) is not None:
        if related is first and row is not first:
            return first_key, []
        if related.pk is None:  # as save() refuses it: it would be written as no link
            raise ValueError(f"{field.name} points at a row that is not saved")
    new_file = isinstance(file := getattr(row, field.attname), FieldFile) and not file._committed
    if new_file and hasattr(file.file, "temporary_file_path"):
        # Stored by copy, not moved: if the statement is refused, the upload is still there
        # for whatever the caller does next (the online form keeps it in a draft).
        file.file = File(file.file.file, name=file.file.name)
    value = field.pre_save(row, add=True)
    if new_file and value:
        stored.append(value)
    if isinstance(value, KeyOf):
        return f"%s || {first_key}", [value.prefix]
    return "%s", [field.get_db_prep_save(value, connection)]


def _key_texts(row: Model) -> list[tuple[Field, KeyOf]]:
    return [
        (field, value)
        for field in row._meta.local_concrete_fields
        if isinstance(value := getattr(row, field.attname), KeyOf)
    ]


def _after_insert(row: Model, first: Model, alias: str) -> None:
    """What save() leaves on an instance: its key, its foreign keys, saved state."""
    for field in row._meta.local_concrete_fields:
        if row is not first and field.is_relation and field.get_cached_value(row, None) is first:
            setattr(row, field.name, first)  # sets the key and keeps the cached object
        elif isinstance(value := getattr(row, field.attname), KeyOf):
            setattr(row, field.attname, f"{value.prefix}{first.pk}")
    row._state.adding = False
    row._state.db = alias
