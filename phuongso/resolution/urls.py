from __future__ import annotations

app_name = "resolution"
urlpatterns: list = []
