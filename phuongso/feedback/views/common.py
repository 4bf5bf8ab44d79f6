"""What the report pages share: which commune a page is about, the current year's period."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from django.utils import timezone

from phuongso.core.models import Commune
from phuongso.core.queries import default_commune
from phuongso.core.text import parse_id


def reporting_commune() -> Commune | None:
    """The deployment's first configured commune that takes reports (else the first configured)."""
    configured = Commune.objects.filter(is_configured=True).order_by("code")
    taking = configured.filter(feedback_categories__is_active=True).distinct()
    return taking.first() or default_commune()


def page_commune(request: HttpRequest) -> Commune:
    """The commune a page is about: ?xa=<code>, else the official's own, else the default."""
    code = request.GET.get("xa") or request.POST.get("xa")
    if code:
        if parse_id(code) is None:
            raise Http404("Không tìm thấy xã, phường.")
        commune = Commune.objects.filter(code=parse_id(code), is_configured=True).first()
    else:
        user = request.user
        commune = getattr(user, "commune", None) if user.is_authenticated else None
        commune = commune or reporting_commune()
    if commune is None:
        raise Http404("Chưa có xã, phường nào nhận phản ánh.")
    return commune


def taking_communes() -> list[Commune]:
    return list(
        Commune.objects.filter(is_configured=True, feedback_categories__is_active=True)
        .distinct()
        .order_by("name")
    )


def this_year() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year, 1, 1), today
