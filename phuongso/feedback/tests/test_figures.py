"""Received, resolved on time, average time to resolve, satisfaction, and indicator 5.2."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from phuongso.core.figures import Figure
from phuongso.feedback import figures, services
from phuongso.feedback.models import RatingLevel, Report
from phuongso.feedback.tests.conftest import at

pytestmark = pytest.mark.django_db

FEBRUARY = {"start": date(2026, 2, 1), "end": date(2026, 2, 28)}


@pytest.fixture
def february(make_report, citizen, economy_specialist) -> dict[str, Report]:
    """Four reports of February 2026, received before Tết."""
    quick = make_report(reporter=citizen, when=at("09/02/2026"))
    quick = services.accept(quick, actor=economy_specialist, at=at("09/02/2026", "10:00"))
    quick = services.resolve(
        quick, actor=economy_specialist, answer="Đã sửa.", at=at("11/02/2026", "09:00")
    )
    services.rate(quick, actor=citizen, level=RatingLevel.SATISFIED, at=at("11/02/2026", "15:00"))

    late = make_report(when=at("02/02/2026"))
    late = services.accept(late, actor=economy_specialist, at=at("03/02/2026", "09:00"))
    late = services.resolve(  # due 2/3/2026, resolved 4/3/2026: late
        late, actor=economy_specialist, answer="Đã nạo vét.", at=at("04/03/2026", "09:00")
    )
    refused = make_report(when=at("10/02/2026"))
    services.refuse(  # decided on 24/2, after the 23/2 limit: late
        refused, actor=economy_specialist, reason="Không thuộc địa bàn.", at=at("24/02/2026")
    )
    waiting = make_report(when=at("12/02/2026"))  # undecided, and the limit passed long ago
    return {"quick": quick, "late": late, "refused": refused, "waiting": waiting}


def test_received_counts_the_reports_of_the_period(commune, february) -> None:
    assert figures.received(commune=commune, **FEBRUARY) == 4
    assert figures.received(commune=commune, start=date(2026, 3, 1), end=date(2026, 3, 31)) == 0


def test_resolved_on_time_compares_each_answer_with_its_deadline(commune, february) -> None:
    february_figure = figures.resolved_on_time(commune=commune, **FEBRUARY)
    assert (february_figure.numerator, february_figure.denominator) == (1, 1)
    march = figures.resolved_on_time(commune=commune, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert (march.numerator, march.denominator) == (0, 1)
    assert march.display() == "0,00%"


def test_average_time_to_resolve_is_working_time(commune, february) -> None:
    # 09/02 09:00 → 11/02 09:00 is two working days of 8 h.
    average = figures.average_time_to_resolve(commune=commune, **FEBRUARY)
    assert average == timedelta(hours=16)
    assert (
        figures.average_time_to_resolve(
            commune=commune, start=date(2026, 5, 1), end=date(2026, 5, 31)
        )
        is None
    )


def test_satisfaction_counts_satisfied_ratings(commune, february) -> None:
    figure = figures.satisfaction(commune=commune, **FEBRUARY)
    assert (figure.numerator, figure.denominator) == (1, 1)
    assert figure.display() == "100,00%"


def test_handled_on_time_is_indicator_5_2(commune, february) -> None:
    figure = figures.handled_on_time(commune=commune, **FEBRUARY)
    assert isinstance(figure, Figure)
    # quick: on time; late: resolved late; refused: decided late; waiting: limit passed.
    assert (figure.numerator, figure.denominator) == (1, 4)
    assert figure.record_ids == (february["quick"].pk,)
    assert figure.display() == "25,00%"
    assert "≤ 15" in figure.formula


def test_a_report_still_within_its_limits_is_not_judged_yet(commune, make_report) -> None:
    from django.utils import timezone

    make_report()
    today = timezone.localdate()
    figure = figures.handled_on_time(commune=commune, start=today, end=today)
    assert (figure.numerator, figure.denominator) == (0, 0)
    assert figure.display() == "Không áp dụng"


def test_asking_for_information_late_makes_a_report_late(
    commune, make_report, citizen, economy_specialist
) -> None:
    report = make_report(reporter=citizen, when=at("02/02/2026"))
    report = services.accept(report, actor=economy_specialist, at=at("02/02/2026", "10:00"))
    report = services.request_info(  # after the 5-working-day limit (9/2)
        report, actor=economy_specialist, question="Ở đâu?", at=at("10/02/2026")
    )
    report = services.provide_info(
        report, actor=citizen, info="Ngõ 12.", at=at("10/02/2026", "15:00")
    )
    services.resolve(report, actor=economy_specialist, answer="Xong.", at=at("11/02/2026"))
    figure = figures.handled_on_time(commune=commune, **FEBRUARY)
    assert (figure.numerator, figure.denominator) == (0, 1)


def test_merged_duplicates_are_left_out(commune, make_report, economy_specialist) -> None:
    kept = make_report(when=at("09/02/2026"))
    duplicate = make_report(when=at("09/02/2026", "10:00"))
    services.merge(duplicate, actor=economy_specialist, into=kept, at=at("09/02/2026", "11:00"))
    figure = figures.handled_on_time(commune=commune, **FEBRUARY)
    assert figure.denominator == 1  # the kept report only (its limit has passed)


def test_the_figures_page_shows_them(client, commune, february) -> None:
    page = client.get("/phan-anh/so-lieu/?nam=2026").content.decode()
    assert "Chỉ số 5.2" in page and "25,00%" in page
