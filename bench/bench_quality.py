"""Service-quality figures at national scale: every indicator of one commune, for one month
and for one year, at 1,000,000 and at 10,000,000 dossiers on PostgreSQL.

The script makes its own database (`phuongso_bench_quality`, dropped at the end unless
--keep), migrates it, loads the demo (communes, Thanh Miếu, catalogue, accounts), generates
the first size with `generate_history` (COPY, several processes), builds the rollups, measures,
then tops up to the next size and measures again. Run from the project root:

    DB_HOST=127.0.0.1 DB_PORT=55433 DB_USER=postgres .venv/bin/python bench/bench_quality.py
    … --sizes 1000000,3000000   (smaller sizes; the default is 1,000,000 then 10,000,000)
    … --reuse --keep            (keep the database between runs; top up what is there)

For each size it prints, for commune 7909, last full month and the whole of 2025:
  * every indicator (the dashboard's computation: rollups + counts + catalogue), cold (a new
    connection after DISCARD ALL; the operating system's page cache and PostgreSQL's shared
    buffers stay warm, there is no way to empty them without restarting the server) and warm
    (median of --runs runs on one connection);
  * the plain SQL aggregate over the raw dossier rows for the same period and commune (one
    query, the subset of indicators the dossier table alone can give), cold and warm;
  * generation speed (rows/s) and the time to build the rollups.
Targets: a month under 50 ms cold and 10 ms warm, a year under 100 ms cold, flat in the size.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "phuongso_bench_quality"
DEFAULT_SIZES = "1000000,10000000"
TARGETS = {"tháng": (50, 10), "năm": (100, None)}
PG_SETTINGS = ("shared_buffers", "work_mem", "effective_cache_size", "jit", "synchronous_commit",
               "max_parallel_workers_per_gather", "server_version")  # fmt: skip

RAW_SQL = """
SELECT
  count(*) FILTER (WHERE received_at >= %(low)s AND received_at < %(high)s) AS received,
  count(*) FILTER (WHERE received_at >= %(low)s AND received_at < %(high)s AND channel = '2')
    AS online,
  count(*) FILTER (WHERE received_at >= %(low)s AND received_at < %(high)s AND channel = '2'
    AND result_file <> '') AS online_file,
  count(*) FILTER (WHERE received_at >= %(low)s AND received_at < %(high)s AND fee_amount > 0)
    AS fee,
  count(*) FILTER (WHERE received_at >= %(low)s AND received_at < %(high)s AND fee_amount > 0
    AND paid_online) AS paid_online,
  count(*) FILTER (WHERE processing_ended_at >= %(low)s AND processing_ended_at < %(high)s
    AND received_at IS NOT NULL) AS ended,
  count(*) FILTER (WHERE processing_ended_at >= %(low)s AND processing_ended_at < %(high)s
    AND status IN ('result_ready', 'returned', 'stopped', 'refused')
    AND appointment_at IS NOT NULL
    AND (supplement_requests > 1 OR processing_ended_at > appointment_at)) AS late,
  count(*) FILTER (WHERE processing_ended_at >= %(low)s AND processing_ended_at < %(high)s
    AND status IN ('result_ready', 'returned', 'stopped', 'refused')
    AND appointment_at IS NOT NULL) AS judged,
  count(*) FILTER (WHERE processing_ended_at >= %(low)s AND processing_ended_at < %(high)s
    AND status IN ('result_ready', 'returned') AND received_at IS NOT NULL) AS with_result,
  count(*) FILTER (WHERE processing_ended_at >= %(low)s AND processing_ended_at < %(high)s
    AND status IN ('result_ready', 'returned') AND result_file <> '') AS result_file,
  count(*) FILTER (WHERE status IN ('received', 'in_processing', 'supplement_requested',
    'awaiting_approval', 'awaiting_fees') AND received_at >= %(low)s AND received_at < %(high)s)
    AS in_progress
