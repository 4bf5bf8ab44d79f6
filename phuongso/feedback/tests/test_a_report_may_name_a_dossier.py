"""A report may name the code of a dossier it complains about (indicator 5.4); the code is
checked against the commune's dossiers."""

from __future__ import annotations

import pytest

from phuongso.dossiers.testing import at, walk_in
from phuongso.feedback.models import Category
from phuongso.feedback.services import FeedbackError, Reporter, submit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(commune) -> Category:
    from phuongso.core.models import GovernmentUnit

    unit = GovernmentUnit.objects.filter(commune=commune).first()
    return Category.objects.create(
        commune=commune, code="thu-tuc", name="Thủ tục hành chính", responsible_unit=unit
    )


def send(commune, category, code: str):  # noqa: ANN001, ANN201
    return submit_report(
        commune=commune,
        category=category,
        description="Hồ sơ của tôi trễ hẹn.",
        address="Bộ phận một cửa phường",
        reporter=Reporter(name="Nguyễn Văn Dân", phone="", email=""),
        dossier_code=code,
    )


def test_a_report_names_a_dossier_of_the_commune(
    commune, category, three_day_procedure, counter_officer
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    report = send(commune, category, f"  {dossier.code.lower()} ")
    assert report.dossier == dossier


def test_an_unknown_code_is_refused_with_a_clear_message(commune, category) -> None:
    with pytest.raises(FeedbackError, match="Không tìm thấy hồ sơ có mã «000.00.00-1»"):
        send(commune, category, "000.00.00-1")


def test_another_communes_dossier_is_refused(
    commune, category, other_commune, other_commune_officer
) -> None:
    from phuongso.dossiers.testing import make_procedure

    procedure = make_procedure(other_commune, code="9.000001", name="Thủ tục khác", days=3)
    dossier = walk_in(procedure, other_commune_officer, at("02/03/2026"))
    with pytest.raises(FeedbackError):
        send(commune, category, dossier.code)


def test_no_code_names_no_dossier(commune, category) -> None:
    assert send(commune, category, "").dossier is None
