"""Fixtures of the resolution tests: the Thanh Miếu resolution seeded from its data file."""

from __future__ import annotations

import pytest

from phuongso.accounts import services as account_services
from phuongso.accounts.models import Role, User
from phuongso.resolution.models import Indicator, Resolution, Task
from phuongso.resolution.seeding import seed_resolution

PASSWORD = "Mat-khau-thu-2025"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def resolution(commune) -> Resolution:
    return seed_resolution(commune_code=commune.code).resolution


@pytest.fixture
def revenue(resolution) -> Indicator:
    return resolution.indicators.get(code="thu-ngan-sach")


@pytest.fixture
def poverty(resolution) -> Indicator:
    return resolution.indicators.get(code="ho-ngheo")


@pytest.fixture
def culture_task(resolution) -> Task:
    """A task led by the Phòng Văn hóa – Xã hội (the `specialist` fixture's unit)."""
    return Task.objects.get(name__startswith="Rà soát hộ nghèo")


@pytest.fixture
def economy_specialist(other_unit_specialist) -> User:
    return other_unit_specialist


@pytest.fixture
def leadership(commune) -> User:
    return account_services.create_official(
        username="thuong_truc",
        full_name="Thường Trực",
        unit=commune.units.get(kind="office"),
        roles=[Role.LEADERSHIP],
        password=PASSWORD,
    )


@pytest.fixture
def typed_rate(resolution) -> Indicator:
    """A percentage typed in by hand (the seeded rates are all computed)."""
    return Indicator.objects.create(
        resolution=resolution,
        order=9,
        code="ty-le-thu",
        name="Tỷ lệ thử nghiệm",
        unit="%",
        kind="percent",
        measure="level",
        direction="higher",
        baseline_year=2025,
        baseline_value=50,
        target_year=2030,
        target_value=100,
        target_comparator="at_least",
        responsible_unit=resolution.commune.units.get(kind="culture_society"),
    )
