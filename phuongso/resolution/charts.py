"""Server-rendered inline SVG: an indicator's actual figures against its planned path, with
the target as a horizontal line. No script, no external file; the numbers are also in a table
next to each chart for screen readers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from phuongso.resolution.evaluation import Evaluation
from phuongso.resolution.formatting import number, with_unit

PATH_COLOUR = "#4f5868"
ACTUAL_COLOUR = "#0b4fa8"
TARGET_COLOUR = "#a50e0e"


@dataclass(frozen=True)
class Frame:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    first_year: int
    last_year: int
    top_value: Decimal

    def x(self, year: int) -> float:
        span = max(self.last_year - self.first_year, 1)
        inner = self.width - self.left - self.right
        return round(self.left + inner * (year - self.first_year) / span, 1)

    def y(self, value: Decimal) -> float:
        inner = self.height - self.top - self.bottom
        share = float(value / self.top_value) if self.top_value else 0.0
        return round(self.height - self.bottom - inner * share, 1)


def _top(values: list[Decimal]) -> Decimal:
    highest = max(values, default=Decimal(1)) or Decimal(1)
    return highest * Decimal("1.15")


def _polyline(points: list[tuple[float, float]], colour: str, *, dashed: bool = False) -> str:
    if not points:
        return ""
    coords = " ".join(f"{x},{y}" for x, y in points)
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'


def _dots(points: list[tuple[float, float]], colour: str, radius: float) -> str:
    return "".join(f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{colour}"/>' for x, y in points)


def _axes(frame: Frame, compact: bool) -> str:
    parts = [
        f'<line x1="{frame.left}" y1="{frame.height - frame.bottom}" '
        f'x2="{frame.width - frame.right}" y2="{frame.height - frame.bottom}" stroke="#8a93a3"/>'
    ]
    step = 1 if not compact or frame.last_year - frame.first_year <= 5 else 2
    for year in range(frame.first_year, frame.last_year + 1, step):
        parts.append(
            f'<text x="{frame.x(year)}" y="{frame.height - frame.bottom + 16}" '
            f'text-anchor="middle" class="chart-axis">{year}</text>'
        )
    if not compact:
        for share in (Decimal(0), Decimal("0.5"), Decimal(1)):
            value = frame.top_value / Decimal("1.15") * share
            y = frame.y(value)
            parts.append(
                f'<line x1="{frame.left}" y1="{y}" x2="{frame.width - frame.right}" y2="{y}" '
                'stroke="#e3e6eb"/>'
                f'<text x="{frame.left - 6}" y="{y + 4}" text-anchor="end" '
                f'class="chart-axis">{escape(number(value, 0 if value >= 100 or not value else 1))}</text>'
            )
    return "".join(parts)


def _target(frame: Frame, evaluation: Evaluation, compact: bool) -> str:
    if evaluation.target is None:
        return ""
    y = frame.y(evaluation.target)
    label = "" if compact else (
        f'<text x="{frame.width - frame.right}" y="{y - 6}" text-anchor="end" '
        f'class="chart-target-label">Mục tiêu {evaluation.indicator.target_year}: '
        f"{escape(evaluation.target_phrase)}</text>"
    )  # fmt: skip
    return (
        f'<line x1="{frame.left}" y1="{y}" x2="{frame.width - frame.right}" y2="{y}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="2 3"/>{label}'
    )


def _value_labels(frame: Frame, actual: list[tuple[int, Decimal]]) -> str:
    return "".join(
        f'<text x="{frame.x(year)}" y="{frame.y(value) - 9}" text-anchor="middle" '
        f'class="chart-value">{escape(number(value))}</text>'
        for year, value in actual
    )


def _legend(frame: Frame) -> str:
    y = 14
    items = ((PATH_COLOUR, "Lộ trình", "6 4"), (ACTUAL_COLOUR, "Thực hiện", ""),
             (TARGET_COLOUR, "Mục tiêu", "2 3"))  # fmt: skip
    parts = []
    x = frame.left
    for colour, label, pattern in items:
        dash = f' stroke-dasharray="{pattern}"' if pattern else ""
        parts.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 24}" y2="{y}" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/><text x="{x + 30}" y="{y + 4}" class="chart-axis">'
            f"{label}</text>"
        )
        x += 110
    return "".join(parts)


def _description(evaluation: Evaluation) -> str:
    indicator = evaluation.indicator
    latest = evaluation.latest
    facts = [f"Mục tiêu {indicator.target_year}: {evaluation.target_phrase}."]
    if latest is not None:
        facts.append(
            f"{latest.label}: thực hiện {with_unit(latest.value, indicator.unit)}, "
            f"kế hoạch {with_unit(latest.planned, indicator.unit)}."
        )
    else:
        facts.append("Chưa có số liệu thực hiện.")
    return " ".join(facts)


def indicator_chart(evaluation: Evaluation, *, compact: bool = False) -> SafeString:
    """Planned path (dashed), yearly actuals (solid, with values) and the target line."""
    indicator = evaluation.indicator
    resolution = indicator.resolution
    path = sorted(evaluation.path.items())
    actual = [(row.year, row.value) for row in evaluation.years if row.value is not None]
    first = min([resolution.term_start] + [year for year, _ in path])
    last = max(resolution.term_end, indicator.target_year)
    values = [v for _, v in path] + [v for _, v in actual]
    if evaluation.target is not None:
        values.append(evaluation.target)
    width, height = (320, 150) if compact else (680, 270)
    frame = Frame(width=width, height=height, left=20 if compact else 64, right=22,
                  top=12 if compact else 30, bottom=24, first_year=first, last_year=last,
                  top_value=_top(values))  # fmt: skip
    path_points = [(frame.x(y), frame.y(v)) for y, v in path]
    actual_points = [(frame.x(y), frame.y(v)) for y, v in actual]
    title = f"{indicator.name}: thực hiện so với lộ trình và mục tiêu"
    chart_id = f"bieu-do-{indicator.pk}{'-gon' if compact else ''}"
    body = "".join([
        _axes(frame, compact), _target(frame, evaluation, compact),
        _polyline(path_points, PATH_COLOUR, dashed=True), _dots(path_points, PATH_COLOUR, 2.5),
        _polyline(actual_points, ACTUAL_COLOUR), _dots(actual_points, ACTUAL_COLOUR, 4.5),
        "" if compact else _value_labels(frame, actual) + _legend(frame),
    ])  # fmt: skip
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<svg class="chart{" chart-compact" if compact else ""}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(_description(evaluation))}</desc>{body}</svg>'
    )
