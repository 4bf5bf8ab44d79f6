from __future__ import annotations

import pytest

from phuongso.quality import rollups
from phuongso.quality.periods import Period
from phuongso.quality.slices import Slice
from phuongso.quality.tests.builders import February, build_february


@pytest.fixture
def february(
    three_day_procedure, same_day_procedure, citizen, counter_officer, specialist, leader
) -> February:
    built = build_february(
        three_day=three_day_procedure,
        same_day=same_day_procedure,
        citizen=citizen,
        counter_officer=counter_officer,
        specialist=specialist,
        leader=leader,
    )
    # The after-commit hooks do not run inside a test's transaction: fold as the scheduled
    # command does (pages never fold).
    rollups.refresh()
    return built


@pytest.fixture
def february_slice(commune, february) -> Slice:
    return Slice(commune=commune, period=Period.month(2026, 2))
