"""The figures of the demo's history agree with a recomputation by the formula text
(phuongso/quality/tests/formula_text.py, which never calls the indicator code), month by
month, for Thanh Miếu."""

from __future__ import annotations

from collections import Counter

import pytest

from phuongso.core.models import Commune
from phuongso.dossiers.models import Dossier
from phuongso.quality import indicators
from phuongso.quality.periods import Period
from phuongso.quality.slices import Slice
from phuongso.quality.tests import formula_text
from tests.bench.test_generator_writes_a_realistic_history import demo, generate  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_busiest_months_agree_with_the_formula_text(demo) -> None:  # noqa: F811
    generate(count=400, seed=11)  # generate_history folds the rollups at its end
    commune = Commune.objects.get(code=7909)
    months = Counter(
        (d.received_at.year, d.received_at.month)
        for d in Dossier.objects.filter(commune=commune, received_at__isnull=False)
    )
    assert months
    for (year, month), _ in months.most_common(3):
        s = Slice(commune=commune, period=Period.month(year, month))
        text = formula_text.recompute(commune, s.start, s.end)
        pair = lambda f: (f.numerator, f.denominator)  # noqa: E731
        assert pair(indicators.on_time(s)) == text.on_time, (year, month)
        assert pair(indicators.online_share(s)) == text.online_local
        assert pair(indicators.electronic_results(s)) == text.electronic_results
        assert pair(indicators.digitised(s)) == text.digitised
        assert pair(indicators.satisfaction(s)) == text.satisfaction
        assert pair(indicators.fully_online_share(s)) == text.fully_online
