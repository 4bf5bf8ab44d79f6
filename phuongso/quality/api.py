"""GET /api/v1/service-quality: every indicator of a slice with numerator, denominator, rate
and points, and the group totals (the same computation as the dashboard)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field as PydanticField

from phuongso.accounts.models import User
from phuongso.core.models import GovernmentUnit
from phuongso.procedures.models import Channel, Field, Procedure
from phuongso.quality import access
from phuongso.quality.periods import Period, PeriodError, parse_day
from phuongso.quality.report import report
from phuongso.quality.slices import Slice

router = Router(tags=["Chất lượng phục vụ"])


class IndicatorOut(Schema):
    id: str
    name: str
    group: str
    numerator: int
    denominator: int
    rate: float | None
    unit: str
    points: float | None
    max_points: float | None
    threshold: float | None
    formula: str
    # 3.3 only: the sync rate (1.4) it was multiplied by, the ward's rate and rate × 1.4.
    sync_rate: float | None = None
    local_rate: float | None = None
    national_rate: float | None = None


class GroupOut(Schema):
    key: str
    name: str
    points: float | None
    max_points: float | None


class QualityOut(Schema):
    from_: date = PydanticField(alias="from")
    to: date
    commune: int
    commune_name: str
    indicators: list[IndicatorOut]
    groups: list[GroupOut]
    total_points: float
    max_points: float
    score: float | None
    partial: bool
    national_points: float
    counts: dict[str, int]
    as_of: datetime | None
    stale: bool


class Filters(Schema):
    from_: str = PydanticField("", alias="from")
    to: str = ""
    commune: int | None = None
    unit: int | None = None
    procedure: int | None = None
    field: int | None = None
    official: int | None = None
    channel: str | None = None
    former_unit: int | None = None


def _period(start: str, end: str) -> Period:
    if not start or not end:
        raise HttpError(422, "Cần nhập cả from và to (dạng YYYY-MM-DD).")
    try:
        return Period.between(parse_day(start), parse_day(end))
    except PeriodError as error:
        raise HttpError(422, str(error)) from None


def _check(found: bool, message: str) -> None:
    if not found:
        raise HttpError(422, message)


def _slice(request: HttpRequest, filters: Filters, start: str) -> Slice:
    user = request.user
    if not user.is_official:
        raise HttpError(403, "Chức năng này chỉ dành cho cán bộ được phân quyền.")
    period = _period(start, filters.to)
    commune = access.commune_for_user(user, filters.commune)
    if commune is None:
        raise HttpError(422, "Cần chọn xã, phường (tham số commune, mã đơn vị hành chính).")
    if filters.unit:
        _check(
            GovernmentUnit.objects.filter(pk=filters.unit, commune=commune).exists(),
            "Đơn vị không thuộc xã, phường này.",
        )
    if filters.procedure:
        _check(
            Procedure.objects.filter(pk=filters.procedure, commune=commune).exists(),
            "Thủ tục không thuộc xã, phường này.",
        )
    if filters.field:
        _check(Field.objects.filter(pk=filters.field).exists(), "Không có lĩnh vực này.")
    if filters.official:
        _check(
            User.objects.filter(pk=filters.official, commune=commune).exists(),
            "Cán bộ không thuộc xã, phường này.",
        )
    if filters.channel:
        _check(
            filters.channel in Channel.values,
            "Kênh phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính).",
        )
    if filters.former_unit:
        _check(
            commune.former_units.filter(pk=filters.former_unit).exists(),
            "Đơn vị cũ không thuộc xã, phường này.",
        )
    return Slice(
        commune=commune, period=period, unit_id=filters.unit, procedure_id=filters.procedure,
        field_id=filters.field, official_id=filters.official, channel=filters.channel,
        former_unit_id=filters.former_unit,
    )  # fmt: skip


@router.get(
    "/service-quality",
    response=QualityOut,
    by_alias=True,
    summary="Chỉ số phục vụ người dân (Quyết định 766) của một xã, phường trong một kỳ",
)
def service_quality(request: HttpRequest, filters: Query[Filters]) -> dict:
    """Query: from, to (YYYY-MM-DD, both included), commune (code; your own by default), and
    optionally unit, procedure, field, official, channel, former_unit (ids). Staff only."""
    return report(_slice(request, filters, filters.from_))
