"""Service-quality indicators (Decision 766/QĐ-TTg), one function per indicator.

Each function takes a Slice (a commune, a period and optional filters) and returns a Figure
(numerator, denominator, rate, source, formula); each dossier indicator also has a drill-down
(`drill_<name>`) listing the dossiers of its denominator and saying which of them count in
the numerator. Each formula follows the primary text, index-766-formulas.md (the indicator
number is cited at each function); the sums come from the rollups of the dossiers' log
(slices.py, rollups.py), the national verdict from facts.py. 5.1–5.3 read the feedback app
(feedback_figures.py). Procedures handled elsewhere (`handled_elsewhere`) are never counted.

`fully_online_dossiers` keeps the signature `(*, commune, start, end)` that the
resolution's computed indicators call by dotted path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet

from phuongso.core import calendar
from phuongso.core.figures import Figure
from phuongso.core.models import Commune
from phuongso.core.text import format_number
from phuongso.dossiers.models import Dossier
from phuongso.procedures.models import OnlineLevel, Procedure, ResultKind
from phuongso.quality import conf, feedback_figures
from phuongso.quality.periods import Period
from phuongso.quality.slices import (
    OpenAtEnd,
    Slice,
    catalogue_of,
    elsewhere_ids,
    end_of_period_moment,
    procedures_in,
    totals,
)

SOURCE = "Hệ thống một cửa điện tử (nhật ký hồ sơ, tổng hợp theo ngày)"
CATALOGUE_SOURCE = "Danh mục thủ tục hành chính của xã, phường"
PERCENT = "%"
WORKING_DAYS = "ngày làm việc"


@dataclass(frozen=True)
class AverageFigure(Figure):
    """2.2: a mean working time, not a rate; the numerator is working time in seconds."""

    @property
    def rate(self) -> Decimal | None:
        """The mean in working days, rounded to 2 decimals; None when nothing ended."""
        if not self.denominator:
            return None
        day = Decimal(int(calendar.working_day_length().total_seconds()))
        value = Decimal(self.numerator) / Decimal(self.denominator) / day
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def display(self) -> str:
        rate = self.rate
        return "Không áp dụng" if rate is None else f"{format_number(rate, 2)} {WORKING_DAYS}"


@dataclass(frozen=True)
class Drill:
    """The records behind a figure: its denominator, and which of them are its numerator."""

    rows: QuerySet[Any]
    counted: Q
    order: tuple[str, ...] = ("-quality_fact__received_day", "pk")


def _is_document(s: Slice) -> Callable[[int], bool]:
    infos = catalogue_of(s)
    return lambda pk: pk in infos and infos[pk].document_result


def _where(s: Slice, test: Callable[[Any], bool]) -> Callable[[int], bool]:
    infos = catalogue_of(s)
    return lambda pk: pk in infos and test(infos[pk])


# --- 1. Transparency ------------------------------------------------------------------------------

NOT_SYNCED = "chưa đồng bộ"


@dataclass(frozen=True)
class SyncFigure(Figure):
    """1.4 before any national sync exists: measured zero, said so."""

    def display(self) -> str:
        return "Không áp dụng" if self.rate is None else f"0% ({NOT_SYNCED})"


def synced(s: Slice) -> Figure:
    """1.4 (index-766-formulas.md 1.4): dossiers synchronised to the national portal with a
    receipt date in the period ÷ dossiers received in the period. phuongso has no national
    sync yet (no outbox, no acknowledgement): measured zero, "chưa đồng bộ"."""
    t = totals(s)
    return SyncFigure(
        numerator=0,
        denominator=t.sum("received"),
        source="Đồng bộ Cổng Dịch vụ công quốc gia (chưa kết nối: chưa đồng bộ hồ sơ nào)",
        formula=(
            "Hồ sơ đã đồng bộ lên Cổng Dịch vụ công quốc gia có ngày tiếp nhận trong kỳ ÷ hồ sơ "
            "tiếp nhận trong kỳ (QĐ 766, chỉ số 1.4)"
        ),
    )


def drill_synced(s: Slice) -> Drill:
    return Drill(_dossiers(s, "received_day"), Q(pk__in=[]))


# --- 2. Timeliness -------------------------------------------------------------------------------


def on_time(s: Slice) -> Figure:
    """2.1 (index-766-formulas.md 2.1): dossiers processed early or on time, ended or still
    open, ÷ dossiers received or processed in the period: those whose national verdict fell in
    the period (facts.national_verdict: ending status or withdrawal after receipt, elapsed
    supplement time subtracted, more than one supplement request late) and those still open
    at the period's end, judged at its last day."""
    t = totals(s)
    at_end = t.at_end or OpenAtEnd()
    return Figure(
        numerator=t.sum("early") + t.sum("on_time") + at_end.in_time,
        denominator=t.sum("judged") + at_end.total,
        source=SOURCE,
        formula=(
            "Hồ sơ đã và đang xử lý trước hạn, đúng hạn ÷ hồ sơ tiếp nhận, xử lý trong kỳ (QĐ 766, "
            "chỉ số 2.1): kết thúc xử lý = xử lý xong, trả kết quả, dừng, từ chối hoặc công dân rút "
            "sau tiếp nhận; chờ bổ sung thì tính đến lúc yêu cầu; trừ thời gian bổ sung thực tế "
            "(từ lúc yêu cầu đến lúc bổ sung xong); yêu cầu bổ sung quá một lần là quá hạn; hồ sơ "
            "chưa kết thúc được đánh giá tại ngày cuối kỳ"
        ),
    )


