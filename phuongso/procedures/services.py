"""Every write to the catalogue: seeding, importing and re-indexing procedures.

Whatever the source (the seed JSON file, an Excel workbook, the admin), rows are read into
`ProcedureRow`s, checked as a whole, and written only when there is no error at all, in one
transaction. The folded search columns are maintained here, never in save().
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from phuongso.core import cache
from phuongso.core.models import Commune
from phuongso.core.text import fold
from phuongso.procedures.columns import CHILD_SHEETS, PROCEDURES, Sheet
from phuongso.procedures.models import (
    ChannelOption,
    Field,
    Procedure,
    ProcessingStep,
    RequiredDocument,
    SearchSynonym,
)

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"
SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.json"

Locate = Callable[[str], str]


@dataclass
class ParsedRow:
    """One row's values, read and typed, and how to name one of its cells in a message."""

    values: dict[str, Any]
    locate: Locate


@dataclass
class ProcedureRow:
    row: ParsedRow
    channels: list[ParsedRow] = dc_field(default_factory=list)
    documents: list[ParsedRow] = dc_field(default_factory=list)
    steps: list[ParsedRow] = dc_field(default_factory=list)

    @property
    def code(self) -> str:
        return self.row.values["national_code"]


@dataclass
class ImportResult:
    errors: list[str] = dc_field(default_factory=list)
    created: int = 0
    updated: int = 0
    deactivated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"Không nhập được danh mục: {len(self.errors)} lỗi, chưa có thay đổi nào."
        return (
            f"Đã nhập danh mục: {self.created} thủ tục mới, {self.updated} thủ tục cập nhật, "
            f"{self.deactivated} thủ tục chuyển sang ngừng áp dụng."
        )


# --- Reading rows -------------------------------------------------------------------------


def parse_row(
    sheet: Sheet, raw: Mapping[str, Any], locate: Locate
) -> tuple[ParsedRow | None, list[str]]:
    """Type every cell of a row; each bad cell gives one message naming where it is.

    A row with any bad cell is returned as None: only good rows take part in later checks.
    """
    values: dict[str, Any] = {}
    errors: list[str] = []
    for column in sheet.columns:
        try:
            values[column.key] = column.parse(raw.get(column.key))
        except ValueError as reason:
            errors.append(f"{locate(column.key)}: {reason}")
    return (None if errors else ParsedRow(values, locate)), errors


