"""Kept only for quality/access.py, which another change is rewriting: it should read
`request.commune` (core/communes.py) instead; then this module goes."""

from __future__ import annotations

from phuongso.core import cache
from phuongso.core.models import Commune


def default_commune() -> Commune | None:
    """The deployment's first configured commune (core/cache.py)."""
    return cache.default_commune()
