"""The periodic report the ward writes: «Báo cáo tình hình thực hiện Nghị quyết».

One Django template renders it; WeasyPrint turns it into a PDF with the Noto Serif font from
its package, and the same HTML served as application/msword opens in Word (.doc).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import fontpkg_noto_serif
from django.template.loader import render_to_string
from django.utils import timezone

from phuongso.resolution.evaluation import Evaluation, PeriodRow, evaluate_all
from phuongso.resolution.formatting import ROMAN, official_date, place_name
from phuongso.resolution.models import Indicator, Resolution, Task
from phuongso.resolution.progress import IndicatorStatus
from phuongso.resolution.tracking import ProgrammeRow, TaskRow, by_unit, programme_rows

FONT_DIR = Path(fontpkg_noto_serif.__file__).parent / "files"
PDF = "application/pdf"
WORD = "application/msword"


@dataclass
class IndicatorLine:
    evaluation: Evaluation
    row: PeriodRow | None
    note: str = ""

    @property
    def indicator(self) -> Indicator:
        return self.evaluation.indicator

    @property
    def status(self) -> IndicatorStatus:
        if not self.evaluation.source_available:
            return IndicatorStatus.NO_SOURCE
        return self.row.status if self.row else IndicatorStatus.NO_DATA


@dataclass
class ReportData:
    resolution: Resolution
    year: int
    quarter: int
    as_of: date
    written_on: date
    lines: list[IndicatorLine] = field(default_factory=list)
    programmes: list[ProgrammeRow] = field(default_factory=list)
    overdue: list[tuple[object, list[TaskRow]]] = field(default_factory=list)
    stalled: list[TaskRow] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        if self.quarter:
            return f"quý {ROMAN[self.quarter]} năm {self.year}"
        return f"năm {self.year}"

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        counts: dict[IndicatorStatus, int] = {}
        for line in self.lines:
            status = line.status
            counts[status] = counts.get(status, 0) + 1
        return [(s.value, s.label, counts[s]) for s in IndicatorStatus if s in counts]

    @property
    def filename(self) -> str:
        period = f"{self.year}-quy-{self.quarter}" if self.quarter else str(self.year)
        return f"bao-cao-thuc-hien-nghi-quyet-{self.resolution.commune.code}-{period}"


def period_end(year: int, quarter: int) -> date:
    if quarter in (0, 4):
        return date(year, 12, 31)
    return date(year, 3 * quarter + 1, 1) - timedelta(days=1)


def _line(evaluation: Evaluation, year: int, quarter: int) -> IndicatorLine:
    """The period's row; a year without its yearly figure shows its latest quarter."""
    row = evaluation.row(year, quarter)
    if quarter or (row is not None and row.value is not None):
        return IndicatorLine(evaluation=evaluation, row=row)
    quarters = [q for q in evaluation.quarters_of(year) if q.value is not None]
    if not quarters:
        return IndicatorLine(evaluation=evaluation, row=row)
    latest = quarters[-1]
    note = f"Số liệu {latest.label.lower()}, so với kế hoạch đến hết quý (chưa có số liệu cả năm)."
    return IndicatorLine(evaluation=evaluation, row=latest, note=note)


def build_report(
    resolution: Resolution, *, year: int, quarter: int, today: date | None = None
) -> ReportData:
    """Figures of the period; tasks as of the end of the period (or today, if sooner)."""
    today = today or timezone.localdate()
    as_of = min(period_end(year, quarter), today)
    indicators = list(
        resolution.indicators.select_related("resolution__commune").prefetch_related(
            "actuals", "planned_values"
        )
    )
    evaluations = evaluate_all(indicators, today=as_of)
    data = ReportData(resolution=resolution, year=year, quarter=quarter, as_of=as_of,
                      written_on=today)  # fmt: skip
    data.lines = [_line(evaluation, year, quarter) for evaluation in evaluations]
    tasks = Task.objects.filter(plan__programme__resolution=resolution, start_date__lte=as_of)
    data.programmes = programme_rows(resolution, tasks=tasks, today=as_of)
    everything = [row for programme in data.programmes for row in programme.tasks]
    data.overdue = by_unit([row for row in everything if row.overdue])
    data.stalled = [row for row in everything if row.stalled and not row.overdue]
    return data


def render_html(data: ReportData, *, for_word: bool = False) -> str:
    return render_to_string(
        "resolution/report_document.html",
        {"data": data, "for_word": for_word, "font_dir": FONT_DIR.as_uri(),
         "written": official_date(data.written_on), "place": place_name(data.resolution.commune)},
    )  # fmt: skip


def render_pdf(data: ReportData) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(data), base_url=str(FONT_DIR)).write_pdf()


def render_word(data: ReportData) -> bytes:
    """HTML that Word opens as a document (.doc), UTF-8 with a byte order mark."""
    return "\ufeff".encode() + render_html(data, for_word=True).encode("utf-8")
