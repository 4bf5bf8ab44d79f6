from __future__ import annotations

import pytest

from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.tests.conftest import at, walk_in

pytestmark = pytest.mark.django_db


def test_codes_count_up_within_a_day_and_restart_the_next(
    three_day_procedure, counter_officer
) -> None:
    codes = [
        walk_in(three_day_procedure, counter_officer, at("02/03/2026", h)).code
        for h in ("08:00", "09:00")
    ]
    codes.append(walk_in(three_day_procedure, counter_officer, at("03/03/2026")).code)
    assert codes == [
        "000.09.25.H43-260302-0001",
        "000.09.25.H43-260302-0002",
        "000.09.25.H43-260303-0001",
    ]


def test_a_code_is_never_reused_after_a_withdrawal(
    three_day_procedure, counter_officer, leader
) -> None:
    first = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    services.stop(first, actor=leader, reason="Dừng")
    second = walk_in(three_day_procedure, counter_officer, at("02/03/2026", "10:00"))
    assert second.code != first.code
    assert Dossier.objects.filter(code=first.code).count() == 1


def test_the_code_generator_is_pluggable(three_day_procedure, counter_officer, settings) -> None:
    settings.DOSSIER_CODE_GENERATOR = "phuongso.dossiers.tests.test_codes.numbered_2025"
    assert (
        walk_in(three_day_procedure, counter_officer, at("02/03/2026")).code == "H43.7909.260302.1"
    )


def numbered_2025(*, commune, received_at) -> str:
    from phuongso.dossiers.codes import next_serial

    serial = next_serial(prefix="v2025", day=received_at.date())
    return f"H43.{commune.code}.{received_at:%y%m%d}.{serial}"
