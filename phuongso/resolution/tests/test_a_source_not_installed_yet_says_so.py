from __future__ import annotations

import pytest

from phuongso.resolution import sources
from phuongso.resolution.evaluation import evaluate
from phuongso.resolution.progress import IndicatorStatus


@pytest.fixture
def missing_training_module(monkeypatch) -> None:
    monkeypatch.setitem(sources.REGISTRY, "training.digital_skills_rate", sources.Source(
        key="training.digital_skills_rate", path="phuongso.chua_co.figures.digital_skills_rate",
        label="Sổ bồi dưỡng kỹ năng số của cán bộ, công chức",
    ))  # fmt: skip


def test_the_indicator_says_it_has_no_source_rather_than_failing(
    resolution, missing_training_module
) -> None:
    skills = resolution.indicators.get(code="ky-nang-so")
    assert sources.compute("training.digital_skills_rate", commune=resolution.commune,
                           start=None, end=None) is None  # fmt: skip
    evaluation = evaluate(skills)
    assert not evaluation.source_available
    assert evaluation.status == IndicatorStatus.NO_SOURCE
    assert evaluation.status.label == "Chưa có nguồn số liệu"


def test_the_dashboard_and_api_still_answer(
    client, leader, resolution, missing_training_module
) -> None:
    client.force_login(leader)
    page = client.get("/nghi-quyet/").content.decode()
    assert "Chưa có nguồn số liệu" in page
    body = client.get("/api/v1/indicators/ky-nang-so").json()
    assert body["status"] == "no_source"


def test_every_registered_source_names_a_function_path() -> None:
    assert set(sources.REGISTRY) == {
        "quality.fully_online_dossiers", "training.digital_skills_rate",
        "households.poor_household_rate", "households.near_poor_household_rate",
    }  # fmt: skip
    assert sources.is_available("quality.fully_online_dossiers")
