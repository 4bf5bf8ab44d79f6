from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from phuongso.resolution.models import (
    ActualValue,
    ChangeRecord,
    Indicator,
    Programme,
    ProgressReport,
    Resolution,
    Task,
)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (
        Resolution, Indicator, Programme, Task, ProgressReport, ActualValue, ChangeRecord))  # fmt: skip


def test_seeding_twice_changes_nothing_the_second_time(commune) -> None:
    out = io.StringIO()
    call_command("seed_resolution", stdout=out)
    assert "6 chỉ tiêu, 7 chương trình" in out.getvalue()
    first = counts()
    call_command("seed_resolution", "--commune", "7909", stdout=io.StringIO())
    assert counts() == first


def test_the_thanh_mieu_resolution_holds_the_congress_figures(resolution) -> None:
    assert resolution.term == "2025–2030"
    figures = {i.code: (i.baseline_value, i.target_value, i.target_comparator)
               for i in resolution.indicators.all()}  # fmt: skip
    assert figures == {
        "thu-ngan-sach": (Decimal("410.6"), Decimal("632"), "over"),
        "von-dau-tu": (Decimal("15219"), Decimal("20000"), "at_least"),
        "ho-ngheo": (Decimal("0.35"), None, "basically_none"),
        "ho-can-ngheo": (Decimal("0.27"), None, ""),
        "ky-nang-so": (None, Decimal("100"), "at_least"),
        "ho-so-toan-trinh": (None, Decimal("80"), "at_least"),
    }
    poverty = resolution.indicators.get(code="ho-ngheo")
    assert "«tỷ lệ hộ cận nghèo là 0,35% và hộ cận nghèo chỉ còn 0.27%»" in poverty.note
    kinds = list(resolution.programmes.values_list("kind", flat=True))
    assert kinds.count("breakthrough") == 2
    assert all(task.lead_unit.commune_id == resolution.commune_id for task in Task.objects.all())


def test_a_commune_without_a_data_file_is_refused_clearly(commune, other_commune) -> None:
    with pytest.raises(CommandError, match="Không có tệp dữ liệu nghị quyết resolution-7900"):
        call_command("seed_resolution", "--commune", "7900", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Chưa có xã, phường mã 1"):
        call_command("seed_resolution", "--commune", "1", stdout=io.StringIO())
