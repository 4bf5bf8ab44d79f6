"""Small charts drawn on the server as inline SVG: no script, no external file.

Each chart carries its own text alternative (role="img" with an aria-label), and the same
numbers are printed next to it, so a screen reader loses nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from phuongso.core.text import format_number

BAR = "#0b4fa8"
BAR_LOW = "#a50e0e"
GRID = "#d7dbe2"
TARGET = "#1e6b35"


def _number(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "không có số liệu"
    text = format_number(value, 2 if value % 1 else 0)
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def trend(
    points: list[tuple[str, Decimal | None]],
    *,
    unit: str = "%",
    threshold: Decimal | None = None,
    title: str = "",
    higher_is_better: bool = True,
) -> SafeString:
    """Monthly bars with the full-score threshold as a dashed line (rates scale to 100%)."""
    width, height, left, bottom, top = 300, 96, 4, 18, 10
    values = [value for _, value in points if value is not None]
    scale = Decimal(100) if unit == "%" else max(values + [Decimal(1)]) * Decimal("1.2")
    inner = height - bottom - top
    slot = (width - 2 * left) / max(len(points), 1)
    parts = [
        f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="{GRID}"/>'
    ]
    if threshold is not None and unit == "%":
        y = height - bottom - float(threshold / scale) * inner
        parts.append(
            f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{TARGET}" '
            'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    for index, (label, value) in enumerate(points):
        x = left + index * slot
        if value is not None:
            bar = max(float(min(value, scale) / scale) * inner, 1.0)
            low = threshold is not None and (value < threshold) == higher_is_better
            colour = BAR_LOW if low else BAR
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{height - bottom - bar:.1f}" '
                f'width="{slot * 0.7:.1f}" height="{bar:.1f}" fill="{colour}" rx="1.5"/>'
            )
        if index in (0, len(points) - 1):
            anchor = "start" if index == 0 else "end"
            tx = x if index == 0 else x + slot
            parts.append(
                f'<text x="{tx:.1f}" y="{height - 4}" text-anchor="{anchor}" '
                f'class="chart-axis">{escape(label)}</text>'
            )
    summary = "; ".join(f"{label}: {_number(value, unit)}" for label, value in points)
    label = f"{title} theo tháng. {summary}" if title else summary
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<svg class="chart quality-trend" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" focusable="false">{"".join(parts)}</svg>'
    )


def bars(rows: list[tuple[str, Decimal | None, Decimal]], *, title: str) -> SafeString:
    """Horizontal bars: points earned out of the maximum, one row per group."""
    width, row_height, label_width = 520, 30, 190
    height = row_height * len(rows) + 6
    parts = []
    for index, (name, value, top) in enumerate(rows):
        y = index * row_height + 4
        span = width - label_width - 70
        parts.append(
            f'<text x="0" y="{y + 16}" class="chart-axis">{escape(name)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{span}" height="16" fill="#eef1f6" rx="3"/>'
        )
        if value is not None and top:
            share = float(min(value, top) / top)
            colour = BAR if share >= 0.8 else BAR_LOW
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{span * share:.1f}" height="16" '
                f'fill="{colour}" rx="3"/>'
            )
        text = "chưa đo" if value is None else f"{format_number(value, 2)}/{format_number(top, 2)}"
        parts.append(
            f'<text x="{width}" y="{y + 16}" text-anchor="end" class="chart-value">{text}</text>'
        )
    summary = "; ".join(
        f"{name}: {'chưa đo' if value is None else format_number(value, 2)} trên "
        f"{format_number(top, 2)} điểm"
        for name, value, top in rows
    )
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<svg class="chart quality-bars" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}: {escape(summary)}" focusable="false">{"".join(parts)}</svg>'
    )
