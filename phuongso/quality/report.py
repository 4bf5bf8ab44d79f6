"""The figures of a slice as plain data: what the API returns and the export writes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from phuongso.quality import indicators
from phuongso.quality.scoring import Scorecard, score_slice
from phuongso.quality.slices import Slice, totals


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rates(figure: Any) -> dict[str, Any]:
    """3.3 also says the sync rate (1.4) it used and both rates: the ward's own and × 1.4."""
    if not isinstance(figure, indicators.NationalShareFigure):
        return {}
    return {
        "sync_rate": _number(figure.sync_rate),
        "local_rate": _number(figure.local_rate),
        "national_rate": _number(figure.rate),
    }


def indicator_rows(card: Scorecard) -> list[dict[str, Any]]:
    return [
        _rates(score.figure)
        | {
            "id": score.indicator.id,
            "name": score.indicator.name,
            "group": score.indicator.group,
            "numerator": score.figure.numerator,
            "denominator": score.figure.denominator,
            "rate": _number(score.figure.rate),
            "unit": score.indicator.unit,
            "points": _number(score.points),
            "max_points": _number(score.max_points) if score.scored else None,
            "threshold": _number(score.indicator.threshold) if score.scored else None,
            "formula": score.figure.formula,
        }
        for score in card.scores
    ]


def report(s: Slice) -> dict[str, Any]:
    card = score_slice(s)
    freshness = totals(s).freshness
    return {
        "from": s.start,
        "to": s.end,
        "commune": s.commune.code,
        "commune_name": s.commune.name,
        "indicators": indicator_rows(card),
        "groups": [
            {
                "key": group.key,
                "name": group.name,
                "points": _number(group.points),
                "max_points": _number(group.max_points),
            }
            for group in card.groups
        ],
        "total_points": float(card.total_points),
        "max_points": float(card.max_points),
        # A total over fewer indicators than the national one is partial: no score out of 100.
        "score": None if card.partial else _number(card.total_points),
        "partial": card.partial,
        "national_points": float(card.national_points),
        "counts": {count.key: count.value for count in indicators.counts(s)},
        "as_of": freshness.as_of,
        "stale": freshness.stale,
    }
