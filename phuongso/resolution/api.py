from __future__ import annotations

from ninja import Router

router = Router(tags=["Nghị quyết, chỉ tiêu, chương trình"])