def _open_at_end_q(s: Slice) -> Q:
    return Q(
        quality_fact__received_day__lte=s.end,
        quality_fact__national_due__isnull=False,
    ) & (Q(quality_fact__judged_day__isnull=True) | Q(quality_fact__judged_day__gt=s.end))


def _judged_in_period_q(s: Slice) -> Q:
    return Q(quality_fact__judged_day__gte=s.start, quality_fact__judged_day__lte=s.end) & ~Q(
        quality_fact__verdict=""
    )


def drill_on_time(s: Slice) -> Drill:
    rows = _dossiers(s, None).filter(_judged_in_period_q(s) | _open_at_end_q(s))
    counted = (_judged_in_period_q(s) & Q(quality_fact__verdict__in=["early", "on_time"])) | (
        _open_at_end_q(s) & Q(quality_fact__national_due__gte=end_of_period_moment(s))
    )
    return Drill(rows, counted, ("-quality_fact__judged_day", "pk"))


def processing_time(s: Slice) -> Figure:
    """2.2: total working time of the dossiers finished with a result ÷ their number."""
    t = totals(s)
    return AverageFigure(
        numerator=t.sum("processing_seconds"),
        denominator=t.sum("with_result"),
        source=SOURCE,
        formula=(
            "Tổng thời gian giải quyết (giờ làm việc, trừ thời gian chờ bổ sung) của hồ sơ có "
            "kết quả trong kỳ ÷ số hồ sơ đó; 1 ngày làm việc = giờ làm việc của phường"
        ),
    )


def drill_processing_time(s: Slice) -> Drill:
    rows = _dossiers(s, "ended_day").filter(quality_fact__with_result=True)
    return Drill(rows, Q(pk__in=[]), ("-quality_fact__processing_seconds", "pk"))


# --- 3. Online service and payment ---------------------------------------------------------------


def online_procedures(s: Slice) -> Figure:
    """3.1: procedures offered online ÷ the commune's procedures."""
    procedures = procedures_in(s)
    return Figure(
        numerator=sum(p.offers_online for p in procedures),
        denominator=len(procedures),
        source=CATALOGUE_SOURCE,
        formula="Thủ tục có dịch vụ công trực tuyến ÷ thủ tục của xã, phường (đang áp dụng)",
        record_ids=tuple(p.id for p in procedures if p.offers_online),
    )


