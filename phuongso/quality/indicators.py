"""Service-quality indicators (Decision 766/QĐ-TTg), one function per indicator.

Each function takes a Slice (a commune, a period and optional filters) and returns a Figure
(numerator, denominator, rate, source, formula); each dossier indicator also has a drill-down
(`drill_<name>`) listing the dossiers of its denominator and saying which of them count in
the numerator. Formulas follow one-stop-rules.md ("Service-quality index"); the sums come from
the rollups of the dossiers' log (slices.py, rollups.py), the early/on-time/late verdict from
phuongso.dossiers.deadlines.

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
from phuongso.quality import conf
from phuongso.quality.periods import Period
from phuongso.quality.slices import Slice, catalogue_of, procedures_in, totals

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


# --- 2. Timeliness -------------------------------------------------------------------------------


def on_time(s: Slice) -> Figure:
    """2.1: dossiers processed early or on time ÷ dossiers judged in the period."""
    t = totals(s)
    return Figure(
        numerator=t.sum("early") + t.sum("on_time"),
        denominator=t.sum("judged"),
        source=SOURCE,
        formula=(
            "Hồ sơ giải quyết trước hạn, đúng hạn ÷ hồ sơ đã có kết quả đánh giá trong kỳ "
            "(kết thúc xử lý, hoặc đang chờ bổ sung: tính đến ngày yêu cầu; trừ thời gian chờ "
            "bổ sung; yêu cầu bổ sung quá một lần là quá hạn)"
        ),
    )


def drill_on_time(s: Slice) -> Drill:
    rows = _dossiers(s, "judged_day").exclude(quality_fact__verdict="")
    counted = Q(quality_fact__verdict__in=["early", "on_time"])
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


def online_share(s: Slice) -> Figure:
    """3.3: dossiers submitted online, with an electronic result where the result is a paper
    document ÷ dossiers received in the period."""
    t = totals(s)
    document = _is_document(s)
    numerator = t.sum("online_file", document) + t.sum("online", lambda pk: not document(pk))
    return Figure(
        numerator=numerator,
        denominator=t.sum("received"),
        source=SOURCE,
        formula=(
            "Hồ sơ nộp trực tuyến (có kết quả điện tử nếu kết quả là giấy tờ) ÷ hồ sơ tiếp "
            "nhận trong kỳ"
        ),
    )


ONLINE_COUNTED = Q(quality_fact__online=True) & (
    ~Q(procedure__result_kind=ResultKind.DOCUMENT) | Q(quality_fact__has_result_file=True)
)


def drill_online_share(s: Slice) -> Drill:
    return Drill(_dossiers(s, "received_day"), ONLINE_COUNTED)


def fully_online_share(s: Slice) -> Figure:
    """The ward's 80% target: indicator 3.3 over the procedures offered fully online."""
    t = totals(s)
    full = _where(s, lambda p: p.online_level == OnlineLevel.FULL)
    document = _is_document(s)
    numerator = t.sum("online_file", lambda pk: full(pk) and document(pk)) + t.sum(
        "online", lambda pk: full(pk) and not document(pk)
    )
    return Figure(
        numerator=numerator,
        denominator=t.sum("received", full),
        source="Hệ thống một cửa điện tử (hồ sơ của thủ tục đủ điều kiện trực tuyến toàn trình)",
        formula=(
            "Hồ sơ xử lý trực tuyến toàn trình (nộp trực tuyến, trả kết quả điện tử) ÷ hồ sơ "
            "tiếp nhận của các thủ tục trực tuyến toàn trình"
        ),
    )


def drill_fully_online_share(s: Slice) -> Drill:
    rows = _dossiers(s, "received_day").filter(procedure__online_level=OnlineLevel.FULL)
    return Drill(rows, ONLINE_COUNTED)


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
    """4.1: dossiers whose paper-document result has an electronic file ÷ those dossiers."""
    t = totals(s)
    document = _is_document(s)
    return Figure(
        numerator=t.sum("result_file", document),
        denominator=t.sum("with_result", document),
        source=SOURCE,
        formula=(
            "Hồ sơ có kết quả là giấy tờ được cấp bản điện tử ÷ hồ sơ có kết quả là giấy tờ, "
            "giải quyết xong trong kỳ"
        ),
    )


def drill_electronic_results(s: Slice) -> Drill:
    rows = _dossiers(s, "ended_day").filter(
        quality_fact__with_result=True, procedure__result_kind=ResultKind.DOCUMENT
    )
    return Drill(rows, Q(quality_fact__has_result_file=True), ("-quality_fact__ended_day", "pk"))


