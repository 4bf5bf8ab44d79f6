"""Pages of the service-quality figures: the staff dashboard, the records behind a figure, the
Excel export, the province ranking, and the public transparency page (công khai)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property

from phuongso.core.access import public, staff_required
from phuongso.quality import access, charts, conf, indicators
from phuongso.quality.analysis import pulling_down, trends
from phuongso.quality.export import workbook
from phuongso.quality.forms import PeriodForm, SliceForm
from phuongso.quality.periods import Period
from phuongso.quality.ranking import Rank, ranking
from phuongso.quality.scoring import Scorecard, score_slice
from phuongso.quality.slices import Slice, totals
from phuongso.quality.transparency import public_figures

VIEW_ROLES = conf.view_roles()
RANKING_ROLES = conf.ranking_roles()
PER_PAGE = 50
TABS = {"chua-dat": "Chưa đạt (kéo chỉ số xuống)", "dat": "Đạt", "tat-ca": "Tất cả"}


def _slice(request: HttpRequest) -> tuple[SliceForm | None, Slice | None]:
    commune = access.commune_for_user(request.user, request.GET.get("xa"))
    if commune is None:
        return None, None
    form = SliceForm(request.GET or None, commune=commune)
    return form, form.slice()


def _query(request: HttpRequest, *drop: str) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


def _filters_text(form: SliceForm) -> str:
    """The chosen filters in words (for headings and the export)."""
    if not form.is_bound or not form.is_valid():
        return ""
    chosen = []
    for name in ("don_vi", "linh_vuc", "thu_tuc", "can_bo", "kenh", "dia_ban"):
        value = form.cleaned_data.get(name)
        if value not in (None, ""):
            label = dict(form.fields[name].choices).get(value, value)
            chosen.append(f"{form.fields[name].label}: {label}")
    return "; ".join(chosen)


def _rank_of(request: HttpRequest, s: Slice) -> tuple[Rank | None, int]:
    if not request.user.has_role(*RANKING_ROLES):
        return None, 0
    ranks = ranking(access.province_communes(request.user), s.period)
    mine = next((rank for rank in ranks if rank.commune.pk == s.commune.pk), None)
    return mine, sum(rank.position is not None for rank in ranks)


def _indicator_rows(s: Slice, card: Scorecard) -> list[dict[str, Any]]:
    series = trends(s)
    rows = []
    for score in card.scores:
        indicator = score.indicator
        rows.append({
            "score": score,
            "indicator": indicator,
            "figure": score.figure,
            "chart": charts.trend(
                series[indicator.id],
                unit=indicator.unit,
                threshold=indicator.threshold if indicator.unit == "%" else None,
                title=f"{indicator.id} {indicator.name}",
                higher_is_better=indicator.unit == "%",
            ),
        })  # fmt: skip
    return rows


@staff_required(*VIEW_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The commune's index for a period: points, every indicator with its trend, what pulls
    the figures down, links to the dossiers behind each figure."""
    form, s = _slice(request)
    if s is None:
        return redirect("quality:province")
    card = score_slice(s)
    rank, ranked = _rank_of(request, s)
    group_chart = charts.bars(
        [(g.name, g.points, g.max_points or g.nominal_points) for g in card.groups],
        title="Điểm theo nhóm chỉ số",
    )
    context = {
        "s": s,
        "commune": s.commune,
        "form": form,
        "card": card,
        "rows": _indicator_rows(s, card),
        "fully_online": indicators.fully_online_share(s),
        "fully_online_eligible": indicators.fully_online_among_eligible(s),
        "counts": indicators.counts(s),
        "pulls": pulling_down(s),
        "group_chart": group_chart,
        "freshness": totals(s).freshness,
        "rank": rank,
        "ranked": ranked,
        "query": _query(request),
        "filters": _filters_text(form),
        "can_rank": request.user.has_role(*RANKING_ROLES),
    }
    return render(request, "quality/dashboard.html", context)


class KnownCountPaginator(Paginator):
    """A paginator told how many rows there are (the figure says it: no COUNT over a year)."""

    def __init__(self, rows: Any, per_page: int, known: int) -> None:
        super().__init__(rows, per_page)
        self.known = known

    @cached_property
    def count(self) -> int:
        return self.known


def _page(request: HttpRequest, rows: Any, known: int | None = None) -> Any:
    if known is None:
        paginator = Paginator(rows, PER_PAGE)
    else:
        paginator = KnownCountPaginator(rows, PER_PAGE, known)
    return paginator.get_page(request.GET.get("trang"))


