from __future__ import annotations

from datetime import date

import pytest

from phuongso.quality.periods import Period, PeriodError, from_query, parse_day

TODAY = date(2026, 11, 26)


def test_months_quarters_years_and_spans_have_vietnamese_labels() -> None:
    assert Period.month(2026, 2) == Period(date(2026, 2, 1), date(2026, 2, 28), "month")
    assert Period.month(2026, 2).label == "Tháng 2/2026"
    assert Period.month(2026, 12).end == date(2026, 12, 31)
    assert Period.quarter(2026, 3).label == "Quý III/2026"
    assert Period.quarter(2026, 3).end == date(2026, 9, 30)
    assert Period.year(2025).label == "Năm 2025"
    assert Period.between(date(2026, 3, 1), date(2026, 3, 15)).label == (
        "Từ 01/03/2026 đến 15/03/2026"
    )


def test_the_period_before() -> None:
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    span = Period.between(date(2026, 3, 11), date(2026, 3, 20))
    assert span.previous() == Period.between(date(2026, 3, 1), date(2026, 3, 10))


def test_a_trend_ends_with_this_month_when_the_period_runs_on() -> None:
    months = Period.year(2026).trend(12, today=TODAY)
    assert months[-1] == Period.month(2026, 11) and months[0] == Period.month(2025, 12)
    assert len(Period.year(2025).trend(12, today=TODAY)) == 12


def test_a_span_touches_its_months() -> None:
    parts = Period.between(date(2026, 1, 20), date(2026, 3, 5)).months()
    assert [(p.start, p.end) for p in parts] == [
        (date(2026, 1, 20), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 5)),
    ]


def test_the_query_string_chooses_the_period() -> None:
    assert from_query({}, TODAY) == Period.month(2026, 11)
    assert from_query({"ky": "quy", "nam": "2025", "quy": "4"}, TODAY) == Period.quarter(2025, 4)
    assert from_query({"ky": "nam", "nam": "2024"}, TODAY) == Period.year(2024)
    assert from_query({"from": "2026-02-01", "to": "2026-02-10"}, TODAY).end == date(2026, 2, 10)
    assert parse_day("05/03/2026") == date(2026, 3, 5)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tu": "2026-03-10", "den": "2026-03-01"}, "Ngày bắt đầu phải trước"),
        ({"tu": "2026-13-01", "den": "2026-03-01"}, "không hợp lệ"),
        ({"tu": "2026-03-01"}, "Cần nhập cả ngày bắt đầu và ngày kết thúc"),
        ({"ky": "quy", "quy": "5"}, "Quý «5» không hợp lệ"),
    ],
)
def test_bad_periods_are_refused_in_vietnamese(params: dict, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        from_query(params, TODAY)