def digitised(s: Slice) -> Figure:
    """4.2: dossiers whose papers all have files and whose result (if a document) has a file
    ÷ dossiers finished with a result in the period."""
    t = totals(s)
    document = _is_document(s)
    numerator = t.sum("digitised_file", document) + t.sum("digitised", lambda pk: not document(pk))
    return Figure(
        numerator=numerator,
        denominator=t.sum("with_result"),
        source=SOURCE,
        formula=(
            "Hồ sơ có mọi thành phần được số hóa và kết quả (nếu là giấy tờ) có tệp điện tử ÷ "
            "hồ sơ giải quyết xong trong kỳ"
        ),
    )


def drill_digitised(s: Slice) -> Drill:
    rows = _dossiers(s, "ended_day").filter(quality_fact__with_result=True)
    counted = Q(quality_fact__docs_digitised=True) & (
        ~Q(procedure__result_kind=ResultKind.DOCUMENT) | Q(quality_fact__has_result_file=True)
    )
    return Drill(rows, counted, ("-quality_fact__ended_day", "pk"))


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
    """5.4: 100% − (% late dossiers + % dossiers rated "not satisfied"), over the dossiers
    judged in the period; the numerator is judged − late − not satisfied (never below 0)."""
    t = totals(s)
    judged = t.sum("judged")
    return Figure(
        numerator=max(0, judged - t.sum("late") - t.sum("unsatisfied")),
        denominator=judged,
        source=SOURCE + " và đánh giá của người dân",
        formula=(
            "100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ bị đánh giá «chưa hài lòng»), trên hồ sơ "
            "có kết quả đánh giá trong kỳ"
        ),
    )


def drill_satisfaction(s: Slice) -> Drill:
    rows = _dossiers(s, "judged_day").exclude(quality_fact__verdict="")
    missed = Q(quality_fact__verdict="late") | Q(
        quality_fact__rated=True, quality_fact__satisfied=False
    )
    return Drill(rows, ~missed, ("-quality_fact__judged_day", "pk"))


# --- the registry ------------------------------------------------------------------------------------


GROUPS: dict[str, str] = {
    "transparency": "Công khai, minh bạch",
    "timeliness": "Tiến độ giải quyết",
    "online_service": "Dịch vụ trực tuyến",
    "online_payment": "Thanh toán trực tuyến",
    "satisfaction": "Mức độ hài lòng",
    "digitisation": "Số hóa hồ sơ",
}


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


INDICATORS: tuple[Indicator, ...] = (
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
    Indicator("5.4", "Mức độ hài lòng của người dân", "satisfaction", satisfaction,
              drill_satisfaction, short="Hài lòng"),
)  # fmt: skip
BY_ID: dict[str, Indicator] = {indicator.id: indicator for indicator in INDICATORS}
BY_SLUG: dict[str, Indicator] = {indicator.slug: indicator for indicator in INDICATORS}
# The resolution's 80% target, shown beside 3.3 (not part of the national index).
FULLY_ONLINE = Indicator(
    "3.3tt", "Hồ sơ trực tuyến toàn trình (mục tiêu 80%)", "online_service",
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


def _dossiers(s: Slice, day: str) -> QuerySet[Dossier]:
    """Dossiers of the slice whose `day` (received_day, judged_day…) falls in the period."""
    from phuongso.quality.slices import fresh

    fresh(s)
    conditions = {f"quality_fact__{name}": value for name, value in s.filters().items()}
    conditions |= {
        "quality_fact__commune_id": s.commune.pk,
        f"quality_fact__{day}__gte": s.start,
        f"quality_fact__{day}__lte": s.end,
    }
    if s.field_id:
        conditions["procedure__field_id"] = s.field_id
    return Dossier.objects.filter(**conditions)


def _open(s: Slice) -> QuerySet[Dossier]:
    return _dossiers(s, "received_day").filter(quality_fact__is_open=True)


def _procedure_drill(ids: list[int], counted: list[int]) -> Drill:
    rows = Procedure.objects.filter(pk__in=ids).select_related("field")
    return Drill(rows, Q(pk__in=counted), ("field__name", "name"))


# --- the signatures other apps call --------------------------------------------------------------------


def _slice(commune: Commune, start: date, end: date) -> Slice:
    return Slice(commune=commune, period=Period.between(start, end))


def fully_online_dossiers(*, commune: Commune, start: date, end: date) -> Figure:
    """The resolution's 80% target: indicator 3.3 over procedures offered fully online."""
    s = _slice(commune, start, end)
    figure = fully_online_share(s)
    drill = drill_fully_online_share(s)
    ids = tuple(drill.rows.filter(drill.counted).order_by("pk").values_list("pk", flat=True)[:1000])
    return Figure(figure.numerator, figure.denominator, figure.source, figure.formula, ids)
