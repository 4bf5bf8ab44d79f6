from __future__ import annotations

from decimal import Decimal

import pytest

from phuongso.dossiers.testing import at, make_procedure, walk_in
from phuongso.quality import rollups
from phuongso.quality.periods import Period
from phuongso.quality.ranking import ranking

pytestmark = pytest.mark.django_db


@pytest.fixture
def viet_tri(other_commune, other_commune_officer):
    """Việt Trì in February 2026: one dossier received, still in processing."""
    procedure = make_procedure(other_commune, code="9.000001", name="Thủ tục khác", days=3)
    dossier = walk_in(procedure, other_commune_officer, at("10/02/2026", "09:00"))
    rollups.refresh()  # as the scheduled command does (a page never folds)
    return dossier


def test_communes_are_ranked_by_their_points_with_what_costs_them(
    commune, other_commune, february, viet_tri
) -> None:
    ranks = ranking([commune, other_commune], Period.month(2026, 2))
    ranked = [(r.position, r.commune.code) for r in ranks]
    thanh_mieu = next(r for r in ranks if r.commune.code == 7909)
    # 30.02 of the 76 points measured, as on its dashboard (a share, not a national score).
    assert thanh_mieu.index == Decimal("39.50")
    assert [s.indicator.id for s in thanh_mieu.costliest] == ["3.6", "2.1", "4.3"]
    assert ranked[0][0] == 1 and {code for _, code in ranked} == {7909, 7900}
    assert ranks[0].index >= ranks[1].index


def test_communes_without_dossiers_are_listed_unranked(commune, other_commune, february) -> None:
    ranks = ranking([commune, other_commune], Period.month(2026, 2))
    assert [(r.position, r.commune.code) for r in ranks] == [(1, 7909), (None, 7900)]


def test_the_ranking_page_shows_the_communes_position(client, leader, february) -> None:
    client.force_login(leader)
    html = client.get("/chat-luong/toan-tinh/?ky=thang&nam=2026&thang=2").content.decode()
    assert "Phường Thanh Miếu xếp thứ <strong>1</strong> trên 1 xã, phường có số liệu" in html
    assert "39,50%" in html and "không so sánh được với điểm quốc gia" in html


def test_ties_share_a_position(commune, other_commune, viet_tri, counter_officer) -> None:
    # One identical walk-in dossier in each commune: the same points, the same position.
    procedure = make_procedure(commune, code="9.000002", name="Thủ tục thử", days=3)
    walk_in(procedure, counter_officer, at("10/02/2026", "09:00"))
    rollups.refresh()
    ranks = ranking([commune, other_commune], Period.month(2026, 2))
    assert [r.position for r in ranks] == [1, 1]
