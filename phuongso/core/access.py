"""Access helpers: who may open a view, and which communes an official sees.

Deny by default: LoginRequiredMiddleware refuses anonymous visitors everywhere except views
marked public (`public`); `staff_required` narrows a view to officials holding given roles.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import HttpError

from phuongso.core.models import Commune

View = Callable[..., HttpResponse]


def public(view: View) -> View:
    """Mark a view as open to anonymous visitors (the access-walk test trusts this mark)."""
    view.audience = "public"  # type: ignore[attr-defined]
    return login_not_required(view)


def signed_in(view: View) -> View:
    """Mark a view as open to any signed-in person, citizen or official.

    LoginRequiredMiddleware already refuses anonymous visitors; the mark states the intent
    so the access-walk test can prove every view says who may use it.
    """
    view.audience = "signed_in"  # type: ignore[attr-defined]
    return view


def staff_required(*roles: str) -> Callable[[View], View]:
    """Only officials holding one of `roles` (any role when none is given) may use the view."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            allowed = user.is_authenticated and (
                user.has_role(*roles) if roles else user.is_official
            )
            if not allowed:
                raise PermissionDenied("Chức năng này chỉ dành cho cán bộ được phân quyền.")
            return view(request, *args, **kwargs)

        wrapped.audience = "staff"  # type: ignore[attr-defined]
        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def communes_for(user: Any) -> QuerySet[Commune]:
    """The communes whose records an official may see: their own, or all for the province."""
    if not user.is_authenticated or not user.is_official:
        return Commune.objects.none()
    if user.is_province_administrator:
        return Commune.objects.all()
    return Commune.objects.filter(pk=user.commune_id)


def may_see_commune(user: Any, commune: Commune | None) -> bool:
    """Whether an official may see the commune's records (as `communes_for` lists them)."""
    return (
        commune is not None
        and user.is_authenticated
        and user.is_official
        and (user.is_province_administrator or user.commune_id == commune.pk)
    )


def commune_in_reach(request: HttpRequest) -> Commune:
    """The commune the request is about (request.commune, core/communes.py) when the official
    may see its records; 404 otherwise."""
    commune = request.commune  # type: ignore[attr-defined]
    if not may_see_commune(request.user, commune):
        raise Http404("Không tìm thấy xã, phường có mã này.")
    return commune


def api_commune(request: HttpRequest, code: int | None) -> Commune:
    """For the API: the commune `code` among the official's, else their own (403 for citizens,
    404 when outside the official's reach)."""
    user = request.user
    if not user.is_official:
        raise HttpError(403, "Chức năng này chỉ dành cho cán bộ được phân quyền.")
    allowed = communes_for(user)
    commune = (
        allowed.filter(code=code).first() if code else allowed.filter(pk=user.commune_id).first()
    )
    if commune is None:
        raise HttpError(404, "Không tìm thấy xã, phường có mã này trong phạm vi của bạn.")
    return commune