def read_catalogue_file(path: Path = CATALOGUE_FILE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["procedures"]


def _file_locator(sheet: Sheet, prefix: str) -> Locate:
    def locate(key: str) -> str:
        return f"{prefix}, cột '{sheet.column(key).header}'"

    return locate


def rows_from_data(rows: Iterable[Mapping[str, Any]]) -> tuple[list[ProcedureRow], list[str]]:
    """Read the nested dictionaries of the seed file (children listed inside each procedure)."""
    procedures: list[ProcedureRow] = []
    errors: list[str] = []
    for number, raw in enumerate(rows, start=1):
        prefix = f"Tệp danh mục, thủ tục số {number}"
        row, row_errors = parse_row(PROCEDURES, raw, _file_locator(PROCEDURES, prefix))
        errors += row_errors
        procedure = ProcedureRow(row) if row else None
        for key, sheet in CHILD_SHEETS.items():
            for index, child_raw in enumerate(raw.get(key, []), start=1):
                child_raw = {"order": index, **child_raw, "national_code": raw.get("national_code")}
                where = f"{prefix}, trang '{sheet.title}' mục {index}"
                child, child_errors = parse_row(sheet, child_raw, _file_locator(sheet, where))
                errors += child_errors
                if procedure and child:
                    getattr(procedure, key).append(child)
        if procedure:
            procedures.append(procedure)
    return procedures, errors


# --- Checking the catalogue as a whole -----------------------------------------------------


def check_catalogue(procedures: list[ProcedureRow]) -> list[str]:
    """Rules across rows: unique codes, coherent deadlines, unique orders, shares of 100%."""
    errors: list[str] = []
    seen: set[str] = set()
    for procedure in procedures:
        row = procedure.row
        if procedure.code in seen:
            errors.append(f"{row.locate('national_code')}: mã thủ tục '{procedure.code}' bị trùng")
        seen.add(procedure.code)
        errors += _check_same_day(row)
        errors += _check_exact_deadline(row)
        errors += _check_unique(procedure.channels, "channel", "kênh này đã khai báo")
        for channel in procedure.channels:
            errors += _check_same_day(channel)
        errors += _check_unique(procedure.documents, "order", "thứ tự này đã dùng")
        errors += _check_unique(procedure.steps, "order", "thứ tự này đã dùng")
        errors += _check_shares(procedure)
    return errors


def _check_same_day(row: ParsedRow) -> list[str]:
    if row.values.get("deadline_same_day") and row.values.get("deadline_working_days"):
        return [
            f"{row.locate('deadline_working_days')}: thủ tục giải quyết trong ngày "
            "thì để trống hoặc ghi 0"
        ]
    return []


def _check_exact_deadline(row: ParsedRow) -> list[str]:
    """A legal processing time is exact data, as the province's decision publishes it
    ("10 ngày làm việc"): a guess ("khoảng …") is refused; it would reach the citizen's
    receipt and the control sheet."""
    text = row.values.get("deadline_text") or ""
    if "khoảng" in text.lower():
        return [
            f"{row.locate('deadline_text')}: thời hạn giải quyết phải ghi chính xác theo quyết "
            "định công bố thủ tục (ví dụ «10 ngày làm việc»), không ghi «khoảng»"
        ]
    return []


def _check_unique(rows: list[ParsedRow], key: str, reason: str) -> list[str]:
    errors = []
    seen: set[Any] = set()
    for row in rows:
        value = row.values.get(key)
        if value in seen:
            errors.append(f"{row.locate(key)}: {reason} cho thủ tục {row.values['national_code']}")
        seen.add(value)
    return errors


def _check_shares(procedure: ProcedureRow) -> list[str]:
    shares = [step.values.get("share_percent") for step in procedure.steps]
    if not shares or None in shares or sum(shares) == 100:
        return []
    return [
        f"{procedure.steps[0].locate('share_percent')}: tổng tỷ lệ thời gian các bước của "
        f"thủ tục {procedure.code} phải bằng 100 (hiện là {sum(shares)})"
    ]


# --- Writing ---------------------------------------------------------------------------------


def import_catalogue(
    *, commune: Commune, rows: Iterable[Mapping[str, Any]], deactivate_missing: bool = False
) -> ImportResult:
    """Create or update the commune's catalogue from seed-file rows. Idempotent."""
    procedures, errors = rows_from_data(rows)
    return apply_catalogue(
        commune=commune,
        procedures=procedures,
        errors=errors,
        deactivate_missing=deactivate_missing,
    )


def seed_catalogue(*, commune: Commune, path: Path = CATALOGUE_FILE) -> ImportResult:
    seed_synonyms()
    return import_catalogue(commune=commune, rows=read_catalogue_file(path))


def seed_synonyms(path: Path = SYNONYMS_FILE) -> None:
    """The starting list of search synonyms, as migration 0005 puts it in place (for a
    database emptied since): pairs already there, and the administrators' own, stay."""
    for phrase, means in json.loads(path.read_text(encoding="utf-8"))["synonyms"]:
        SearchSynonym.objects.get_or_create(phrase=phrase, means=means)


def apply_catalogue(
    *,
    commune: Commune,
    procedures: list[ProcedureRow],
    errors: list[str],
    deactivate_missing: bool,
) -> ImportResult:
    """Validate everything, then write everything in one transaction, or nothing at all."""
    errors = errors + check_catalogue(procedures)
    if errors:
        return ImportResult(errors=errors)
    try:
        with transaction.atomic():
            result = _write(commune, procedures, deactivate_missing)
            # Deactivation is one UPDATE, which sends no signal: forget every procedure.
            cache.PROCEDURE.forget(cache.EVERY)
            return result
    except ProtectedError:
        return ImportResult(
            errors=[
                "Không thể xóa kênh, giấy tờ hoặc bước xử lý đã được hồ sơ sử dụng; "
                "hãy giữ lại các dòng đó (có thể đặt 'Đang áp dụng' là 'Không')."
            ]
        )


def _write(
    commune: Commune, procedures: list[ProcedureRow], deactivate_missing: bool
) -> ImportResult:
    result = ImportResult()
    fields: dict[str, Field] = {}
    for row in procedures:
        name = row.row.values["field"]
        if fold(name) not in fields:
            fields[fold(name)] = get_or_create_field(name=name)
        _, created = _write_procedure(commune, row, fields[fold(name)])
        result.created += created
        result.updated += not created
    if deactivate_missing:
        codes = [row.code for row in procedures]
        stale = Procedure.objects.filter(commune=commune, is_active=True)
        result.deactivated = stale.exclude(national_code__in=codes).update(is_active=False)
    return result


def _write_procedure(commune: Commune, row: ProcedureRow, field: Field) -> tuple[Procedure, bool]:
    values = {key: value for key, value in row.row.values.items() if key != "national_code"}
    values["field"] = field
    values["boundary_free"] = bool(values.get("boundary_free"))  # blank: not on the list
    if values["deadline_same_day"]:
        values["deadline_working_days"] = 0
    values["search_text"] = procedure_search_text(
        name=values["name"], code=row.code, field_name=field.name
    )
    procedure, created = Procedure.objects.update_or_create(
        commune=commune, national_code=row.code, defaults=values
    )
    _replace_children(procedure, ChannelOption, "channel", row.channels)
    _replace_children(procedure, RequiredDocument, "order", row.documents)
    _replace_children(procedure, ProcessingStep, "order", row.steps)
    return procedure, created


def _replace_children(procedure: Procedure, model: type, key: str, rows: list[ParsedRow]) -> None:
    """Update children in place by their key, then drop those the rows no longer list."""
    keys = []
    for row in rows:
        values = {name: value for name, value in row.values.items() if name != "national_code"}
        keys.append(values.pop(key))
        model.objects.update_or_create(procedure=procedure, **{key: keys[-1]}, defaults=values)
    model.objects.filter(procedure=procedure).exclude(**{f"{key}__in": keys}).delete()


# --- Fields and the search index -----------------------------------------------------------


def procedure_search_text(*, name: str, code: str, field_name: str) -> str:
    return fold(f"{name} {code} {field_name}")


def get_or_create_field(*, name: str) -> Field:
    """The field with this name (ignoring case and diacritics), created when new."""
    existing = Field.objects.filter(search_text=fold(name)).first()
    if existing is not None:
        return existing
    base = slugify(fold(name)) or "linh-vuc"
    code, suffix = base, 2
    while Field.objects.filter(code=code).exists():
        code, suffix = f"{base}-{suffix}", suffix + 1
    return Field.objects.create(code=code, name=name.strip(), search_text=fold(name))


@transaction.atomic
def rename_field(*, field: Field, name: str) -> Field:
    """Rename a field and refresh the search text of its procedures."""
    field.name = name.strip()
    field.search_text = fold(field.name)
    field.save()
    for procedure in field.procedures.all():
        index_procedure(procedure)
    return field


def index_procedure(procedure: Procedure) -> None:
    """Recompute a procedure's folded search text after it was edited (e.g. in the admin)."""
    procedure.search_text = procedure_search_text(
        name=procedure.name, code=procedure.national_code, field_name=procedure.field.name
    )
    if procedure.deadline_same_day:
        procedure.deadline_working_days = 0
    procedure.save(update_fields=["search_text", "deadline_working_days"])


def set_boundary_free(*, province_code: int, national_codes: Iterable[str]) -> int:
    """Apply the province's published list of procedures received regardless of
    administrative boundaries (Decree 118/2025/NĐ-CP) to every commune of the province: the
    procedures with these codes are on it, every other one is not. Returns how many
    procedures are on it."""
    codes = set(national_codes)
    with transaction.atomic():
        procedures = Procedure.objects.filter(commune__province_code=province_code)
        procedures.exclude(national_code__in=codes).update(boundary_free=False)
        count = procedures.filter(national_code__in=codes).update(boundary_free=True)
    cache.PROCEDURE.forget(cache.EVERY)  # an UPDATE sends no signal
    return count
