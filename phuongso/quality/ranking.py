"""The province ranking: every commune by its index points for the period, as the province
ranks them, with the indicators that cost each the most points.

One query reads the period's sums of every commune (ProcedureDay by commune and procedure),
one the catalogues; each commune's scorecard is then the same computation as its dashboard.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from phuongso.core.models import Commune
from phuongso.quality import rollups
from phuongso.quality.models import ProcedureDay
from phuongso.quality.periods import Period
from phuongso.quality.scoring import Score, Scorecard, score_slice
from phuongso.quality.slices import Slice, Totals, catalogue, open_at_end, sums


@dataclass(frozen=True)
class Rank:
    position: int | None
    commune: Commune
    scorecard: Scorecard | None
    received: int

    @property
    def costliest(self) -> list[Score]:
        return self.scorecard.costliest() if self.scorecard else []

    @property
    def index(self) -> Decimal | None:
        return self.scorecard.index if self.scorecard else None


def _totals_by_commune(communes: list[Commune], period: Period) -> dict[int, Totals]:
    rows = ProcedureDay.objects.filter(
        commune_id__in=[c.pk for c in communes], day__gte=period.start, day__lte=period.end
    )
    by_commune: dict[int, dict[int, list[int]]] = defaultdict(dict)
    for commune_id, procedure_id, *values in sums(rows, "commune_id", "procedure_id"):
        by_commune[commune_id][procedure_id] = values
    return {pk: Totals(by_procedure) for pk, by_procedure in by_commune.items()}


def ranking(communes: list[Commune], period: Period) -> list[Rank]:
    """Communes with dossiers in the period, best first (ties share a position); then the
    communes without any, unranked."""
    freshness = rollups.freshness()
    totals = _totals_by_commune(communes, period)
    procedures = catalogue([c.pk for c in communes])
    by_commune: dict[int, dict] = defaultdict(dict)
    for pk, info in procedures.items():
        by_commune[info.commune_id][pk] = info
    cards: list[tuple[Commune, Scorecard, int]] = []
    for commune in communes:
        if commune.pk not in totals:
            continue
        s = Slice(commune=commune, period=period)
        s.cache.update(catalogue=by_commune.get(commune.pk, {}), freshness=freshness)
        # The dossiers open at the period's end (2.1, 5.4): one query per commune.
        totals[commune.pk].at_end = open_at_end(s)
        s.cache["totals"] = totals[commune.pk]
        cards.append((commune, score_slice(s), totals[commune.pk].sum("received")))
    cards.sort(key=lambda item: (-(item[1].index or Decimal(-1)), item[0].name))
    ranks = _positions(cards)
    ranked = {rank.commune.pk for rank in ranks}
    ranks += [Rank(None, c, None, 0) for c in communes if c.pk not in ranked]
    return ranks


def _positions(cards: list[tuple[Commune, Scorecard, int]]) -> list[Rank]:
    ranks: list[Rank] = []
    for index, (commune, card, received) in enumerate(cards):
        tied = ranks and ranks[-1].index == card.index
        position = ranks[-1].position if tied else index + 1
        ranks.append(Rank(position, commune, card, received))
    return ranks
