"""The admin as a commune's administrator sees it: their own commune's rows only.

A province administrator (a superuser) sees every commune. Everyone else's lists, forms and
choices are narrowed to `communes_for(user)`, so one ward's administrator can neither read
nor edit another ward's people, dossiers or plans, nor pick them in a form.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from phuongso.core.access import communes_for
from phuongso.core.models import Commune


def sees_every_commune(user: Any) -> bool:
    """Asked of anonymous visitors too (the admin's sign-in page lists the apps): they see none."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_province_administrator)


def within_communes(model: type[models.Model], user: Any) -> QuerySet:
    """The rows of `model` a form may offer `user`: communes, or rows of their communes."""
    if model is Commune:
        return communes_for(user)
    rows = model._default_manager.all()
    if any(field.name == "commune" for field in model._meta.fields):
        return rows.filter(commune__in=communes_for(user))
    return rows


class CommuneScoped:
    """Admin mixin; `commune_path` is the lookup from a row to its commune."""

    commune_path = "commune"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        rows = super().get_queryset(request)  # type: ignore[misc]
        if sees_every_commune(request.user):
            return rows
        return rows.filter(**{f"{self.commune_path}__in": communes_for(request.user)})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not sees_every_commune(request.user):
            kwargs.setdefault("queryset", within_communes(db_field.related_model, request.user))
            if db_field.related_model is Commune:
                # A blank commune means "every commune" (an Open311 key, for one): not theirs.
                kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
