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
from django.http import HttpRequest, HttpResponse

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