def drill_online_procedures(s: Slice) -> Drill:
    procedures = procedures_in(s)
    ids = [p.id for p in procedures]
    counted = [p.id for p in procedures if p.offers_online]
    return _procedure_drill(ids, counted)


def used_online_services(s: Slice) -> Figure:
    """3.2: online services with at least one online dossier received ÷ online services."""
    t = totals(s)
    offered = [p for p in procedures_in(s) if p.offers_online]
    used = [p for p in offered if t.of(p.id, "online") > 0]
    return Figure(
        numerator=len(used),
        denominator=len(offered),
        source=SOURCE,
        formula="Dịch vụ công trực tuyến có ít nhất một hồ sơ trực tuyến trong kỳ ÷ dịch vụ công trực tuyến",
        record_ids=tuple(p.id for p in used),
    )


def drill_used_online_services(s: Slice) -> Drill:
    figure = used_online_services(s)
    offered = [p.id for p in procedures_in(s) if p.offers_online]
    return _procedure_drill(offered, list(figure.record_ids))


@dataclass(frozen=True)
class NationalShareFigure(Figure):
    """3.3 as the province sees it: the local rate × the sync rate 1.4 (numerator and
    denominator are the local ones; `rate` is the national one)."""

    sync_rate: Decimal | None = None

    @property
    def local_rate(self) -> Decimal | None:
        return Figure.rate.fget(self)  # type: ignore[attr-defined]

    @property
    def rate(self) -> Decimal | None:
        local = self.local_rate
        if local is None or self.sync_rate is None:
            return None
        value = local * self.sync_rate / 100
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def online_share(s: Slice) -> NationalShareFigure:
    """3.3 (index-766-formulas.md 3.3): dossiers received online (channel 2 and, where the
    result is a paper document, an electronic result) ÷ dossiers received in the period,
    × the sync rate 1.4. `local_rate` is the ward's own rate; `rate` the national view."""
    t = totals(s)
    document = _is_document(s)
    numerator = t.sum("online_file", document) + t.sum("online", lambda pk: not document(pk))
    return NationalShareFigure(
        numerator=numerator,
        denominator=t.sum("received"),
        source=SOURCE,
        formula=(
            "Hồ sơ nộp trực tuyến (có kết quả điện tử nếu kết quả là giấy tờ) ÷ hồ sơ tiếp "
            "nhận trong kỳ × tỷ lệ đồng bộ hồ sơ (chỉ số 1.4) (QĐ 766, chỉ số 3.3)"
        ),
        sync_rate=synced(s).rate,
    )


ONLINE_COUNTED = Q(quality_fact__online=True) & (
    ~Q(procedure__result_kind=ResultKind.DOCUMENT) | Q(quality_fact__has_result_file=True)
)


def drill_online_share(s: Slice) -> Drill:
    return Drill(_dossiers(s, "received_day"), ONLINE_COUNTED)


def fully_online_share(s: Slice) -> Figure:
    """The resolution's target ("tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến toàn trình đạt
    80%"): dossiers processed fully online (Decree 42/2022: submitted online, fee paid online
    where one applies, result returned electronically or by public post; facts.is_fully_online)
    ÷ every dossier received in the period."""
    t = totals(s)
    return Figure(
        numerator=t.sum("fully_online"),
        denominator=t.sum("received"),
        source="Hệ thống một cửa điện tử (hồ sơ tiếp nhận trong kỳ)",
        formula=(
            "Hồ sơ xử lý trực tuyến toàn trình (Nghị định 42/2022: nộp trực tuyến, nộp phí trực "
            "tuyến nếu có, trả kết quả điện tử hoặc qua bưu chính công ích — hệ thống chưa ghi "
            "nhận trả qua bưu chính nên chỉ tính trả kết quả điện tử) ÷ mọi hồ sơ tiếp nhận "
            "trong kỳ"
        ),
    )


