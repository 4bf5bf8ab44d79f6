"""Fixtures of the feedback tests: Thanh Miếu's categories and area, reports, real images."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phuongso.accounts.models import User
from phuongso.feedback import services
from phuongso.feedback.areas import load_areas
from phuongso.feedback.demo import seed_categories
from phuongso.feedback.models import Category, Report
from phuongso.feedback.services import Reporter

VN = ZoneInfo("Asia/Ho_Chi_Minh")
INSIDE = (21.3150, 105.4200)  # inside Thanh Miếu's box
OUTSIDE = (21.0285, 105.8542)  # Hà Nội


def at(day: str, clock: str = "09:00") -> dt.datetime:
    """A moment in Vietnam: at("12/02/2026", "10:00")."""
    return dt.datetime.strptime(f"{day} {clock}", "%d/%m/%Y %H:%M").replace(tzinfo=VN)


def png(name: str = "den-hong.png", size: tuple[int, int] = (32, 24)) -> SimpleUploadedFile:
    """A small real PNG made with Pillow."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 160, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def categories(commune) -> dict[str, Category]:
    load_areas()
    return {category.code: category for category in seed_categories(commune)}


@pytest.fixture
def street_lights(categories) -> Category:
    """Routed to the economy unit (Phòng Kinh tế, Hạ tầng và Đô thị)."""
    return categories["den-chieu-sang"]


@pytest.fixture
def economy_specialist(other_unit_specialist) -> User:
    return other_unit_specialist


@pytest.fixture
def make_report(commune, street_lights) -> Callable[..., Report]:
    def make(
        *,
        when: dt.datetime | None = None,
        reporter=None,
        category: Category | None = None,
        **extra: object,
    ) -> Report:
        who = Reporter.from_user(reporter) if reporter else Reporter(name="", phone="+84912000009")
        options = {
            "residential_group": commune.residential_groups.get(name="Tổ dân phố 3 Thanh Miếu"),
            "address": "Ngõ 12 phố Hàm Nghi",
            "description": "Ba cột đèn đầu ngõ không sáng từ tuần trước.",
            **extra,
        }
        return services.submit_report(
            commune=commune,
            category=category or street_lights,
            reporter=who,
            at=when,
            **options,
        )

    return make
