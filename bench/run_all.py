"""Run every benchmark in bench/ in turn and stream what they print.

Run from the project root (`make bench` does, after migrating the development database that
bench_calendar.py reads):

    .venv/bin/python bench/run_all.py              # PostgreSQL too when DB_HOST/DB_PORT are set
    .venv/bin/python bench/run_all.py --postgres   # PostgreSQL too, DB_* or their defaults

Each `bench/bench_*.py` runs in its own process with this interpreter. bench_dossiers.py runs
once on SQLite and, when asked, once on PostgreSQL. The exit status is 1 when a script failed
(a missed target is reported in the output, not as a failure).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def with_postgres(flag: bool) -> bool:
    return flag or bool(os.environ.get("DB_HOST") and os.environ.get("DB_PORT"))


def invocations(postgres: bool) -> list[tuple[str, list[str]]]:
    """(label, command) for each benchmark run, in file-name order."""
    runs: list[tuple[str, list[str]]] = []
    for script in sorted(BENCH_DIR.glob("bench_*.py")):
        command = [sys.executable, str(script)]
        if script.name == "bench_dossiers.py":
            runs.append((f"{script.name} --db sqlite", [*command, "--db", "sqlite"]))
            if postgres:
                runs.append((f"{script.name} --db postgres", [*command, "--db", "postgres"]))
        else:
            runs.append((script.name, command))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every bench/bench_*.py in turn.")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also run bench_dossiers.py on PostgreSQL (implied by DB_HOST and DB_PORT)",
    )
    args = parser.parse_args(argv)
    postgres = with_postgres(args.postgres)

    results: list[tuple[str, int, float]] = []
    for label, command in invocations(postgres):
        print(f"\n=== {label}", flush=True)
        began = time.perf_counter()
        # Output goes straight to our stdout/stderr, unbuffered: lines appear as printed.
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        status = subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode
        results.append((label, status, time.perf_counter() - began))
    if not postgres:
        print("\n(bench_dossiers.py on PostgreSQL skipped: set DB_HOST and DB_PORT or --postgres)")

    print("\n=== summary")
    for label, status, seconds in results:
        outcome = "ok" if status == 0 else f"FAILED (exit {status})"
        print(f"  {label:<32} {outcome:<18} {seconds:6.1f} s")
    return 0 if all(status == 0 for _, status, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
