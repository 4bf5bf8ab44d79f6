from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from phuongso.core.models import Commune

router = Router(tags=["Đơn vị hành chính"])


class FormerUnitOut(Schema):
    code: int
    name: str
    kind: str


class ResidentialGroupOut(Schema):
    name: str
    former_unit_code: int
    area: str
    is_demo: bool


class CommuneOut(Schema):
    code: int
    name: str
    division_type: str
    province_code: int
    province_name: str
    is_configured: bool


class CommuneDetailOut(CommuneOut):
    former_units: list[FormerUnitOut]
    residential_groups: list[ResidentialGroupOut]


@router.get("/communes", response=list[CommuneOut], auth=None)
def list_communes(request: HttpRequest) -> list[Commune]:
    """The deployment's commune-level units, with their national codes."""
    return list(Commune.objects.order_by("code"))


@router.get("/communes/{code}", response=CommuneDetailOut, auth=None)
def get_commune(request: HttpRequest, code: int) -> dict:
    """One commune with its former units and residential groups."""
    commune = Commune.objects.filter(code=code).first()
    if commune is None:
        raise Http404("Không tìm thấy xã, phường có mã này.")
    groups = commune.residential_groups.select_related("former_unit")
    return {
        **CommuneOut.from_orm(commune).dict(),
        "former_units": list(commune.former_units.all()),
        "residential_groups": [
            {
                "name": group.name,
                "former_unit_code": group.former_unit.code,
                "area": group.area,
                "is_demo": group.is_demo,
            }
            for group in groups
        ],
    }