# Indicators whose list is exactly their numerator and denominator (tested): the page count
# comes from the figure. 5.4 subtracts overlapping shares and 2.2 is an average.
COUNTED_BY_FIGURE = {
    "1.4", "2.1", "3.1", "3.2", "3.3", "3.3tt", "3.5", "3.6", "4.1", "4.2", "4.3", "5.1", "5.2",
    "5.3",
}  # fmt: skip


def _known(indicator_id: str, tab: str, numerator: int, denominator: int) -> int | None:
    if indicator_id not in COUNTED_BY_FIGURE:
        return None
    return {"dat": numerator, "chua-dat": denominator - numerator}.get(tab, denominator)


def _dossier_rows(rows: Any) -> Any:
    return rows.select_related(
        "procedure", "current_unit", "assignee", "quality_fact"
    ).only(
        "code", "channel", "status", "received_at", "appointment_at", "new_appointment_at",
        "processing_ended_at", "procedure__national_code", "procedure__name",
        "current_unit__name", "assignee__full_name", "quality_fact__verdict",
        "quality_fact__legal_verdict", "quality_fact__national_due",
        "quality_fact__processing_seconds",
    )  # fmt: skip


@staff_required(*VIEW_ROLES)
def drill(request: HttpRequest, slug: str) -> HttpResponse:
    """The dossiers (or procedures) behind one indicator: those that pull it down first."""
    indicator = indicators.BY_SLUG.get(slug)
    form, s = _slice(request)
    if indicator is None or s is None:
        raise Http404("Không tìm thấy chỉ số.")
    figure = indicator.compute(s)
    found = indicator.drill(s)
    tab = request.GET.get("loai", "chua-dat" if indicator.id != "2.2" else "tat-ca")
    tab = tab if tab in TABS else "chua-dat"
    rows = found.rows
    if tab == "dat":
        rows = rows.filter(found.counted)
    elif tab == "chua-dat":
        rows = rows.exclude(found.counted)
    rows = rows.order_by(*found.order)
    if not indicator.lists_procedures and not indicator.lists_reports:
        rows = _dossier_rows(rows)
    context = {
        "s": s,
        "commune": s.commune,
        "indicator": indicator,
        "figure": figure,
        "page": _page(
            request, rows, _known(indicator.id, tab, figure.numerator, figure.denominator)
        ),
        "tab": tab,
        "tabs": TABS,
        "query": _query(request, "trang", "loai"),
        "page_query": _query(request, "trang"),
        "filters": _filters_text(form),
    }
    return render(request, "quality/drill.html", context)


@staff_required(*VIEW_ROLES)
def count_drill(request: HttpRequest, key: str) -> HttpResponse:
    """The dossiers behind one of the counts (received, finished, in progress…)."""
    form, s = _slice(request)
    rows = indicators.drill_count(s, key) if s is not None else None
    if rows is None:
        raise Http404("Không có danh sách cho số liệu này.")
    count = next(count for count in indicators.counts(s) if count.key == key)
    context = {
        "s": s,
        "commune": s.commune,
        "count": count,
        "page": _page(request, _dossier_rows(rows.order_by("-received_at", "pk")), count.value),
        "query": _query(request, "trang"),
        "page_query": _query(request, "trang"),
        "filters": _filters_text(form),
    }
    return render(request, "quality/count_drill.html", context)


@staff_required(*VIEW_ROLES)
def export(request: HttpRequest) -> HttpResponse:
    form, s = _slice(request)
    if s is None:
        raise Http404("Hãy chọn xã, phường.")
    filters = _filters_text(form)
    content = workbook(s, score_slice(s), f" ({filters})" if filters else "")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"chi-so-chat-luong-{s.commune.code}-{s.period.slug}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_required(*RANKING_ROLES)
def province(request: HttpRequest) -> HttpResponse:
    """Every commune of the province ranked by its index points for the period."""
    form = PeriodForm(request.GET or None)
    period = form.period()
    ranks = ranking(access.province_communes(request.user), period)
    ranked = [rank for rank in ranks if rank.position is not None]
    context = {
        "form": form,
        "period": period,
        "ranked": ranked,
        "unranked": [rank for rank in ranks if rank.position is None],
        "mine": request.user.commune_id,
        "query": _query(request),
    }
    return render(request, "quality/province.html", context)


@public
def transparency(request: HttpRequest) -> HttpResponse:
    """Công khai: the commune's figures of this month and the last, for everyone; dossier
    codes only, never a name."""
    commune = access.public_commune(request.GET.get("xa"))
    current = Period.current_month(timezone.localdate())
    context = public_figures(commune, [current, current.previous()])
    return render(request, "quality/transparency.html", context)
