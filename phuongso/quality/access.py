"""Who sees which commune's figures.

Officials holding a role of QUALITY_VIEW_ROLES see their own commune's figures; a province
administrator sees every commune's (chosen with ?xa=<code>). The ranking shows every commune
of the province to the roles of QUALITY_RANKING_ROLES. The public page shows the figures of
any configured commune, without personal data.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404

from phuongso.core.access import communes_for
from phuongso.core.models import Commune
from phuongso.core.queries import default_commune

NOT_FOUND = "Không tìm thấy xã, phường hoặc bạn không có quyền xem."


def commune_for_user(user: Any, code: str | int | None = None) -> Commune | None:
    """The commune whose figures the official asked for (their own by default); None for a
    province administrator who has not chosen one. Raises Http404 for one they may not see."""
    visible = communes_for(user)
    if code not in (None, ""):
        commune = visible.filter(code=_code(code)).first()
        if commune is None:
            raise Http404(NOT_FOUND)
        return commune
    if user.commune_id is not None:
        return visible.filter(pk=user.commune_id).first()
    return None


def _code(code: str | int) -> int:
    try:
        return int(code)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None


def province_communes(user: Any) -> list[Commune]:
    """The communes of the official's province (the deployment's province for a province
    administrator), in the order of their names."""
    if user.is_province_administrator or user.commune_id is None:
        province = getattr(settings, "PROVINCE_CODE", None) or user_province(user)
    else:
        province = user.commune.province_code
    return list(Commune.objects.filter(province_code=province).order_by("name"))


def user_province(user: Any) -> int | None:
    commune = default_commune()
    return commune.province_code if commune else None


def public_commune(code: str | int | None) -> Commune:
    """A configured commune for the public page: the one asked for, or the deployment's first."""
    communes = Commune.objects.filter(is_configured=True)
    commune = communes.filter(code=_code(code)).first() if code else default_commune()
    if commune is None:
        raise Http404("Không tìm thấy xã, phường.")
    return commune
