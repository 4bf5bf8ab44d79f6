from __future__ import annotations

import pytest

from phuongso.quality import indicators
from phuongso.quality.slices import Slice

pytestmark = pytest.mark.django_db

# 5.4 subtracts two overlapping shares (a late dossier rated "not satisfied" counts twice), and
# 2.2 is an average: their lists are the population, not numerator and denominator.
LISTED = ["2.1", "3.1", "3.2", "3.3", "3.5", "3.6", "4.1", "4.2", "4.3"]


@pytest.mark.parametrize("indicator_id", LISTED)
@pytest.mark.parametrize("channel", [None, "1", "2"])
def test_the_list_behind_a_figure_has_its_numerator_and_denominator(
    february_slice, indicator_id: str, channel: str | None
) -> None:
    s = Slice(commune=february_slice.commune, period=february_slice.period, channel=channel)
    indicator = indicators.BY_ID[indicator_id]
    figure = indicator.compute(s)
    drill = indicator.drill(s)
    if indicator.lists_procedures:
        assert drill.rows.count() == figure.denominator
        assert drill.rows.filter(drill.counted).count() == figure.numerator
        return
    assert drill.rows.count() == figure.denominator
    assert drill.rows.filter(drill.counted).count() == figure.numerator


def test_the_fully_online_list_matches_its_figure(february_slice) -> None:
    figure = indicators.fully_online_share(february_slice)
    drill = indicators.drill_fully_online_share(february_slice)
    assert (drill.rows.filter(drill.counted).count(), drill.rows.count()) == (
        figure.numerator,
        figure.denominator,
    )


def test_the_page_lists_what_pulls_the_figure_down_first(client, leader, february) -> None:
    client.force_login(leader)
    page = client.get("/chat-luong/chi-so/2-1/?ky=thang&nam=2026&thang=2")
    listed = {dossier.code for dossier in page.context["page"]}
    # H is open at the period's end, past its appointment: overdue (2.1).
    assert listed == {february.A.code, february.F.code, february.H.code}
    page = client.get("/chat-luong/chi-so/2-1/?ky=thang&nam=2026&thang=2&loai=dat")
    assert len(page.context["page"]) == 5
    counts = client.get("/chat-luong/so-lieu/received/?ky=thang&nam=2026&thang=2")
    assert len(counts.context["page"]) == 8
    assert "Nguyễn Văn Dân" not in counts.content.decode()
