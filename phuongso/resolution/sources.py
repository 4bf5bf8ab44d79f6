"""Computed indicators: a key names a function in the module that holds the facts.

Each function has the signature `(*, commune, start: date, end: date) -> Figure` and is
imported when called, so an indicator whose module is not installed yet says "Chưa có nguồn
số liệu" instead of breaking the page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.models import Model
from django.utils.module_loading import import_string

from phuongso.core.figures import Figure
from phuongso.core.models import Commune

logger = logging.getLogger(__name__)

NO_SOURCE = "Chưa có nguồn số liệu"


@dataclass(frozen=True)
class Source:
    key: str
    path: str
    label: str
    # The records behind the numerator, for the drill-down (None: not listed here).
    record_model: str | None = None
    record_columns: tuple[tuple[str, str], ...] = ()


REGISTRY: dict[str, Source] = {
    source.key: source
    for source in (
        Source(
            key="quality.fully_online_dossiers",
            path="phuongso.quality.indicators.fully_online_dossiers",
            label="Một cửa điện tử: hồ sơ xử lý trực tuyến toàn trình",
            record_model="dossiers.Dossier",
            record_columns=(
                ("code", "Mã hồ sơ"),
                ("procedure", "Thủ tục"),
                ("get_channel_display", "Kênh"),
                ("received_at", "Tiếp nhận lúc"),
                ("get_status_display", "Trạng thái"),
            ),
        ),
        Source(
            key="training.digital_skills_rate",
            path="phuongso.training.figures.digital_skills_rate",
            label="Sổ bồi dưỡng kỹ năng số của cán bộ, công chức",
        ),
        Source(
            key="households.poor_household_rate",
            path="phuongso.households.figures.poor_household_rate",
            label="Kết quả rà soát hộ nghèo (chuẩn nghèo đa chiều)",
        ),
        Source(
            key="households.near_poor_household_rate",
            path="phuongso.households.figures.near_poor_household_rate",
            label="Kết quả rà soát hộ cận nghèo (chuẩn nghèo đa chiều)",
        ),
    )
}


def get_source(key: str) -> Source | None:
    return REGISTRY.get(key)


def is_available(key: str) -> bool:
    source = REGISTRY.get(key)
    if source is None:
        return False
    try:
        import_string(source.path)
    except ImportError:
        return False
    return True


def compute(key: str, *, commune: Commune, start: date, end: date) -> Figure | None:
    """The figure for the period, or None when the source module is not there (yet)."""
    source = REGISTRY.get(key)
    if source is None:
        return None
    try:
        function = import_string(source.path)
    except ImportError:
        logger.info("Computed indicator %s: %s is not available", key, source.path)
        return None
    try:
        # A savepoint, so that a source whose tables are not migrated yet leaves the
        # surrounding transaction usable (PostgreSQL) and the page says "no source".
        with transaction.atomic():
            return function(commune=commune, start=start, end=end)
    except DatabaseError:
        logger.exception("Computed indicator %s: %s failed", key, source.path)
        return None


def records(key: str, ids: tuple[int, ...]) -> list[Model] | None:
    """The records behind a figure's numerator, when the source says how to list them."""
    source = REGISTRY.get(key)
    if source is None or source.record_model is None:
        return None
    try:
        model = apps.get_model(source.record_model)
    except LookupError:
        return None
    return list(model.objects.filter(pk__in=ids).order_by("pk")[:500])
