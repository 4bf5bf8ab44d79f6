"""Writes to communes and their structure: loading the province, configuring a commune."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from vietnam_provinces import Province, ProvinceCode, Ward

from phuongso.core.models import (
    Commune,
    DivisionType,
    FormerUnit,
    GovernmentUnit,
    ResidentialGroup,
)

COMMUNE_DATA_DIR = Path(__file__).resolve().parent / "data" / "communes"

_DIVISION_TYPES = {
    "phường": DivisionType.WARD,
    "xã": DivisionType.COMMUNE,
    "đặc khu": DivisionType.SPECIAL_ZONE,
}


@transaction.atomic
def load_province_communes(*, province_code: int) -> int:
    """Create or update the province's communal units from the national register.

    Idempotent: run it again after a boundary change and the names follow.
    Returns the number of communes of the province.
    """
    province = Province.from_code(ProvinceCode(province_code))
    count = 0
    for ward in Ward.iter_by_province(ProvinceCode(province_code)):
        Commune.objects.update_or_create(
            code=int(ward.code),
            defaults={
                "name": ward.name,
                "division_type": _DIVISION_TYPES[ward.division_type.value],
                "province_code": province_code,
                "province_name": province.name,
            },
        )
        count += 1
    return count


def read_commune_file(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def configure_commune(data: dict[str, Any]) -> Commune:
    """Apply a commune's configuration (former units, residential groups, units). Idempotent."""
    commune = Commune.objects.get(code=data["code"])
    commune.agency_code = data.get("agency_code", commune.agency_code)
    commune.address = data.get("address", commune.address)
    commune.is_configured = True
    commune.save()

    former = {}
    for item in data["former_units"]:
        former[item["code"]], _ = FormerUnit.objects.update_or_create(
            commune=commune,
            code=item["code"],
            defaults={"name": item["name"], "kind": item["kind"]},
        )
    is_demo = bool(data.get("residential_groups_are_demo", False))
    for item in data.get("residential_groups", []):
        ResidentialGroup.objects.update_or_create(
            commune=commune,
            name=item["name"],
            defaults={
                "former_unit": former[item["former_unit_code"]],
                "area": item.get("area", "urban"),
                "is_demo": is_demo,
            },
        )
    for item in data.get("units", []):
        GovernmentUnit.objects.update_or_create(
            commune=commune,
            name=item["name"],
            defaults={
                "short_name": item.get("short_name", ""),
                "kind": item["kind"],
                "is_one_stop": item.get("is_one_stop", False),
                "has_own_system": item.get("has_own_system", False),
            },
        )
    return commune