def fully_online_among_eligible(s: Slice) -> Figure:
    """Beside the headline, labelled: the same over the procedures offered fully online."""
    t = totals(s)
    full = _where(s, lambda p: p.online_level == OnlineLevel.FULL)
    return Figure(
        numerator=t.sum("fully_online", full),
        denominator=t.sum("received", full),
        source="Hệ thống một cửa điện tử (hồ sơ của thủ tục cung cấp trực tuyến toàn trình)",
        formula=(
            "Hồ sơ xử lý trực tuyến toàn trình ÷ hồ sơ tiếp nhận trong kỳ của các thủ tục được "
            "cung cấp trực tuyến toàn trình"
        ),
    )


def drill_fully_online_share(s: Slice) -> Drill:
    return Drill(_dossiers(s, "received_day"), Q(quality_fact__fully_online=True))


def payable_online_procedures(s: Slice) -> Figure:
    """3.5: procedures with a fee that can be paid online ÷ procedures with a non-zero fee."""
    with_fee = [p for p in procedures_in(s) if p.has_fee]
    ready = [p for p in with_fee if p.offers_online]
    return Figure(
        numerator=len(ready),
        denominator=len(with_fee),
        source=CATALOGUE_SOURCE,
        formula=(
            "Thủ tục có phí, lệ phí được thanh toán trực tuyến (có dịch vụ trực tuyến, nộp phí "
            "qua cổng thanh toán) ÷ thủ tục có phí, lệ phí khác 0"
        ),
        record_ids=tuple(p.id for p in ready),
    )


def drill_payable_online_procedures(s: Slice) -> Drill:
    with_fee = [p for p in procedures_in(s) if p.has_fee]
    return _procedure_drill([p.id for p in with_fee], [p.id for p in with_fee if p.offers_online])


def paid_online(s: Slice) -> Figure:
    """3.6: dossiers whose fees were paid online ÷ dossiers with a non-zero fee."""
    t = totals(s)
    return Figure(
        numerator=t.sum("paid_online"),
        denominator=t.sum("fee"),
        source=SOURCE,
        formula="Hồ sơ nộp phí, lệ phí trực tuyến ÷ hồ sơ có phí, lệ phí tiếp nhận trong kỳ",
    )


def drill_paid_online(s: Slice) -> Drill:
    rows = _dossiers(s, "received_day").filter(quality_fact__fee=True)
    return Drill(rows, Q(quality_fact__paid_online=True))


# --- 4. Digitisation -------------------------------------------------------------------------------


def electronic_results(s: Slice) -> Figure:
    """4.1 (index-766-formulas.md 4.1): dossiers with an electronic result file, of procedures
    whose result is a paper document ÷ every dossier of those procedures in the period (not
    only finished ones)."""
    t = totals(s)
    document = _is_document(s)
    return Figure(
        numerator=t.sum("r_result_file", document),
        denominator=t.sum("received", document),
        source=SOURCE,
        formula=(
            "Hồ sơ có kết quả là giấy tờ được cấp bản điện tử ÷ mọi hồ sơ trong kỳ của các thủ "
            "tục có kết quả là giấy tờ (QĐ 766, chỉ số 4.1)"
        ),
    )


def drill_electronic_results(s: Slice) -> Drill:
    rows = _dossiers(s, "received_day").filter(procedure__result_kind=ResultKind.DOCUMENT)
    return Drill(rows, Q(quality_fact__has_result_file=True))


