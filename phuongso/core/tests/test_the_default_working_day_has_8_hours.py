"""The default working hours add up to the 8-hour day every figure in hours uses (issue #16
item 9; one-stop-rules.md, "Deadlines")."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from phuongso.core.calendar import working_day_length


def test_the_default_day_is_8_working_hours() -> None:
    assert settings.WORKING_HOURS == ["07:30-11:30", "13:00-17:00"]
    assert working_day_length() == timedelta(hours=8)
