"""Load a commune's resolution from its data file (resolution/data/resolution-<code>.json).

Idempotent: the resolution, indicators, programmes, plans and tasks are matched by their
keys and updated; figures and progress reports are added through the services (so they
have their history) only when missing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from phuongso.core.models import Commune, GovernmentUnit
from phuongso.resolution import services
from phuongso.resolution.models import (
    ActualValue,
    Indicator,
    Plan,
    Programme,
    Resolution,
    Task,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


class SeedError(Exception):
    pass


@dataclass
class SeedResult:
    resolution: Resolution
    indicators: int = 0
    programmes: int = 0
    tasks: int = 0
    actuals_added: int = 0
    reports_added: int = 0


def data_file(commune_code: int) -> Path:
    return DATA_DIR / f"resolution-{commune_code}.json"


def read_data(commune_code: int) -> dict[str, Any]:
    path = data_file(commune_code)
    if not path.exists():
        raise SeedError(
            f"Không có tệp dữ liệu nghị quyết {path.name} cho xã, phường mã {commune_code}."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def _decimal(value: str | int | float | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=timezone.get_current_timezone())


class Seeder:
    def __init__(self, commune: Commune, data: dict[str, Any]) -> None:
        self.commune = commune
        self.data = data
        self.units = {unit.kind: unit for unit in commune.units.order_by("-pk")}
        self.indicators: dict[str, Indicator] = {}

    def unit(self, kind: str | None) -> GovernmentUnit | None:
        if not kind:
            return None
        if kind not in self.units:
            raise SeedError(f"{self.commune.name} chưa có đơn vị loại «{kind}».")
        return self.units[kind]

    def run(self) -> SeedResult:
        with transaction.atomic():
            resolution = self.resolution()
            result = SeedResult(resolution=resolution)
            for order, item in enumerate(self.data["indicators"], start=1):
                self.indicators[item["code"]] = self.indicator(resolution, order, item)
            result.indicators = len(self.indicators)
            for item in self.data.get("actuals", []):
                result.actuals_added += self.actual(item)
            for order, item in enumerate(self.data.get("programmes", []), start=1):
                programme = self.programme(resolution, order, item)
                result.programmes += 1
                for plan_order, plan_item in enumerate(item.get("plans", []), start=1):
                    plan = self.plan(programme, plan_order, plan_item)
                    for task_item in plan_item.get("tasks", []):
                        task = self.task(plan, task_item)
                        result.tasks += 1
                        result.reports_added += self.reports(task, task_item)
        return result

    def resolution(self) -> Resolution:
        item = self.data["resolution"]
        resolution, _ = Resolution.objects.update_or_create(
            commune=self.commune, term_start=item["term_start"],
            defaults={"title": item["title"], "term_end": item["term_end"],
                      "adopted_on": _date(item.get("adopted_on")),
                      "source": item.get("source", ""), "note": item.get("note", "")},
        )  # fmt: skip
        return resolution

    def indicator(self, resolution: Resolution, order: int, item: dict[str, Any]) -> Indicator:
        baseline, target = item.get("baseline") or {}, item["target"]
        indicator, _ = Indicator.objects.update_or_create(
            resolution=resolution, code=item["code"],
            defaults={
                "order": order, "name": item["name"], "unit": item["unit"],
                "kind": item["kind"], "measure": item["measure"],
                "direction": item["direction"], "path_method": item.get("path_method", ""),
                "baseline_year": baseline.get("year"),
                "baseline_value": _decimal(baseline.get("value")),
                "baseline_source": baseline.get("source", ""),
                "target_year": target["year"], "target_value": _decimal(target.get("value")),
                "target_comparator": target.get("comparator", ""),
                "target_tolerance": _decimal(target.get("tolerance")),
                "target_text": target.get("text", ""),
                "source_function": item.get("source_function", ""),
                "responsible_unit": self.unit(item.get("responsible_unit_kind")),
                "note": item.get("note", ""),
            },
        )  # fmt: skip
        return indicator

    def actual(self, item: dict[str, Any]) -> int:
        indicator = self.indicators[item["indicator"]]
        quarter = item.get("quarter", 0)
        if ActualValue.objects.filter(indicator=indicator, year=item["year"],
                                      quarter=quarter).exists():  # fmt: skip
            return 0
        services.record_actual(indicator=indicator, year=item["year"], quarter=quarter,
                               value=item["value"], source=item["source"], actor=None)  # fmt: skip
        return 1

    def programme(self, resolution: Resolution, order: int, item: dict[str, Any]) -> Programme:
        programme, _ = Programme.objects.update_or_create(
            resolution=resolution, name=item["name"],
            defaults={"order": order, "kind": item["kind"],
                      "description": item.get("description", ""),
                      "lead_unit": self.unit(item.get("lead_unit_kind"))},
        )  # fmt: skip
        return programme

    def plan(self, programme: Programme, order: int, item: dict[str, Any]) -> Plan:
        plan, _ = Plan.objects.update_or_create(
            programme=programme, name=item["name"],
            defaults={"order": order, "document_number": item.get("document_number", ""),
                      "issued_on": _date(item.get("issued_on"))},
        )  # fmt: skip
        return plan

    def task(self, plan: Plan, item: dict[str, Any]) -> Task:
        existing = plan.tasks.filter(name=item["name"]).first()
        if existing is not None:
            return existing
        start = _date(item["start_date"])
        return services.create_task(
            plan=plan, actor=None, name=item["name"], description=item.get("description", ""),
            lead_unit=self.unit(item["lead_unit_kind"]), start_date=start,
            deadline=_date(item["deadline"]),
            coordinating_units=[self.unit(k) for k in item.get("coordinating_unit_kinds", [])],
            indicators=[self.indicators[code] for code in item.get("indicators", [])],
            at=_moment(min(start, plan.issued_on or start)),
        )  # fmt: skip

    def reports(self, task: Task, item: dict[str, Any]) -> int:
        if task.reports.exists():
            return 0
        added = 0
        for report in sorted(item.get("reports", []), key=lambda r: r["reported_on"]):
            day = _date(report["reported_on"])
            task.refresh_from_db()
            services.report_progress(task=task, actor=None, percent=report["percent"],
                                     text=report["text"], reported_on=day, at=_moment(day))  # fmt: skip
            added += 1
        return added


def seed_resolution(*, commune_code: int) -> SeedResult:
    commune = Commune.objects.filter(code=commune_code).first()
    if commune is None:
        raise SeedError(
            f"Chưa có xã, phường mã {commune_code}: chạy load_demo (hoặc configure_commune) trước."
        )
    return Seeder(commune, read_data(commune_code)).run()
