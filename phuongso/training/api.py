"""Training API: the digital-skills rate of the ward and of each unit (officials only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from phuongso.core.access import api_commune
from phuongso.core.figures import Figure
from phuongso.training import figures

router = Router(tags=["Bồi dưỡng kỹ năng số"])


class FigureOut(Schema):
    name: str
    numerator: int
    denominator: int
    rate: Decimal | None
    display: str


class RatesOut(Schema):
    commune: int
    end: dt.date
    source: str
    formula: str
    ward: FigureOut
    units: list[FigureOut]
    required_courses: list[str]


def _figure(name: str, figure: Figure) -> dict[str, Any]:
    return {
        "name": name,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "rate": figure.rate,
        "display": figure.display(),
    }


@router.get("/training/rates", response=RatesOut)
def digital_skills_rates(
    request: HttpRequest, commune: int | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """Officials who completed both required courses by `end` (default today), per unit and
    for the commune (officials of the commune; 403 for citizens)."""
    place = api_commune(request, commune)
    end = end or timezone.localdate()
    ward = figures.digital_skills_rate(commune=place, start=end, end=end)
    return {
        "commune": place.code,
        "end": end,
        "source": ward.source,
        "formula": ward.formula,
        "ward": _figure(place.name, ward),
        "units": [
            _figure(unit.name, unit.figure)
            for unit in figures.rates_by_unit(commune=place, end=end)
        ],
        "required_courses": [course.name for course in figures.resolution_courses()],
    }
