"""A computed figure: numerator, denominator, the rate, and where it came from.

Every figure on a dashboard says its source; computed figures also say their formula and
can list the records behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from phuongso.core.text import format_percent


@dataclass(frozen=True)
class Figure:
    numerator: int
    denominator: int
    source: str
    formula: str
    # Primary keys of the records counted in the numerator (for drill-down), when cheap.
    record_ids: tuple[int, ...] = field(default=(), compare=False)

    @property
    def rate(self) -> Decimal | None:
        """Percentage rounded to 2 decimals; None when there is nothing to divide (N/A)."""
        if not self.denominator:
            return None
        value = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def display(self) -> str:
        return "Không áp dụng" if self.rate is None else format_percent(self.rate)
