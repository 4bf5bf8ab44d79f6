"""How many appointments the working-day calendar computes per second in one process.

Run from the project root after `DEBUG=1 .venv/bin/python manage.py migrate`:

    .venv/bin/python bench/bench_calendar.py [count]

Receipt moments are spread over 2025–2027 (working hours, lunch, nights, weekends,
holidays, other time zones) and the rules over same-day and 1–30 working days.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phuongso.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from phuongso.core.calendar import DeadlineRule, appointment  # noqa: E402

DEFAULT_COUNT = 300_000
ZONES = [ZoneInfo("Asia/Ho_Chi_Minh"), ZoneInfo("UTC")]


def receipts(count: int, seed: int = 7) -> list[datetime]:
    """Receipt moments spread over three years, to the second, in two time zones."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=ZONES[0])
    span = int(timedelta(days=3 * 365).total_seconds())
    return [
        (start + timedelta(seconds=rng.randrange(span))).astimezone(rng.choice(ZONES))
        for _ in range(count)
    ]


def rules(count: int, seed: int = 11) -> list[DeadlineRule]:
    rng = random.Random(seed)
    choices = [DeadlineRule(working_days=0, same_day=True)]
    choices += [DeadlineRule(working_days=n) for n in (1, 2, 3, 5, 7, 10, 15, 20, 30)]
    return [rng.choice(choices) for _ in range(count)]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_COUNT
    moments, deadline_rules = receipts(count), rules(count)
    # The first call per year builds the tables; a real process pays that once too.
    for moment in moments[:1000]:
        appointment(moment, deadline_rules[0])
    began = time.perf_counter()
    for moment, rule in zip(moments, deadline_rules, strict=True):
        appointment(moment, rule)
    elapsed = time.perf_counter() - began
    print(f"appointments computed: {count:,} in {elapsed:.3f} s")
    print(f"appointment computations per second: {count / elapsed:,.0f}")


if __name__ == "__main__":
    main()