def digitised(s: Slice) -> Figure:
    """4.2 (index-766-formulas.md 4.2): dossiers whose components have files attached ("Có
    file đính kèm trong thành phần hồ sơ") and, where the result is a paper document, an
    electronic result ÷ every dossier of the period."""
    t = totals(s)
    document = _is_document(s)
    numerator = t.sum("r_digitised_file", document) + t.sum(
        "r_digitised", lambda pk: not document(pk)
    )
    return Figure(
        numerator=numerator,
        denominator=t.sum("received"),
        source=SOURCE,
        formula=(
            "Hồ sơ có thành phần đính kèm tệp và (nếu kết quả là giấy tờ) có kết quả điện tử ÷ "
            "mọi hồ sơ tiếp nhận trong kỳ (QĐ 766, chỉ số 4.2)"
        ),
    )


def drill_digitised(s: Slice) -> Drill:
    counted = Q(quality_fact__docs_with_file=True) & (
        ~Q(procedure__result_kind=ResultKind.DOCUMENT) | Q(quality_fact__has_result_file=True)
    )
    return Drill(_dossiers(s, "received_day"), counted)


def reused_data(s: Slice) -> Figure:
    """4.3: dossiers with at least one paper taken from the data store ÷ dossiers received."""
    t = totals(s)
    return Figure(
        numerator=t.sum("reused"),
        denominator=t.sum("received"),
        source=SOURCE,
        formula=(
            "Hồ sơ có ít nhất một thành phần lấy từ kho dữ liệu đã số hóa ÷ hồ sơ tiếp nhận "
            "trong kỳ"
        ),
    )


def drill_reused_data(s: Slice) -> Drill:
    return Drill(_dossiers(s, "received_day"), Q(quality_fact__reused=True))


# --- 5. Satisfaction -------------------------------------------------------------------------------


def satisfaction(s: Slice) -> Figure:
    """5.4 (index-766-formulas.md 5.4): 100% − (% late dossiers + % dossiers with a complaint
    or a "not satisfied" rating), both over 2.1's dossiers (judged in the period or open at its
    end); the numerator is that number − late − complained or not satisfied (never below 0)."""
    t = totals(s)
    at_end = t.at_end or OpenAtEnd()
    population = t.sum("judged") + at_end.total
    late = t.sum("late") + at_end.total - at_end.in_time
    unhappy = t.sum("unsatisfied") + at_end.unhappy
    return Figure(
        numerator=max(0, population - late - unhappy),
        denominator=population,
        source=SOURCE + ", đánh giá và phản ánh, kiến nghị của người dân",
        formula=(
            "100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có phản ánh, kiến nghị hoặc bị đánh giá "
            "«chưa hài lòng»), trên hồ sơ của chỉ số 2.1 (QĐ 766, chỉ số 5.4)"
        ),
    )


def drill_satisfaction(s: Slice) -> Drill:
    on_time_drill = drill_on_time(s)
    unhappy = Q(quality_fact__complained=True) | Q(
        quality_fact__rated=True, quality_fact__satisfied=False
    )
    return Drill(on_time_drill.rows, on_time_drill.counted & ~unhappy, on_time_drill.order)


# --- the registry ------------------------------------------------------------------------------------


GROUPS: dict[str, str] = {
    "transparency": "Công khai, minh bạch",
    "timeliness": "Tiến độ giải quyết",
    "online_service": "Dịch vụ trực tuyến",
    "online_payment": "Thanh toán trực tuyến",
    "satisfaction": "Mức độ hài lòng",
    "digitisation": "Số hóa hồ sơ",
}


def _report_drill(found: tuple[QuerySet[Any], Q]) -> Drill:
    rows, counted = found
    return Drill(rows.select_related("category"), counted, ("-received_at", "pk"))


def drill_feedback_classified(s: Slice) -> Drill:
    return _report_drill(feedback_figures.drill_classified(s))


def drill_feedback_on_time(s: Slice) -> Drill:
    return _report_drill(feedback_figures.drill_handled_on_time(s))


