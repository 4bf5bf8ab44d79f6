from __future__ import annotations

from decimal import Decimal

import pytest

from phuongso.resolution import services
from phuongso.resolution.evaluation import evaluate
from phuongso.resolution.models import ChangeRecord


def test_an_adjusted_year_replaces_the_derived_value_and_can_go_back(revenue, leader) -> None:
    services.set_planned_value(indicator=revenue, year=2026, value="430", actor=leader)
    evaluation = evaluate(revenue)
    assert evaluation.path[2026] == Decimal("430")
    assert evaluation.row(2026).planned_is_manual
    assert evaluation.path[2027] == Decimal("487.9083")  # other years keep the derived path

    services.set_planned_value(indicator=revenue, year=2026, value=None, actor=leader)
    assert evaluate(revenue).path[2026] == Decimal("447.5881")
    changes = ChangeRecord.objects.filter(indicator=revenue, subject="Lộ trình năm 2026")
    assert [(c.old_value, c.new_value) for c in changes.order_by("at", "pk")] == [
        ("", "430"),
        ("430", ""),
    ]


def test_the_path_page_saves_a_year_typed_the_vietnamese_way(client, revenue, leader) -> None:
    client.force_login(leader)
    response = client.post(f"/nghi-quyet/chi-tieu/{revenue.pk}/lo-trinh/", {"y2027": "490,5"})
    assert response.status_code == 302
    assert evaluate(revenue).path[2027] == Decimal("490.5")


def test_a_specialist_cannot_adjust_the_path(revenue, other_unit_specialist) -> None:
    with pytest.raises(services.NotAllowed):
        services.set_planned_value(
            indicator=revenue, year=2026, value="1", actor=other_unit_specialist
        )
    assert not revenue.planned_values.exists()
