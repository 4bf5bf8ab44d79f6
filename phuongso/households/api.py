from __future__ import annotations

from ninja import Router

router = Router(tags=["Hộ gia đình, rà soát hộ nghèo"])
