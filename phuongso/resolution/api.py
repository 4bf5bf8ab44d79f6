"""Resolution API: the indicators with baseline, target, path, actuals and status; officials
of a unit allowed to enter a figure POST it with its source (the same service as the page)."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from phuongso.core.communes import commune_for
from phuongso.resolution import access, services
from phuongso.resolution.evaluation import Evaluation, evaluate, evaluate_all
from phuongso.resolution.models import Indicator, Resolution

router = Router(tags=["Nghị quyết, chỉ tiêu, chương trình"])


class BaselineOut(Schema):
    year: int | None
    value: float | None
    source: str


class TargetOut(Schema):
    year: int
    value: float | None
    comparator: str = Field(description="at_least, over, at_most, basically_none hoặc rỗng")
    tolerance: float | None = Field(description="Ngưỡng «cơ bản không còn» (cùng đơn vị)")
    text: str


class ActualOut(Schema):
    year: int
    quarter: int | None = Field(description="1–4; null là số liệu cả năm")
    value: float = Field(description="Giá trị của kỳ (như nhập hoặc như tính)")
    compared_value: float | None = Field(
        description="Giá trị so với lộ trình (cộng dồn nếu là tổng nhiệm kỳ)"
    )
    source: str
    computed: bool
    verified: bool
    status: str


class PathPointOut(Schema):
    year: int
    value: float
    manual: bool = Field(description="Do lãnh đạo điều chỉnh (không phải giá trị tính tự động)")


class IndicatorOut(Schema):
    commune: int
    code: str
    name: str
    unit: str
    kind: str
    measure: str
    direction: str
    computed_by: str | None
    baseline: BaselineOut
    target: TargetOut
    actuals: list[ActualOut]
    path: list[PathPointOut]
    status: str
    status_label: str
    status_period: str | None


class ActualIn(Schema):
    year: int
    quarter: int | None = Field(None, description="1–4; bỏ trống là số liệu cả năm")
    value: Decimal
    source: str = ""


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _actual_rows(evaluation: Evaluation) -> list[dict]:
    computed = evaluation.indicator.is_computed
    rows = []
    for (_, quarter), row in sorted(evaluation.rows.items()):
        if row.entered is None:
            continue
        source = row.actual.source if row.actual else (row.figure.source if row.figure else "")
        rows.append({
            "year": row.year, "quarter": quarter or None, "value": float(row.entered),
            "compared_value": _number(row.value), "source": source, "computed": computed,
            "verified": bool(row.actual and row.actual.verified_by_id), "status": row.status,
        })  # fmt: skip
    return rows


def indicator_out(evaluation: Evaluation) -> dict:
    indicator = evaluation.indicator
    manual = evaluation.manual_years()
    latest = evaluation.latest
    return {
        "commune": indicator.resolution.commune.code,
        "code": indicator.code, "name": indicator.name, "unit": indicator.unit,
        "kind": indicator.kind, "measure": indicator.measure, "direction": indicator.direction,
        "computed_by": indicator.source_function or None,
        "baseline": {"year": indicator.baseline_year, "value": _number(indicator.baseline_value),
                     "source": indicator.baseline_source},
        "target": {"year": indicator.target_year, "value": _number(indicator.target_value),
                   "comparator": indicator.target_comparator,
                   "tolerance": _number(evaluation.tolerance)
                   if indicator.target_comparator == "basically_none" else None,
                   "text": evaluation.target_phrase},
        "actuals": _actual_rows(evaluation),
        "path": [{"year": year, "value": float(value), "manual": year in manual}
                 for year, value in evaluation.path.items()],
        "status": evaluation.status.value, "status_label": evaluation.status.label,
        "status_period": latest.label if latest else None,
    }  # fmt: skip


def _official(request: HttpRequest) -> None:
    if not request.user.has_role(*access.ALL_ROLES):
        raise HttpError(403, "Chức năng này chỉ dành cho cán bộ được phân quyền.")


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request: HttpRequest, commune: int | None = None) -> list[dict]:
    """Indicators of the current resolution of every commune the caller sees (or one)."""
    _official(request)
    indicators = access.indicators_for(request.user)
    if commune is not None:
        indicators = indicators.filter(resolution__commune__code=commune)
    indicators = indicators.order_by("resolution__commune__code", "order").prefetch_related(
        "actuals", "planned_values"
    )
    resolutions: dict[int, Resolution | None] = {}
    current = []
    for item in indicators:
        commune = item.resolution.commune
        if commune.pk not in resolutions:
            resolutions[commune.pk] = access.current_resolution(commune)
        if resolutions[commune.pk] == item.resolution:
            current.append(item)
    return [indicator_out(evaluation) for evaluation in evaluate_all(current)]


def _indicator(request: HttpRequest, code: str, commune: int | None) -> Indicator:
    _official(request)
    return access.get_indicator_by_code_for_user(
        request.user, code, commune=commune_for(request.user, commune)
    )


@router.get("/indicators/{code}", response=IndicatorOut)
def get_indicator(request: HttpRequest, code: str, commune: int | None = None) -> dict:
    return indicator_out(evaluate(_indicator(request, code, commune)))


@router.post("/indicators/{code}/actuals", response={201: IndicatorOut})
def post_actual(
    request: HttpRequest, code: str, payload: ActualIn, commune: int | None = None
) -> Status[dict]:
    """Enter (or correct) a year's or a quarter's figure with its source document."""
    indicator = _indicator(request, code, commune)
    try:
        services.record_actual(
            indicator=indicator, year=payload.year, quarter=payload.quarter or 0,
            value=payload.value, source=payload.source, actor=request.user,
        )  # fmt: skip
    except services.NotAllowed as refused:
        raise HttpError(403, refused.message) from None
    except services.ResolutionError as error:
        raise HttpError(422, error.message) from None
    return Status(201, indicator_out(evaluate(indicator)))