FROM dossiers_dossier
WHERE commune_id = %(commune)s
  AND ((received_at >= %(low)s AND received_at < %(high)s)
       OR (processing_ended_at >= %(low)s AND processing_ended_at < %(high)s))
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Service-quality figures at 1M and 10M dossiers.")
    parser.add_argument("--sizes", default=os.environ.get("QUALITY_BENCH_SIZES", DEFAULT_SIZES))
    parser.add_argument("--workers", type=int, default=2, help="processes for generation/rollups")
    parser.add_argument("--runs", type=int, default=5, help="warm runs (the median is reported)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    return parser.parse_args(argv)


# --- the database -------------------------------------------------------------------------------


def _pg_params() -> dict[str, str]:
    params = {
        "host": os.environ.get("DB_HOST", "127.0.0.1"),
        "port": os.environ.get("DB_PORT", "55433"),
        "user": os.environ.get("DB_USER", "postgres"),
        "dbname": "postgres",
    }
    if os.environ.get("DB_PASSWORD"):
        params["password"] = os.environ["DB_PASSWORD"]
    return params


def _maintenance(statement: str) -> None:
    import psycopg

    with psycopg.connect(**_pg_params(), autocommit=True) as connection:
        connection.execute(statement)


def prepare(reuse: bool) -> bool:
    """Point Django at the bench database; returns whether it was created now."""
    import psycopg

    os.environ["DJANGO_SETTINGS_MODULE"] = "phuongso.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + secrets.token_urlsafe(32))
    os.environ["ALLOW_DEMO_ACCOUNTS"] = "1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("DATABASE_URL", None)
    params = _pg_params()
    os.environ.update(DB="postgres", DB_NAME=DATABASE, DB_HOST=params["host"],
                      DB_PORT=params["port"], DB_USER=params["user"], CONN_MAX_AGE="0")  # fmt: skip
    with psycopg.connect(**params, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
    if exists and reuse:
        return False
    if exists:
        _maintenance(f"DROP DATABASE {DATABASE}")
    _maintenance(f"CREATE DATABASE {DATABASE}")
    return True


def setup_django(created: bool) -> None:
    import io

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if created:
        call_command("load_demo", allow_demo_accounts=True, stdout=io.StringIO())


# --- measuring -----------------------------------------------------------------------------------


def fresh_connection() -> float:
    """Close and reopen the connection, then DISCARD ALL; returns the seconds it took."""
    from django.db import connection

    connection.close()
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")
    return time.perf_counter() - began


def timed(work: Callable[[], Any]) -> float:
    began = time.perf_counter()
    work()
    return (time.perf_counter() - began) * 1000


def measure(work: Callable[[], Any], runs: int) -> tuple[float, float]:
    """(cold ms, warm median ms) of one piece of work."""
    fresh_connection()
    cold = timed(work)
    warm = statistics.median(timed(work) for _ in range(runs))
    return cold, warm


def indicators_work(commune: Any, start: date, end: date) -> Callable[[], Any]:
    from phuongso.quality import indicators
    from phuongso.quality.periods import Period
    from phuongso.quality.scoring import score_slice
    from phuongso.quality.slices import Slice

    def work() -> Any:
        s = Slice(commune=commune, period=Period.between(start, end))
        card = score_slice(s)
        return card, indicators.counts(s)

    return work


def raw_work(commune: Any, start: date, end: date) -> Callable[[], Any]:
    from datetime import datetime
    from datetime import time as clock
    from zoneinfo import ZoneInfo

    from django.db import connection

    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    params = {
        "commune": commune.pk,
        "low": datetime.combine(start, clock.min, tzinfo=zone),
        "high": datetime.combine(end + timedelta(days=1), clock.min, tzinfo=zone),
    }

    def work() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, params)
            return cursor.fetchone()

    return work


def periods(today: date) -> list[tuple[str, date, date]]:
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    return [
        ("tháng", last_month_end.replace(day=1), last_month_end),
        ("năm", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]


def measure_size(runs: int) -> dict[str, dict[str, float]]:
    from django.utils import timezone

    from phuongso.core.models import Commune

    commune = Commune.objects.get(code=7909)
    results = {}
    for label, start, end in periods(timezone.localdate()):
        indicators_work(commune, start, end)()  # the first call imports and builds the calendar
        cold, warm = measure(indicators_work(commune, start, end), runs)
        raw_cold, raw_warm = measure(raw_work(commune, start, end), runs)
        results[label] = {
            "from": start.isoformat(), "to": end.isoformat(), "cold": cold, "warm": warm,
            "raw_cold": raw_cold, "raw_warm": raw_warm,
        }  # fmt: skip
    return results


# --- building -------------------------------------------------------------------------------------


def dossier_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        return cursor.fetchone()[0]


def grow(target: int, workers: int) -> dict[str, float]:
    from django.db import connection

    from bench import history
    from phuongso.quality import rollups

    missing = target - dossier_count()
    report: dict[str, float] = {"added": max(missing, 0)}
    if missing > 0:
        print(f"  sinh thêm {missing:,} hồ sơ…", flush=True)
        began = time.perf_counter()
        done = history.generate(count=missing, years=3, workers=workers, seed=target)
        seconds = time.perf_counter() - began
        report |= {"generate_s": seconds, "rows": done.rows, "rows_per_s": done.rows / seconds,
                   "dossiers_per_s": done.dossiers / seconds}  # fmt: skip
        print(
            f"  {done.rows:,} dòng trong {seconds:.0f} s ({done.rows / seconds:,.0f} dòng/s)",
            flush=True,
        )
    began = time.perf_counter()
    built = rollups.recompute_all(workers=workers) if missing > 100_000 else rollups.refresh()
    report["rollups_s"] = time.perf_counter() - began
    report["rollups_dossiers"] = built.dossiers
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return report


def table_sizes() -> list[tuple[str, int, str]]:
    from django.db import connection

    tables = ("dossiers_dossier", "dossiers_dossierevent", "dossiers_dossierdocument",
              "quality_dossierfact", "quality_procedureday", "quality_sliceday")  # fmt: skip
    with connection.cursor() as cursor:
        rows = []
        for table in tables:
            cursor.execute(
                "SELECT reltuples::bigint, pg_size_pretty(pg_total_relation_size(%s)) "
                "FROM pg_class WHERE relname = %s",
                [table, table],
            )
            count, size = cursor.fetchone()
            rows.append((table, count, size))
    return rows


def server_settings() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        values = []
        for name in PG_SETTINGS:
            cursor.execute("SELECT current_setting(%s)", [name])
            values.append(f"{name}={cursor.fetchone()[0]}")
    return ", ".join(values)


# --- printing -------------------------------------------------------------------------------------


def verdict(label: str, cold: float, warm: float) -> str:
    cold_target, warm_target = TARGETS[label]
    ok = cold < cold_target and (warm_target is None or warm < warm_target)
    return "đạt" if ok else "CHƯA ĐẠT"


def print_results(results: dict[int, dict[str, Any]]) -> None:
    sizes = sorted(results)
    print(
        "\n=== Mọi chỉ số của phường 7909 (ms): chỉ số = rollup; SQL thô = một truy vấn trên bảng hồ sơ"
    )
    header = f"{'kỳ':<6}{'đo':<7}" + "".join(f"{f'{n:,} hồ sơ':>26}" for n in sizes)
    print(header)
    for label in ("tháng", "năm"):
        for kind, key in (("lạnh", "cold"), ("ấm", "warm")):
            cells = []
            for size in sizes:
                row = results[size]["measures"][label]
                cells.append(f"{row[key]:>8.1f} | thô {row['raw_' + key]:>9.1f}")
            print(f"{label:<6}{kind:<7}" + "".join(f"{cell:>26}" for cell in cells))
        for size in sizes:
            row = results[size]["measures"][label]
            print(
                f"    {size:,}: {row['from']}…{row['to']} → mục tiêu {verdict(label, row['cold'], row['warm'])}"
            )
    print("\n=== Sinh dữ liệu và tổng hợp")
    for size in sizes:
        build = results[size]["build"]
        if build.get("generate_s"):
            print(f"  đến {size:,}: +{int(build['added']):,} hồ sơ, {int(build['rows']):,} dòng trong "
                  f"{build['generate_s']:.0f} s = {build['rows_per_s']:,.0f} dòng/s "
                  f"({build['dossiers_per_s']:,.0f} hồ sơ/s); tổng hợp {int(build['rollups_dossiers']):,} "
                  f"hồ sơ trong {build['rollups_s']:.0f} s")  # fmt: skip
        for table, count, size_text in results[size]["tables"]:
            print(f"    {table:<28}{count:>14,} dòng {size_text:>10}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(text.replace("_", "")) for text in args.sizes.split(",") if text.strip()]
    try:
        created = prepare(args.reuse)
    except Exception as error:  # noqa: BLE001 - no server: say so and skip, as make bench expects
        print(f"PostgreSQL không sẵn sàng ({error}); bỏ qua bench_quality.py.")
        return 0
    setup_django(created)
    print(f"PostgreSQL: {server_settings()}; {os.cpu_count()} CPU", flush=True)
    results: dict[int, dict[str, Any]] = {}
    try:
        for size in sizes:
            print(f"\n--- {size:,} hồ sơ", flush=True)
            build = grow(size, args.workers)
            measures = measure_size(args.runs)
            results[size] = {"build": build, "measures": measures, "tables": table_sizes()}
            for label, row in measures.items():
                print(f"  {label}: lạnh {row['cold']:.1f} ms, ấm {row['warm']:.1f} ms; SQL thô lạnh "
                      f"{row['raw_cold']:.1f} ms, ấm {row['raw_warm']:.1f} ms", flush=True)  # fmt: skip
        print_results(results)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            _maintenance(f"DROP DATABASE IF EXISTS {DATABASE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
