"""A plain picture of a commune's catalogue, to compare before and after an operation."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict

from phuongso.core.models import Commune
from phuongso.procedures.models import Procedure

_SKIP = {"id", "commune", "procedure", "field"}


def _plain(instance: Any) -> dict[str, Any]:
    return {key: value for key, value in model_to_dict(instance).items() if key not in _SKIP}


def catalogue_snapshot(commune: Commune) -> dict[str, Any]:
    snapshot = {}
    procedures = Procedure.objects.filter(commune=commune).prefetch_related(
        "channels", "documents", "steps"
    )
    for procedure in procedures.select_related("field"):
        snapshot[procedure.national_code] = {
            **_plain(procedure),
            "search_text": procedure.search_text,
            "field": procedure.field.name,
            "channels": [_plain(option) for option in procedure.channels.all()],
            "documents": [_plain(document) for document in procedure.documents.all()],
            "steps": [_plain(step) for step in procedure.steps.all()],
        }
    return snapshot
