"""The reporter rates the answer once; nobody else rates."""

from __future__ import annotations

import pytest

from phuongso.feedback import services
from phuongso.feedback.models import Rating, RatingLevel, Report
from phuongso.feedback.services import FeedbackError
from phuongso.feedback.workflow import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(make_report, citizen, economy_specialist) -> Report:
    report = services.accept(make_report(reporter=citizen), actor=economy_specialist)
    return services.resolve(report, actor=economy_specialist, answer="Đã sửa xong.")


def test_the_reporter_rates_once(resolved, citizen) -> None:
    services.rate(resolved, actor=citizen, level=RatingLevel.SATISFIED, comment="Nhanh.")
    rating = Rating.objects.get(report=resolved)
    assert rating.satisfied and rating.comment == "Nhanh."
    assert resolved.events.get(action=Action.RATE).note == "Hài lòng"
    resolved.refresh_from_db()
    with pytest.raises(FeedbackError, match="đã đánh giá"):
        services.rate(resolved, actor=citizen, level=RatingLevel.NOT_SATISFIED)
    assert Rating.objects.filter(report=resolved).count() == 1


def test_a_closed_report_can_still_be_rated(resolved, citizen) -> None:
    report = services.close(resolved, actor=citizen)
    services.rate(report, actor=citizen, level=RatingLevel.VERY_SATISFIED)
    assert Rating.objects.get(report=report).level == RatingLevel.VERY_SATISFIED


def test_an_open_report_cannot_be_rated(make_report, citizen) -> None:
    with pytest.raises(FeedbackError, match="Không thể «đánh giá kết quả»"):
        services.rate(make_report(reporter=citizen), actor=citizen, level=RatingLevel.SATISFIED)


def test_only_the_reporter_rates(resolved, other_citizen, economy_specialist) -> None:
    for person in (other_citizen, economy_specialist):
        with pytest.raises(FeedbackError, match="không có quyền"):
            services.rate(resolved, actor=person, level=RatingLevel.SATISFIED)
    assert not Rating.objects.exists()


def test_an_unknown_level_is_refused(resolved, citizen) -> None:
    with pytest.raises(FeedbackError, match="mức độ hài lòng"):
        services.rate(resolved, actor=citizen, level="tuyet-voi")


def test_the_rating_form_rates_once(client, resolved, citizen) -> None:
    client.force_login(citizen)
    url = f"/phan-anh/cua-toi/{resolved.pk}/thao-tac/rate/"
    first = client.post(url, {"level": "very_satisfied"}, follow=True)
    assert "Cảm ơn bạn đã đánh giá" in first.content.decode()
    second = client.post(url, {"level": "not_satisfied"}, follow=True)
    assert "Bạn đã đánh giá phản ánh này" in second.content.decode()
    assert Rating.objects.get(report=resolved).level == "very_satisfied"