def drill_feedback_satisfaction(s: Slice) -> Drill:
    return _report_drill(feedback_figures.drill_satisfaction(s))


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    group: str
    compute: Callable[[Slice], Figure]
    drill: Callable[[Slice], Drill]
    unit: str = PERCENT
    short: str = ""

    @property
    def threshold(self) -> Decimal:
        return conf.threshold(self.id)

    @property
    def slug(self) -> str:
        return self.id.replace(".", "-")

    @property
    def lists_procedures(self) -> bool:
        return self.id in {"3.1", "3.2", "3.5"}

    @property
    def lists_reports(self) -> bool:
        return self.id in {"5.1", "5.2", "5.3"}


INDICATORS: tuple[Indicator, ...] = (
    Indicator("1.4", "Hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia", "transparency", synced,
              drill_synced, short="Đồng bộ"),
    Indicator("2.1", "Hồ sơ giải quyết trước hạn, đúng hạn", "timeliness", on_time,
              drill_on_time, short="Đúng hạn"),
    Indicator("2.2", "Thời gian giải quyết trung bình", "timeliness", processing_time,
              drill_processing_time, WORKING_DAYS, short="Thời gian TB"),
    Indicator("3.1", "Thủ tục có dịch vụ công trực tuyến", "online_service", online_procedures,
              drill_online_procedures, short="Có DVC trực tuyến"),
    Indicator("3.2", "Dịch vụ công trực tuyến có phát sinh hồ sơ", "online_service",
              used_online_services, drill_used_online_services, short="DVC có hồ sơ"),
    Indicator("3.3", "Hồ sơ trực tuyến", "online_service", online_share, drill_online_share,
              short="Trực tuyến"),
    Indicator("3.5", "Thủ tục có phí sẵn sàng thanh toán trực tuyến", "online_payment",
              payable_online_procedures, drill_payable_online_procedures, short="TTHC thanh toán TT"),
    Indicator("3.6", "Hồ sơ thanh toán trực tuyến", "online_payment", paid_online,
              drill_paid_online, short="Thanh toán TT"),
    Indicator("4.1", "Hồ sơ được cấp kết quả điện tử", "digitisation", electronic_results,
              drill_electronic_results, short="Kết quả điện tử"),
    Indicator("4.2", "Hồ sơ được số hóa", "digitisation", digitised, drill_digitised,
              short="Số hóa"),
    Indicator("4.3", "Hồ sơ khai thác lại dữ liệu số hóa", "digitisation", reused_data,
              drill_reused_data, short="Tái sử dụng"),
    Indicator("5.1", "Phản ánh, kiến nghị về thủ tục, hành vi cán bộ", "satisfaction",
              feedback_figures.classified, drill_feedback_classified, short="PAKN thủ tục"),
    Indicator("5.2", "Phản ánh, kiến nghị xử lý đúng hạn", "satisfaction",
              feedback_figures.handled_on_time, drill_feedback_on_time, short="PAKN đúng hạn"),
    Indicator("5.3", "Hài lòng với xử lý phản ánh, kiến nghị", "satisfaction",
              feedback_figures.satisfaction, drill_feedback_satisfaction, short="PAKN hài lòng"),
    Indicator("5.4", "Mức độ hài lòng của người dân", "satisfaction", satisfaction,
              drill_satisfaction, short="Hài lòng"),
)  # fmt: skip
BY_ID: dict[str, Indicator] = {indicator.id: indicator for indicator in INDICATORS}
BY_SLUG: dict[str, Indicator] = {indicator.slug: indicator for indicator in INDICATORS}
# The resolution's 80% target, shown beside 3.3 (not part of the national index).
FULLY_ONLINE = Indicator(
    "3.3tt", "Hồ sơ xử lý trực tuyến toàn trình (mục tiêu 80%)", "online_service",
    fully_online_share, drill_fully_online_share, short="Toàn trình",
)  # fmt: skip
BY_SLUG[FULLY_ONLINE.slug] = FULLY_ONLINE


# --- counts --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    value: int


