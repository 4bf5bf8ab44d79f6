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
from phuongso.core.text import parse_id

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


def chosen_commune(request: HttpRequest, *, read_post: bool = False) -> Commune:
    """The official's own commune, or the one a province administrator chose (?xa=, or the
    form's xa when `read_post`); 404 when none of the official's communes matches."""
    allowed = communes_for(request.user)
    code = request.GET.get("xa", "")
    if not code and read_post:
        code = request.POST.get("xa", "")
    if code:
        commune = allowed.filter(code=int(code)).first() if parse_id(code) is not None else None
    elif request.user.commune_id:
        commune = allowed.filter(pk=request.user.commune_id).first()
    else:
        commune = allowed.filter(is_configured=True).order_by("code").first()
    if commune is None:
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
