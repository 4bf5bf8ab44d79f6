"""Who still needs which course: every official's required courses not yet completed."""

from __future__ import annotations

import pytest

from phuongso.training import services
from phuongso.training.figures import needs
from phuongso.training.tests.conftest import complete

pytestmark = pytest.mark.django_db


def missing(commune) -> dict[str, list[str]]:
    return {
        need.official.username: [c.code for c in need.missing] for need in needs(commune=commune)
    }


def test_the_one_stop_course_is_required_only_at_the_counter(
    commune, courses, counter_officer, specialist
) -> None:
    result = missing(commune)
    assert result["mot_cua"] == ["KNS-CB", "KNS-LC", "MC-HTTT", "ATTT"]
    assert result["chuyen_vien"] == ["KNS-CB", "KNS-LC", "ATTT"]


def test_completed_courses_leave_the_list_and_optional_ones_never_join(
    commune, courses, specialist
) -> None:
    for code in ("KNS-CB", "KNS-LC", "ATTT"):
        complete(specialist, courses[code])
    assert "chuyen_vien" not in missing(commune)


def test_an_enrolment_in_progress_is_shown(commune, courses, specialist) -> None:
    services.enrol(official=specialist, course=courses["KNS-LC"], actor=None)
    need = next(n for n in needs(commune=commune) if n.official == specialist)
    assert courses["KNS-LC"].pk in need.enrolled


def test_the_page_lists_officials_and_filters_by_course(
    client, commune, courses, specialist, counter_officer, leader
) -> None:
    client.force_login(leader)
    page = client.get("/dao-tao/can-hoc/").content.decode()
    assert "Chuyen Vien" in page and "Mot Cua" in page
    only = client.get(f"/dao-tao/can-hoc/?khoa={courses['MC-HTTT'].pk}").content.decode()
    assert "Mot Cua" in only and "Chuyen Vien" not in only