def counts(s: Slice) -> list[Count]:
    """Received, finished, in progress (in time, overdue now), returned, withdrawn, refused."""
    t = totals(s)
    return [
        Count("received", "Tiếp nhận", t.sum("received")),
        Count("finished", "Đã giải quyết xong", t.sum("ended")),
        Count("in_time", "Đang giải quyết, trong hạn", t.in_progress - t.overdue),
        Count("overdue", "Đang giải quyết, quá hạn", t.overdue),
        Count("returned", "Đã trả kết quả", t.sum("returned")),
        Count("withdrawn", "Công dân rút hồ sơ", t.sum("withdrawn")),
        Count("refused", "Từ chối tiếp nhận", t.sum("refused")),
        Count("apologised", "Thư xin lỗi, hẹn lại", t.sum("apologised")),
    ]


def drill_count(s: Slice, key: str) -> QuerySet[Dossier] | None:
    """The dossiers behind a count (None for a count without a list)."""
    from django.utils import timezone

    now = timezone.now()
    lists: dict[str, Callable[[], QuerySet[Dossier]]] = {
        "received": lambda: _dossiers(s, "received_day"),
        "finished": lambda: _dossiers(s, "ended_day"),
        "in_time": lambda: _open(s).exclude(
            quality_fact__running=True, quality_fact__due_at__lt=now
        ),
        "overdue": lambda: _open(s).filter(
            quality_fact__running=True, quality_fact__due_at__lt=now
        ),
        "withdrawn": lambda: _dossiers(s, "withdrawn_day"),
        "refused": lambda: _dossiers(s, "refused_day"),
    }
    return lists[key]() if key in lists else None


# --- drill-down helpers ---------------------------------------------------------------------------------


def _dossiers(s: Slice, day: str | None) -> QuerySet[Dossier]:
    """Dossiers of the slice whose `day` (received_day, judged_day…) falls in the period (any
    day when None); never those of procedures handled elsewhere."""
    conditions = {f"quality_fact__{name}": value for name, value in s.filters().items()}
    conditions["quality_fact__commune_id"] = s.commune.pk
    if day is not None:
        conditions |= {f"quality_fact__{day}__gte": s.start, f"quality_fact__{day}__lte": s.end}
    if s.field_id:
        conditions["procedure__field_id"] = s.field_id
    return Dossier.objects.filter(**conditions).exclude(procedure_id__in=elsewhere_ids(s))


def _open(s: Slice) -> QuerySet[Dossier]:
    return _dossiers(s, "received_day").filter(quality_fact__is_open=True)


def _procedure_drill(ids: list[int], counted: list[int]) -> Drill:
    rows = Procedure.objects.filter(pk__in=ids).select_related("field")
    return Drill(rows, Q(pk__in=counted), ("field__name", "name"))


# --- the signatures other apps call --------------------------------------------------------------------


def _slice(commune: Commune, start: date, end: date) -> Slice:
    return Slice(commune=commune, period=Period.between(start, end))


def fully_online_dossiers(*, commune: Commune, start: date, end: date) -> Figure:
    """The resolution's 80% target ("xử lý trực tuyến toàn trình"): dossiers processed fully
    online ÷ every dossier received (fully_online_share); its formula also states, labelled,
    the same share over the procedures offered fully online."""
    s = _slice(commune, start, end)
    figure = fully_online_share(s)
    eligible = fully_online_among_eligible(s)
    drill = drill_fully_online_share(s)
    ids = tuple(drill.rows.filter(drill.counted).order_by("pk").values_list("pk", flat=True)[:1000])
    formula = (
        f"{figure.formula}. Riêng các thủ tục cung cấp trực tuyến toàn trình: "
        f"{eligible.display()} ({format_number(eligible.numerator)}/"
        f"{format_number(eligible.denominator)})"
    )
    return Figure(figure.numerator, figure.denominator, figure.source, formula, ids)
