"""Pages and online submissions over HTTP with the production server, at 1,000,000 dossiers.

The speed requirement (issue 17), measured end to end: gunicorn (sync workers, persistent
database connections) serves the framework floor (bench/floor.py: a signed-in page through the
same middleware rendering the layout with no query), the official's inbox, the citizen's own
dossier page and online submissions to `wrk` on 127.0.0.1; the submissions are printed beside
the raw-SQL rate of the same writes (pgbench with a script of the same statements) measured in
the same run. Median of 3 runs each. Absolute times differ several-fold between machines, so
the targets are ratios to figures of the same run, at 8 connections:

- the specialist's inbox (/xu-ly/hop/cua-toi/) and the citizen's dossier page
  (/ho-so-cua-toi/<pk>/), both rendered on every visit: at least 0.5 x the floor's throughput,
  p99 at most 3 x the floor's p99;
- online submissions over HTTP: at least 0.10 of pgbench -M prepared (parsed and planned once
  per connection). pgbench -M simple (each statement as text, parsed and planned every time,
  as Django's psycopg backend sends them) is printed beside it.

The script makes its own PostgreSQL database (`phuongso_http_bench`), migrates it, loads the
demo (Thanh Miếu, 7909) and then N dossiers with set-based SQL (INSERT ... SELECT ... FROM
generate_series): citizens, specialists, dossiers over three years, their events, papers,
supplement cycles and ratings. Run from the project root:

    DB_HOST=127.0.0.1 DB_PORT=55433 DB_USER=postgres .venv/bin/python bench/bench_http.py
    ... --dossiers 50000 --duration 10          # a quick dry run
    ... --workers 3,5,8                         # every scenario for each worker count

Needs `wrk` (Debian package) and pgbench (PGBENCH, default the PostgreSQL 15 one). See
bench/README.md for what it prints and how to read it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

# BENCH_DATABASE names the database (made, and dropped unless --keep, by the script).
DATABASE = os.environ.get("BENCH_DATABASE", "phuongso_http_bench")
COMMUNE_CODE = 7909
PROCEDURE_CODE = "1.001193"  # Đăng ký khai sinh: online, three mandatory papers
SPECIALIST = "chuyenvien"  # the demo specialist of the culture_society unit
SESSION_BACKEND = "phuongso.accounts.backends.IdentifierBackend"
LUA_SCRIPT = HERE / "http" / "requests.lua"
PGBENCH_SCRIPT = HERE / "http" / "submit.sql"
PGBENCH = os.environ.get("PGBENCH", "/usr/lib/postgresql/15/bin/pgbench")
# Issue 17: at 8 connections, the inbox and the dossier page reach at least half the floor's
# throughput with at most 3 times its p99; submissions at least 0.10 of pgbench -M prepared.
TARGETS = {"submit_ratio_prepared": 0.10, "rate_of_floor": 0.5, "p99_of_floor": 3.0}
FLOOR_PATH = "/_san/"  # bench/floor.py
# Another engineer's heavy jobs on the same machine (their scripts, not their idle connections).
OTHER_JOBS = re.compile(r"^\s*\d+\s+(?!postgres:).*(generate_history|bench_quality)")
PG_SETTINGS = (
    "fsync",
    "synchronous_commit",
    "wal_sync_method",
    "full_page_writes",
    "commit_delay",
    "shared_buffers",
    "effective_cache_size",
    "work_mem",
    "random_page_cost",
    "max_wal_size",
    "checkpoint_timeout",
    "max_connections",
    "jit",
)
# The submission's form, as a citizen fills it in.
FORM_ADDRESS = "Số 12 đường Hùng Vương, tổ dân phố 5, phường Thanh Miếu"
FORM_REQUEST = "Đăng ký khai sinh cho con: Nguyễn Minh An, sinh ngày 02/11/2026 tại Việt Trì"
# A real one-page PDF: uploads are parsed (core/uploads.check_pdf).
PDF_BYTES = (
    b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n>>\nendobj\n2 0 obj\n<<\n"
    b"/Type /Pages\n/Count 1\n/Kids [ 4 0 R ]\n>>\nendobj\n3 0 obj\n<<\n/Type /Catalog\n"
    b"/Pages 2 0 R\n>>\nendobj\n4 0 obj\n<<\n/Type /Page\n/Resources <<\n>>\n"
    b"/MediaBox [ 0.0 0.0 595 842 ]\n/Parent 2 0 R\n>>\nendobj\nxref\n0 5\n"
    b"0000000000 65535 f \n0000000015 00000 n \n0000000054 00000 n \n0000000113 00000 n \n"
    b"0000000162 00000 n \ntrailer\n<<\n/Size 5\n/Root 3 0 R\n/Info 1 0 R\n>>\nstartxref\n256\n"
    b"%%EOF\n"
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Inbox and dossier page p99, online submissions/s over HTTP vs pgbench."
    )
    parser.add_argument("--dossiers", type=int, default=1_000_000, help="dossiers to load")
    parser.add_argument("--citizens", type=int, default=20_000, help="citizen accounts")
    parser.add_argument("--years", type=int, default=3, help="years of history")
    parser.add_argument(
        "--workers",
        default="3",
        help="gunicorn sync workers; a comma list measures every scenario for each",
    )
    parser.add_argument("--connections", default="8,32", help="wrk connections, comma list")
    parser.add_argument(
        "--scenarios",
        default="floor,inbox,page,submit",
        help="which to measure, comma list of floor, inbox, page, submit (all by default)",
    )
    parser.add_argument("--duration", type=int, default=20, help="seconds per timed run")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--sessions", type=int, default=2000, help="citizens signed in")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the database left by --keep instead of loading again",
    )
    parser.add_argument(
        "--setup-only",
        action="store_true",
        help="load (or reuse) and check, keep the database, measure nothing",
    )
    parser.add_argument(
        "--wait-minutes",
        type=float,
        default=40,
        help="wait this long at most for other benchmarks on the machine to finish",
    )
    args = parser.parse_args(argv)
    if args.setup_only:
        args.keep = True
    args.worker_counts = [int(x) for x in args.workers.split(",") if x.strip()]
    args.connection_counts = [int(x) for x in args.connections.split(",") if x.strip()]
    args.scenario_keys = [x.strip() for x in args.scenarios.split(",") if x.strip()]
    if not args.scenario_keys or set(args.scenario_keys) - {"floor", "inbox", "page", "submit"}:
        parser.error("--scenarios: a comma list of floor, inbox, page, submit")
    if args.dossiers < 1000 or args.citizens < 100 or args.runs < 1 or args.duration < 1:
        parser.error("--dossiers ≥ 1000, --citizens ≥ 100, --runs and --duration ≥ 1")
    return args


# --- the database and the environment (before django.setup()) ---------------------------


def pg_params() -> dict[str, str]:
    params = {
        "host": os.environ.get("DB_HOST", "127.0.0.1"),
        "port": os.environ.get("DB_PORT", "5432"),
        "user": os.environ.get("DB_USER", "postgres"),
    }
    if os.environ.get("DB_PASSWORD"):
        params["password"] = os.environ["DB_PASSWORD"]
    return params


def maintenance(statement: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **pg_params()) as connection:
        connection.execute(statement)


def database_exists() -> bool:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **pg_params()) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        return found.fetchone() is not None


def prepare_environment(workdir: Path) -> dict[str, str]:
    """The settings of both this process and gunicorn, through the environment."""
    env = {
        "DJANGO_SETTINGS_MODULE": "phuongso.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-" + secrets.token_urlsafe(32),
        "ALLOW_DEMO_ACCOUNTS": "1",
        "DB": "postgres",
        "DB_NAME": DATABASE,
        "CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "DATA_DIR": str(workdir),
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        **{f"DB_{key.upper()}": value for key, value in pg_params().items()},
    }
    os.environ.pop("DATABASE_URL", None)  # it would win over DB=postgres
    os.environ.update(env)
    return env


# --- waiting for a quiet machine --------------------------------------------------------


def other_jobs() -> list[str]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line.strip() for line in out.splitlines() if OTHER_JOBS.search(line)]


@dataclass
class Quiet:
    waited_s: float = 0.0
    busy_at_start: list[str] = field(default_factory=list)
    others: list[float] = field(default_factory=list)  # CPU share of other processes, per run


QUIET = Quiet()


def wait_for_quiet(limit_minutes: float, what: str, mine: set[int]) -> None:
    """Before a timed measurement: wait (polling every 30 s) while another benchmark runs or
    other processes (a test suite, a browser...) keep more than a quarter of a CPU busy."""
    began = time.monotonic()

    def busy() -> str:
        jobs = other_jobs()
        if jobs:
            return f"another benchmark runs ({jobs[0][:80]})"
        before = cpu_ticks()
        time.sleep(3)
        share, top = others_busy(before, 3.0, mine | {os.getpid()})
        return (
            f"other processes use {share:.0%} of a CPU ({'; '.join(top)})" if share > 0.25 else ""
        )

    reason = busy()
    if reason:
        print(f"  waiting before {what}: {reason}", flush=True)
    while reason and time.monotonic() - began < limit_minutes * 60:
        time.sleep(30)
        reason = busy()
    QUIET.waited_s += time.monotonic() - began
    if reason:
        print(f"  still busy after {limit_minutes:.0f} min, measuring anyway: {reason}")
        QUIET.busy_at_start.append(what)


SHARED_POSTGRES = re.compile(
    r"postgres: (walwriter|checkpointer|background writer|autovacuum launcher|logical "
    r"replication launcher|stats collector|archiver)"
)


def cpu_ticks() -> dict[int, tuple[int, str]]:
    """CPU ticks (user + system) and command line of every process but kernel threads."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            command = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, UnicodeDecodeError):
            continue
        if not command.strip():
            continue  # a kernel thread: system work, partly done for this benchmark's own I/O
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry.name)] = (int(fields[11]) + int(fields[12]), command.strip())
    return found


def others_busy(
    before: dict[int, tuple[int, str]], seconds: float, mine: set[int]
) -> tuple[float, list[str]]:
    """Share of a CPU used during a run by processes that are not this benchmark's: neither
    this script, gunicorn, wrk or pgbench, nor PostgreSQL serving this database or its shared
    background processes. With the busiest ones."""
    after = cpu_ticks()
    tick = os.sysconf("SC_CLK_TCK")
    total, busy = 0.0, []
    for pid, (ticks, command) in after.items():
        if pid in mine:
            continue
        # A process that started during the run spent all its CPU time in it.
        start = before[pid][0] if pid in before else 0
        if DATABASE in command or SHARED_POSTGRES.search(command):
            continue
        if command.split(" ", 1)[0].endswith(("wrk", "pgbench")):
            continue
        share = (ticks - start) / tick / seconds
        if share > 0:
            total += share
            busy.append((share, command))
    busy.sort(reverse=True)
    return total, [f"{command[:60]} {share:.0%}" for share, command in busy[:3] if share >= 0.05]


# --- loading 1,000,000 dossiers with set-based SQL -----------------------------------------

TZ = "Asia/Ho_Chi_Minh"
OPEN_SHARE = 0.03  # open dossiers, all received in the last 30 days
ONLINE_SHARE = 0.42  # channel 2 where a procedure offers both
INBOX_SIZE = 300  # open dossiers per specialist: decides how many specialists each unit has
OPEN_ASSIGNED = ("in_processing", "supplement_requested", "awaiting_approval", "awaiting_fees",
                 "result_ready")  # fmt: skip
ASSIGNED = (*OPEN_ASSIGNED, "returned", "stopped")

FAMILY = ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
          "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]  # fmt: skip
MIDDLE = {
    "male": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân"],
    "female": ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Thị", "Phương"],
}
GIVEN = {
    "male": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam",
             "Phong", "Quang", "Sơn", "Thắng", "Tuấn", "Việt", "Đạt", "Hiếu"],
    "female": ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai",
               "Ngọc", "Nhung", "Phương", "Thảo", "Trang", "Yến", "Vân", "Thủy"],
}  # fmt: skip
STREETS = ["Hùng Vương", "Nguyễn Tất Thành", "Trần Phú", "Châu Phong", "Lê Quý Đôn",
           "Quang Trung", "Hai Bà Trưng", "Nguyễn Du", "Tiên Sơn", "Phù Đổng"]  # fmt: skip


def _sql_array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _name_sql(index: str, sex: str) -> str:
    """A Vietnamese full name picked from the lists by an integer SQL expression."""

    def pick(values: list[str], salt: int) -> str:
        return f"({_sql_array(values)})[1 + (({index}) * {salt}) %% {len(values)}]"

    return (
        f"{pick(FAMILY, 7)} || ' ' || CASE WHEN {sex} = 'male' "
        f"THEN {pick(MIDDLE['male'], 13)} || ' ' || {pick(GIVEN['male'], 31)} "
        f"ELSE {pick(MIDDLE['female'], 13)} || ' ' || {pick(GIVEN['female'], 31)} END"
    )


CITIZENS_SQL = f"""
INSERT INTO accounts_user (password, last_login, is_superuser, username, first_name, last_name,
    is_staff, is_active, date_joined, full_name, phone, email, personal_id, sex, birth_date,
    address, job_title, commune_id, unit_id)
SELECT '!' || md5('bench' || i), NULL, false, '+8490' || lpad(i::text, 7, '0'), '', '',
    false, true, now() - (i %% 1000) * interval '1 day',
    {_name_sql("i", "sex")},
    '+8490' || lpad(i::text, 7, '0'),
    CASE WHEN i %% 3 = 0 THEN 'cd' || i || '@bench.phuongso.vn' END,
    '0250' || lpad(i::text, 8, '0'), sex, date '1950-01-01' + (i * 7919) %% 20000,
    'Số ' || (1 + i %% 180) || ' đường ' || ({_sql_array(STREETS)})[1 + i %% {len(STREETS)}]
        || ', tổ dân phố ' || (1 + i %% 24) || ', phường Thanh Miếu',
    '', NULL, NULL
FROM (SELECT i, CASE WHEN i %% 2 = 0 THEN 'male' ELSE 'female' END AS sex
      FROM generate_series(1, %(citizens)s) AS i) AS people
"""

# The catalogue of the commune, with what the generator needs of each procedure: its unit,
# channels, fees, deadline, and a popularity weight (Zipf-like over the catalogue order, so
# birth registration, the first, is the most common).
PROCEDURES_SQL = """
CREATE TEMP TABLE b_proc AS
WITH p AS (
    SELECT p.id, u.id AS unit_id, p.implementing_unit_kind AS kind,
           COALESCE(o1.available, false) AS has1, COALESCE(o2.available, false) AS has2,
           COALESCE(o1.fee_amount, 0) AS fee1, COALESCE(o2.fee_amount, 0) AS fee2,
           COALESCE(o2.deadline_working_days, o1.deadline_working_days,
                    p.deadline_working_days) AS wd,
           COALESCE(o2.deadline_same_day, o1.deadline_same_day, p.deadline_same_day) AS same_day,
           row_number() OVER (ORDER BY p.id) AS idx,
           1.0 / power(row_number() OVER (ORDER BY p.id), 0.9) AS weight
    FROM procedures_procedure p
    JOIN core_commune c ON c.id = p.commune_id AND c.code = %(commune_code)s
    JOIN core_governmentunit u ON u.commune_id = c.id AND u.kind = p.implementing_unit_kind
    LEFT JOIN procedures_channeloption o1 ON o1.procedure_id = p.id AND o1.channel = '1'
    LEFT JOIN procedures_channeloption o2 ON o2.procedure_id = p.id AND o2.channel = '2'
    WHERE p.is_active AND (COALESCE(o1.available, false) OR COALESCE(o2.available, false))
)
SELECT p.*, (sum(weight) OVER (ORDER BY id) - weight) / sum(weight) OVER () AS lower_bound
FROM p
"""

# Every random decision of every dossier, in one temporary table; the INSERTs read it.
GEN_SQL = f"""
CREATE TEMP TABLE b_gen AS
WITH s AS (
    SELECT g, random() AS rp, random() AS rc, random() AS rs, random() AS ra, random() AS rt,
           random() AS rx, random() AS ry, random() AS rz, random() AS rk, random() AS rq
    FROM generate_series(1, %(dossiers)s) AS g
), p AS (
    SELECT s.*, pr.id AS procedure_id, pr.unit_id, pr.has1, pr.has2, pr.fee1, pr.fee2, pr.wd,
           pr.same_day
    FROM s JOIN b_proc AS pr ON pr.idx = width_bucket(
        s.rp, (SELECT array_agg(lower_bound ORDER BY idx)::float8[] FROM b_proc))
), drawn AS (
    SELECT p.*, CASE
        WHEN rs < %(open)s THEN CASE
            WHEN rs / %(open)s < 0.08 THEN 'submitted'
            WHEN rs / %(open)s < 0.18 THEN 'received'
            WHEN rs / %(open)s < 0.63 THEN 'in_processing'
            WHEN rs / %(open)s < 0.70 THEN 'supplement_requested'
            WHEN rs / %(open)s < 0.82 THEN 'awaiting_approval'
            WHEN rs / %(open)s < 0.85 THEN 'awaiting_fees'
            ELSE 'result_ready' END
        WHEN rs < %(open)s + 0.015 THEN 'refused'
        WHEN rs < %(open)s + 0.025 THEN 'withdrawn'
        WHEN rs < %(open)s + 0.030 THEN 'stopped'
        ELSE 'returned' END AS drawn_status
    FROM p
), st AS (
    -- Refused and not-yet-received dossiers came online: a procedure without the online
    -- channel gets a plain returned / received one instead.
    SELECT drawn.*, CASE
        WHEN drawn_status = 'refused' AND NOT has2 THEN 'returned'
        WHEN drawn_status = 'submitted' AND NOT has2 THEN 'received'
        ELSE drawn_status END AS status
    FROM drawn
), ch AS (
    SELECT st.*, CASE
        WHEN status IN ('submitted', 'refused') THEN '2'
        WHEN NOT has1 THEN '2'
        WHEN NOT has2 THEN '1'
        WHEN rc < %(online)s THEN '2'
        ELSE '1' END AS channel,
        status IN ('submitted', 'received', 'in_processing', 'supplement_requested',
                   'awaiting_approval', 'awaiting_fees', 'result_ready') AS is_open
    FROM st
), dd AS (
    -- Open dossiers were received in the last 30 days, the others over the years; a weekend
    -- day moves back to the Friday. Received during working hours, local time.
    SELECT ch.*, d - CASE extract(isodow FROM d) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END AS rdate
    FROM (
        SELECT ch.*, (now() AT TIME ZONE '{TZ}')::date
            - CASE WHEN is_open THEN floor(ra * 30)::int
                   ELSE 1 + floor(ra * (%(years)s * 365 - 1))::int END AS d
        FROM ch
    ) AS ch
), rec AS (
    SELECT dd.*,
        LEAST(((rdate + time '07:30' + rt * interval '9 hours') AT TIME ZONE '{TZ}'),
              now() - interval '1 minute' * (5 + rx * 60)) AS received_at0,
        rdate + time '07:30' + rt * interval '9 hours' AS received_local
    FROM dd
), ap AS (
    SELECT rec.*,
        CASE WHEN same_day THEN (rdate + time '17:00') AT TIME ZONE '{TZ}'
             WHEN wd IS NULL THEN NULL
             ELSE ((rdate + (wd + 2 * floor((wd + extract(isodow FROM rdate) - 1) / 5))::int)
                   + received_local::time) AT TIME ZONE '{TZ}' END AS appointment0
    FROM rec
), t AS (
    SELECT ap.*,
        CASE WHEN status = 'submitted' THEN NULL ELSE received_at0 END AS received_at,
        CASE WHEN status = 'submitted' THEN now() - ra * interval '2 days'
             WHEN channel = '2' THEN received_at0 - rx * interval '20 hours'
             ELSE received_at0 END AS submitted_at,
        CASE WHEN status IN ('submitted', 'refused') THEN NULL ELSE appointment0 END
            AS appointment_at,
        -- The end of processing: mostly before the appointment, 5%% late.
        CASE WHEN status IN ('result_ready', 'returned', 'stopped') THEN LEAST(
                CASE WHEN appointment0 IS NULL THEN received_at0 + rz * interval '8 days'
                     WHEN ry < 0.05 THEN appointment0 + rz * interval '3 days'
                     ELSE received_at0 + (appointment0 - received_at0) * (0.2 + 0.75 * rz) END,
                now() - interval '3 minutes')
             WHEN status = 'refused' THEN LEAST(received_at0 + rz * interval '20 hours',
                                                now() - interval '3 minutes')
             WHEN status = 'withdrawn' THEN LEAST(received_at0 + rz * interval '5 days',
                                                  now() - interval '3 minutes')
             END AS ended_at
    FROM ap
)
SELECT g, procedure_id, unit_id, channel, status, is_open, submitted_at, received_at,
    appointment_at,
    CASE WHEN status IN ('result_ready', 'returned', 'stopped', 'refused') THEN ended_at END
        AS processing_ended_at,
    CASE WHEN status = 'returned' THEN
        GREATEST(ended_at, LEAST(ended_at + rx * interval '3 days', now() - interval '2 minutes'))
        END AS returned_at,
    ended_at,
    COALESCE(ended_at, now() - interval '2 minutes') AS last_at,
    CASE WHEN channel = '2' THEN fee2 ELSE fee1 END AS fee_amount,
    1 + floor(rq * %(citizens)s)::int AS citizen_k,
    rk,
    status IN ({", ".join(f"'{s}'" for s in ASSIGNED)}) AS assigned,
    status = 'supplement_requested'
        OR (status IN ('returned', 'result_ready', 'stopped') AND rk < 0.04) AS had_supplement
FROM t
"""

SPECIALISTS_SQL = """
CREATE TEMP TABLE b_spec (unit_id bigint, k int, user_id bigint);
"""

NEW_SPECIALISTS_SQL = f"""
WITH wanted AS (
    SELECT unit_id, GREATEST(1, round(count(*) FILTER (WHERE is_open AND assigned)
                                      / %(inbox)s::numeric))::int AS n
    FROM b_gen WHERE assigned GROUP BY unit_id
), have AS (
    SELECT u.unit_id, count(*) AS n FROM accounts_user u
    JOIN accounts_staffrole r ON r.user_id = u.id AND r.role = 'specialist'
    WHERE u.unit_id IS NOT NULL GROUP BY u.unit_id
), missing AS (
    SELECT w.unit_id, k FROM wanted w LEFT JOIN have h ON h.unit_id = w.unit_id,
        generate_series(1, w.n - COALESCE(h.n, 0)) AS k
)
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, is_staff,
    is_active, date_joined, full_name, phone, email, personal_id, sex, birth_date, address,
    job_title, commune_id, unit_id)
SELECT '!' || md5('bench-official' || m.unit_id || '-' || k), false,
    'cv_bench_' || m.unit_id || '_' || lpad(k::text, 3, '0'), '', '', false, true,
    now() - interval '2 years', {_name_sql("m.unit_id * 100 + k", "'female'")}, NULL, NULL, NULL,
    'female', NULL, '', 'Chuyên viên', u.commune_id, m.unit_id
FROM missing m JOIN core_governmentunit u ON u.id = m.unit_id
RETURNING id
"""

# The columns of a dossier; every INSERT names them all.
DOSSIER_INSERT = f"""
INSERT INTO dossiers_dossier (code, channel, status, version, applicant_name, applicant_phone,
    applicant_email, applicant_personal_id, applicant_address, sets, submitted_at, received_at,
    appointment_at, new_appointment_at, processing_ended_at, returned_at, supplement_requests,
    current_step, fee_amount, fee_paid, paid_online, result_code, result_file,
    result_is_electronic, result_note, created_at, updated_at, applicant_id, assignee_id,
    commune_id, current_unit_id, former_unit_id, procedure_id, received_by_id,
    receiving_commune_id, request_text)
SELECT
    -- The day's serials continue after those the demo's own history already used.
    CASE WHEN g.received_at IS NOT NULL THEN
        %(prefix)s || '-' || to_char(g.received_at AT TIME ZONE '{TZ}', 'YYMMDD') || '-' ||
        to_char(COALESCE(s.last, 0) + row_number() OVER (
            PARTITION BY (g.received_at AT TIME ZONE '{TZ}')::date
            ORDER BY g.received_at, g.g), 'FM0000') END,
    g.channel, g.status,
    -- version: one per change after the first event
    (CASE WHEN g.channel = '2' AND g.received_at IS NOT NULL THEN 1 ELSE 0 END)
      + (CASE WHEN g.assigned THEN 1 ELSE 0 END)
      + (CASE WHEN g.had_supplement THEN CASE WHEN g.status = 'supplement_requested'
                                              THEN 1 ELSE 2 END ELSE 0 END)
      + (CASE g.status WHEN 'awaiting_fees' THEN 1 WHEN 'awaiting_approval' THEN 1
                       WHEN 'result_ready' THEN 2 WHEN 'returned' THEN 3 WHEN 'stopped' THEN 1
                       WHEN 'withdrawn' THEN 1 WHEN 'refused' THEN 1 ELSE 0 END),
    c.full_name, c.phone, COALESCE(c.email, ''), c.personal_id, c.address, 1, g.submitted_at,
    g.received_at, g.appointment_at, NULL, g.processing_ended_at, g.returned_at,
    CASE WHEN g.had_supplement THEN 1 ELSE 0 END,
    CASE WHEN g.assigned THEN 1 ELSE 0 END,
    CASE WHEN g.status = 'awaiting_fees' THEN GREATEST(g.fee_amount, 50000) ELSE g.fee_amount END,
    g.fee_amount > 0 AND g.status IN ('returned', 'result_ready'),
    g.fee_amount > 0 AND g.status IN ('returned', 'result_ready') AND g.channel = '2',
    CASE WHEN g.status IN ('returned', 'result_ready') THEN g.g || '/KQ' ELSE '' END, '', false,
    '', COALESCE(g.submitted_at, g.received_at), g.last_at,
    c.id,
    CASE WHEN g.assigned THEN sp.user_id END,
    %(commune)s,
    CASE WHEN g.assigned THEN g.unit_id END,
    NULL, g.procedure_id,
    CASE WHEN g.received_at IS NOT NULL THEN
        CASE WHEN g.g %% 2 = 0 THEN %(counter1)s ELSE %(counter2)s END END,
    CASE WHEN g.received_at IS NOT NULL THEN %(commune)s END,
    CASE WHEN g.channel = '2' THEN 'Đề nghị giải quyết thủ tục, hồ sơ số ' || g.g ELSE '' END
FROM b_gen g
JOIN b_citizen c ON c.k = g.citizen_k
LEFT JOIN b_serial s ON s.day = (g.received_at AT TIME ZONE '{TZ}')::date
LEFT JOIN b_spec_n n ON n.unit_id = g.unit_id
LEFT JOIN b_spec sp ON sp.unit_id = g.unit_id AND sp.k = floor(g.rk * n.n)::int
ORDER BY COALESCE(g.received_at, g.submitted_at), g.g
"""

# One event per change. (condition, action, from, to, actor, role, at, note, data)
_E = "INSERT INTO dossiers_dossierevent (dossier_id, action, from_status, to_status, actor_id, " \
     "actor_role, at, note, data) SELECT d.id, {action}, {source}, {target}, {actor}, {role}, " \
     "{at}, {note}, {data} FROM dossiers_dossier d WHERE d.id > %(first_id)s AND d.commune_id = %(commune)s AND {where}"  # fmt: skip
_SPAN = "(COALESCE(d.processing_ended_at, d.updated_at) - d.received_at)"
EVENTS = {
    "submit_online": dict(
        where="d.channel = '2'", action="'submit_online'", source="''", target="'submitted'",
        actor="d.applicant_id", role="'citizen'", at="d.submitted_at", note="''",
        data="'{}'::jsonb"),
    "receive": dict(
        where="d.channel = '2' AND d.received_at IS NOT NULL", action="'receive'",
        source="'submitted'", target="'received'", actor="d.received_by_id",
        role="'counter_officer'", at="d.received_at", note="''",
        data="jsonb_build_object('code', d.code)"),
    "receive_at_counter": dict(
        where="d.channel <> '2'", action="'receive_at_counter'", source="''",
        target="'received'", actor="d.received_by_id", role="'counter_officer'",
        at="d.received_at", note="''", data="jsonb_build_object('fee_paid', false)"),
    "refuse": dict(
        where="d.status = 'refused'", action="'refuse'", source="'submitted'",
        target="'refused'", actor="%(counter1)s", role="'counter_officer'",
        at="d.processing_ended_at", note="'Hồ sơ không thuộc thẩm quyền giải quyết của phường.'",
        data="'{}'::jsonb"),
    "assign": dict(
        where="d.assignee_id IS NOT NULL", action="'assign'", source="'received'",
        target="'in_processing'", actor="d.received_by_id", role="'counter_officer'",
        at=f"d.received_at + {_SPAN} * 0.05", note="''",
        data="jsonb_build_object('assignee', d.assignee_id, 'unit', d.current_unit_id)"),
    "request_supplement": dict(
        where="d.supplement_requests > 0", action="'request_supplement'",
        source="'in_processing'", target="'supplement_requested'", actor="d.assignee_id",
        role="'specialist'", at=f"d.received_at + {_SPAN} * 0.25",
        note="'Bổ sung bản sao giấy tờ tùy thân còn thời hạn.'", data="'{}'::jsonb"),
    "supplement_received": dict(
        where="d.supplement_requests > 0 AND d.status <> 'supplement_requested'",
        action="'supplement_received'", source="'supplement_requested'",
        target="'in_processing'", actor="d.applicant_id", role="'citizen'",
        at=f"d.received_at + {_SPAN} * 0.45", note="''",
        data="jsonb_build_object('paused_working_seconds', 14400)"),
    "request_fees": dict(
        where="d.status = 'awaiting_fees'", action="'request_fees'", source="'in_processing'",
        target="'awaiting_fees'", actor="d.assignee_id", role="'specialist'",
        at=f"d.received_at + {_SPAN} * 0.6", note="''",
        data="jsonb_build_object('amount', d.fee_amount)"),
    "propose_result": dict(
        where="d.status IN ('awaiting_approval', 'result_ready', 'returned')",
        action="'propose_result'", source="'in_processing'", target="'awaiting_approval'",
        actor="d.assignee_id", role="'specialist'", at=f"d.received_at + {_SPAN} * 0.85",
        note="''", data="'{}'::jsonb"),
    "approve": dict(
        where="d.status IN ('result_ready', 'returned')", action="'approve'",
        source="'awaiting_approval'", target="'result_ready'", actor="%(leader)s",
        role="'leader'", at="d.processing_ended_at", note="''", data="'{}'::jsonb"),
    "return_result": dict(
        where="d.status = 'returned'", action="'return_result'", source="'result_ready'",
        target="'returned'", actor="d.received_by_id", role="'counter_officer'",
        at="d.returned_at", note="''",
        data="jsonb_build_object('electronic', false, 'fee_collected', d.fee_amount > 0)"),
    "withdraw": dict(
        where="d.status = 'withdrawn'", action="'withdraw'", source="'received'",
        target="'withdrawn'", actor="d.applicant_id", role="'citizen'", at="d.updated_at",
        note="'Tôi không còn nhu cầu giải quyết.'", data="'{}'::jsonb"),
    "stop": dict(
        where="d.status = 'stopped'", action="'stop'", source="'in_processing'",
        target="'stopped'", actor="d.assignee_id", role="'specialist'",
        at="d.processing_ended_at", note="'Người yêu cầu không bổ sung hồ sơ theo hạn.'",
        data="'{}'::jsonb"),
}  # fmt: skip

DOCUMENTS_SQL = """
INSERT INTO dossiers_dossierdocument (name, file, original_name, digitised,
    reused_from_data_store, added_in_supplement, uploaded_at, dossier_id, required_document_id)
SELECT r.name,
    CASE WHEN d.channel = '2' THEN 'dossiers/' || to_char(d.submitted_at, 'YYYY/MM') || '/hs-'
        || d.id || '-' || r.id || '.pdf' ELSE '' END,
    CASE WHEN d.channel = '2' THEN 'giay-to-' || r.id || '.pdf' ELSE '' END,
    d.channel = '2', false, false, d.submitted_at, d.id, r.id
FROM dossiers_dossier d
JOIN procedures_requireddocument r ON r.procedure_id = d.procedure_id AND r.mandatory
WHERE d.id > %(first_id)s AND d.commune_id = %(commune)s
  AND (d.channel = '2' OR d.received_at > now() - interval '1 year')
"""

CYCLES_SQL = """
INSERT INTO dossiers_supplementcycle (at_intake, requested_at, items, completed_at, dossier_id,
    requested_by_id)
SELECT false, e.at, e.note,
    CASE WHEN d.status = 'supplement_requested' THEN NULL
         ELSE d.received_at + (COALESCE(d.processing_ended_at, d.updated_at) - d.received_at)
              * 0.45 END,
    d.id, d.assignee_id
FROM dossiers_dossier d
JOIN dossiers_dossierevent e ON e.dossier_id = d.id AND e.action = 'request_supplement'
WHERE d.id > %(first_id)s AND d.commune_id = %(commune)s AND d.supplement_requests > 0
"""

RATINGS_SQL = """
INSERT INTO dossiers_rating (satisfied, comment, rated_at, dossier_id)
SELECT d.id %% 20 <> 0, CASE WHEN d.id %% 20 = 0 THEN 'Thời gian chờ còn lâu.' ELSE '' END,
    d.returned_at + interval '2 hours', d.id
FROM dossiers_dossier d
WHERE d.id > %(first_id)s AND d.commune_id = %(commune)s AND d.status = 'returned' AND d.id %% 4 = 0
"""

SERIALS_SQL = """
INSERT INTO dossiers_dailyserial (prefix, day, last)
SELECT %(prefix)s, to_date(m[1], 'YYMMDD'), max(m[2]::int)
FROM (SELECT regexp_match(code, '-(\\d{6})-(\\d+)$') AS m FROM dossiers_dossier
      WHERE code LIKE %(prefix)s || '-%%') AS used
GROUP BY 2
ON CONFLICT (prefix, day) DO UPDATE SET last = GREATEST(dossiers_dailyserial.last, excluded.last)
"""


def count_dossiers(cursor: Any) -> int:
    cursor.execute("SELECT count(*) FROM dossiers_dossier")
    return cursor.fetchone()[0]


def load_dossiers(args: argparse.Namespace) -> dict[str, Any]:
    """Citizens, specialists, dossiers and their rows, set-based; returns what was made."""
    import psycopg

    began = time.perf_counter()
    made: dict[str, Any] = {}
    with psycopg.connect(dbname=DATABASE, **pg_params()) as connection:
        cursor = connection.cursor()

        def step(label: str, sql: str, params: dict[str, Any]) -> int:
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.rowcount
            connection.commit()
            shown = f"{rows:>10,} rows" if rows >= 0 else " " * 15
            print(f"    {label:<28}{shown}  {time.perf_counter() - started:6.1f} s", flush=True)
            return rows

        cursor.execute("SELECT setseed(0.20261126)")
        # The rows are consistent by construction: skip the per-row foreign-key triggers.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET work_mem = '256MB'")
        cursor.execute("SET jit = off")  # compiling these big statements takes minutes
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SELECT id, agency_code FROM core_commune WHERE code = %s", [COMMUNE_CODE])
        commune, agency = cursor.fetchone()
        prefix = agency or f"{COMMUNE_CODE:05d}"

        def user_id(username: str) -> int:
            cursor.execute("SELECT id FROM accounts_user WHERE username = %s", [username])
            return cursor.fetchone()[0]

        params = {
            "commune": commune,
            "commune_code": COMMUNE_CODE,
            "prefix": prefix,
            "dossiers": args.dossiers,
            "citizens": args.citizens,
            "years": args.years,
            "open": OPEN_SHARE,
            "online": ONLINE_SHARE,
            "inbox": INBOX_SIZE,
            "counter1": user_id("motcua"),
            "counter2": user_id("motcua2"),
            "leader": user_id("lanhdao"),
        }
        made["citizens"] = step("citizens", CITIZENS_SQL, params)
        step(
            "citizen numbers",
            "CREATE TEMP TABLE b_citizen AS SELECT row_number() OVER (ORDER BY id) AS k, id, "
            "full_name, phone, email, personal_id, address FROM accounts_user "
            "WHERE username LIKE '+8490%%'",
            params,
        )
        step("citizen numbers index", "CREATE UNIQUE INDEX ON b_citizen (k)", params)
        step("procedures", PROCEDURES_SQL, params)
        step("random draws", GEN_SQL, params)
        step("specialists table", SPECIALISTS_SQL, params)
        made["new_specialists"] = step("specialists", NEW_SPECIALISTS_SQL, params)
        step(
            "specialist roles",
            "INSERT INTO accounts_staffrole (role, user_id) SELECT 'specialist', id "
            "FROM accounts_user WHERE username LIKE 'cv\\_bench\\_%%'",
            params,
        )
        step(
            "specialists by unit",
            "INSERT INTO b_spec SELECT u.unit_id, row_number() OVER (PARTITION BY u.unit_id "
            "ORDER BY u.id) - 1, u.id FROM accounts_user u JOIN accounts_staffrole r "
            "ON r.user_id = u.id AND r.role = 'specialist' WHERE u.unit_id IS NOT NULL",
            params,
        )
        step(
            "specialists per unit",
            "CREATE TEMP TABLE b_spec_n AS SELECT unit_id, count(*) AS n FROM b_spec "
            "GROUP BY unit_id",
            params,
        )
        step(
            "serials used",
            "CREATE TEMP TABLE b_serial AS SELECT to_date(m[1], 'YYMMDD') AS day, "
            "max(m[2]::int) AS last FROM (SELECT regexp_match(code, '-(\\d{6})-(\\d+)$') AS m "
            "FROM dossiers_dossier WHERE code LIKE %(prefix)s || '-%%') AS used GROUP BY 1",
            params,
        )
        made["before"] = count_dossiers(cursor)
        cursor.execute("SELECT COALESCE(max(id), 0) FROM dossiers_dossier")
        params["first_id"] = cursor.fetchone()[0]  # the rows below are for ours only
        made["dossiers"] = step("dossiers", DOSSIER_INSERT, params)
        events = 0
        for name, parts in EVENTS.items():
            events += step(f"events: {name}", _E.format(**parts), params)
        made["events"] = events
        made["documents"] = step("papers", DOCUMENTS_SQL, params)
        made["cycles"] = step("supplement cycles", CYCLES_SQL, params)
        made["ratings"] = step("ratings", RATINGS_SQL, params)
        step("daily serials", SERIALS_SQL, params)
        cursor.execute("SET session_replication_role = DEFAULT")
        connection.commit()
    with psycopg.connect(dbname=DATABASE, autocommit=True, **pg_params()) as connection:
        started = time.perf_counter()
        connection.execute("VACUUM (ANALYZE)")
        connection.execute("CHECKPOINT")  # the load's writes are not flushed while measuring
        print(f"    {'VACUUM ANALYZE, CHECKPOINT':<43}{time.perf_counter() - started:6.1f} s")
        size = connection.execute("SELECT pg_size_pretty(pg_database_size(%s))", [DATABASE])
        made["size"] = size.fetchone()[0]
    made["seconds"] = time.perf_counter() - began
    return made


# --- the cast: sessions, CSRF, request lines ------------------------------------------------


@dataclass
class Cast:
    csrf: str
    specialist_cookies: list[str]
    page_lines: list[str]  # "PATH\tCOOKIE" of citizens' own dossiers
    submit_lines: list[str]  # "PATH\tCOOKIE" of citizens who may submit
    submitters: int
    procedure_id: int
    commune_id: int
    papers: list[tuple[int, str]]
    citizen_range: tuple[int, int]
    inbox_count: int
    counts: dict[str, int]


def session_cookie(user: Any) -> str:
    from importlib import import_module

    from django.conf import settings

    # The configured engine, as a sign-in makes it (cached_db: the cache and the database).
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = SESSION_BACKEND
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def make_cast(args: argparse.Namespace) -> Cast:
    import random

    from django.conf import settings
    from django.db import connection
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from phuongso.accounts.models import User
    from phuongso.dossiers.models import Dossier
    from phuongso.dossiers.views.desk import OPEN
    from phuongso.procedures.models import Procedure

    rng = random.Random(4)
    csrf = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
    cookie_names = settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME

    def cookie(session_key: str) -> str:
        return f"{cookie_names[0]}={session_key}; {cookie_names[1]}={csrf}"

    specialist = User.objects.get(username=SPECIALIST)
    specialist_cookies = [cookie(session_cookie(specialist)) for _ in range(16)]
    procedure = Procedure.objects.get(commune__code=COMMUNE_CODE, national_code=PROCEDURE_CODE)
    papers = list(procedure.documents.filter(mandatory=True).values_list("pk", "name"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(id), max(id) FROM accounts_user WHERE username LIKE %s", ["+8490%"]
        )
        low, high = cursor.fetchone()
        # Citizens signed in: a sample of those who have dossiers, with one own dossier each
        # for the page (three pages per citizen: different statuses, different timelines).
        cursor.execute(
            "SELECT id, email IS NULL FROM accounts_user WHERE username LIKE %s "
            "ORDER BY md5(id::text) LIMIT %s",
            ["+8490%", args.sessions],
        )
        sample = cursor.fetchall()
    users = {u.pk: u for u in User.objects.filter(pk__in=[pk for pk, _ in sample])}
    page_lines, submit_lines = [], []
    own = {}
    for dossier_id, applicant_id in Dossier.objects.filter(
        applicant_id__in=list(users)
    ).values_list("pk", "applicant_id"):
        own.setdefault(applicant_id, []).append(dossier_id)
    for pk, phone_only in sample:
        key = cookie(session_cookie(users[pk]))
        mine = own.get(pk, [])
        for dossier_id in rng.sample(mine, min(3, len(mine))):
            page_lines.append(f"/ho-so-cua-toi/{dossier_id}/\t{key}")
        if phone_only:  # the SMS outbox row only, as in the pgbench script
            submit_lines.append(f"/nop-ho-so/{PROCEDURE_CODE}/\t{key}")
    rng.shuffle(page_lines)
    rng.shuffle(submit_lines)
    inbox = Dossier.objects.filter(assignee=specialist, status__in=OPEN).count()
    counts = {
        "dossiers": Dossier.objects.count(),
        "citizens": high - low + 1,
        "specialists": User.objects.filter(roles__role="specialist").count(),
        "specialists_in_unit": User.objects.filter(
            roles__role="specialist", unit_id=specialist.unit_id
        ).count(),
    }
    return Cast(
        csrf=csrf,
        specialist_cookies=specialist_cookies,
        page_lines=page_lines,
        submit_lines=submit_lines,
        submitters=len(submit_lines),
        procedure_id=procedure.pk,
        commune_id=procedure.commune_id,
        papers=papers,
        citizen_range=(low, high),
        inbox_count=inbox,
        counts=counts,
    )


def multipart_body(csrf: str, papers: list[tuple[int, str]]) -> tuple[bytes, str]:
    """The submission form: address, request text, CSRF token, one small PDF per paper."""
    boundary = "----phuongsoBench" + secrets.token_hex(8)
    parts = []

    def field(name: str, value: str) -> None:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )

    field("csrfmiddlewaretoken", csrf)
    field("address", FORM_ADDRESS)
    field("request_text", FORM_REQUEST)
    for number, (pk, _) in enumerate(papers, start=1):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="giay_to_{pk}"; '
            f'filename="giay-to-{number}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + PDF_BYTES
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- what one request costs in SQL (Django's test client, in this process) -----------------

TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")
WRITES = ("INSERT", "UPDATE", "DELETE")
_INSERTED = re.compile(r'\bINSERT\s+INTO\s+"?(\w+)"?', re.IGNORECASE)
_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def statement_shape(sql: str) -> str:
    verb = sql.split(None, 1)[0].upper()
    if verb in TRANSACTION_CONTROL:
        return verb
    match = _TABLE.search(sql)
    return f"{verb} {match.group(1) if match else '?'}"


@dataclass
class Captured:
    status: int
    location: str
    statements: list[str]  # every statement, as sent

    @property
    def shapes(self) -> list[str]:
        return [statement_shape(sql) for sql in self.statements]

    def summary(self) -> str:
        shapes = self.shapes
        control = sum(1 for s in shapes if s in TRANSACTION_CONTROL)
        writes = sum(1 for s in shapes if s.split()[0] in WRITES)
        return (
            f"{len(shapes)} statements: {len(shapes) - control - writes} reads, {writes} writes, "
            f"{control} BEGIN/COMMIT/SAVEPOINT/RELEASE"
        )


def capture(method: str, path: str, session_key: str, data: dict | None = None) -> Captured:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, data) if method == "POST" else client.get(path)
    return Captured(
        status=response.status_code,
        location=response.get("Location", ""),
        statements=[query["sql"] for query in captured.captured_queries],
    )


def write_shapes(statements: list[str]) -> list[str]:
    """The transaction outline of the writes: BEGIN, the writes, COMMIT (savepoints dropped)."""
    return [
        shape
        for shape in map(statement_shape, statements)
        if shape in ("BEGIN", "COMMIT") or shape.split()[0] in WRITES
    ]


def pgbench_shapes() -> list[str]:
    """The same outline, read from the pgbench script."""
    text = "\n".join(
        line
        for line in PGBENCH_SCRIPT.read_text().splitlines()
        if not line.startswith(("--", "\\"))
    )
    statements = [s.strip() for s in re.split(r";|\\gset", text) if s.strip()]
    return write_shapes(statements)


def capture_submission(cast: Cast) -> tuple[Captured, str, str]:
    """One submission through Django, as a citizen who has a phone and no e-mail."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phuongso.notifications.models import Notification

    key = cast.submit_lines[0].split("\t")[1].split(";")[0].split("=")[1]
    data: dict[str, Any] = {"address": FORM_ADDRESS, "request_text": FORM_REQUEST}
    for number, (pk, _) in enumerate(cast.papers, start=1):
        data[f"giay_to_{pk}"] = SimpleUploadedFile(
            f"giay-to-{number}.pdf", PDF_BYTES, content_type="application/pdf"
        )
    # The form first, as the citizen opens it: the user and the procedure are then cached, as
    # they are for every submission but a worker's first.
    capture("GET", f"/nop-ho-so/{PROCEDURE_CODE}/", key)
    captured = capture("POST", f"/nop-ho-so/{PROCEDURE_CODE}/", key, data)
    row = Notification.objects.order_by("-pk").first()
    return captured, (row.event if row else ""), (row.body if row else "")


class QueryTimer:
    """execute_wrapper that adds up the time spent in database round trips."""

    def __init__(self) -> None:
        self.seconds, self.count = 0.0, 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - began
            self.count += 1


def in_process(paths_and_keys: list[tuple[str, str]], requests: int = 60) -> str:
    """Milliseconds per GET served in this process by Django's test client, one at a time (no
    HTTP, no concurrency), split into database round trips and the rest (Python)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # One client, as a gunicorn worker has one handler: each new Client would load the
    # middleware again (WhiteNoise scans the static files) on its first request.
    client = Client(SERVER_NAME="127.0.0.1")

    def get(number: int) -> Any:
        path, key = paths_and_keys[number % len(paths_and_keys)]
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        return client.get(path)

    for number in range(10):
        get(number)  # warm-up: templates, URL resolver, connection
    timer, spent = QueryTimer(), []
    with connection.execute_wrapper(timer):
        for number in range(requests):
            path = paths_and_keys[number % len(paths_and_keys)][0]
            began = time.perf_counter()
            response = get(number)
            spent.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise SystemExit(f"in-process GET {path} answered {response.status_code}")
    total = 1000 * sum(spent) / requests
    database = 1000 * timer.seconds / requests
    return (
        f"{statistics.median(spent) * 1000:5.1f} ms median, {total:5.1f} ms mean = "
        f"{database:4.1f} ms in {timer.count / requests:.0f} database round trips + "
        f"{total - database:4.1f} ms Python"
    )


def explain(sql: str) -> str:
    """Planning and execution time of one statement (EXPLAIN ANALYZE, second of two runs) and
    the scans its plan uses."""
    from django.db import connection

    with connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    scans: list[str] = []

    def walk(node: dict) -> None:
        if "Scan" in node["Node Type"]:
            target = node.get("Index Name") or node.get("Relation Name", "")
            scans.append(f"{node['Node Type']} {target} ({node.get('Actual Rows', 0):,} rows)")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return (
        f"{plan[0]['Execution Time']:6.2f} ms + {plan[0]['Planning Time']:.2f} ms planning: "
        + ", ".join(scans)
    )


def diagnose(cast: Cast, inbox: Captured, page: Captured) -> None:
    """Where a request's time goes: Python and database per request, and the plans of the
    statements that read dossiers (run on a quiet machine, before gunicorn starts)."""
    key = cast.specialist_cookies[0].split(";")[0].split("=")[1]
    pages = [
        (line.split("\t")[0], line.split("\t")[1].split(";")[0].split("=")[1])
        for line in cast.page_lines[:40]
    ]
    print("time per request in one process (Django test client, no HTTP, no concurrency):")
    print(f"  inbox          {in_process([('/xu-ly/hop/cua-toi/', key)])}")
    print(f"  dossier page   {in_process(pages)}")
    print("statements that read dossiers (EXPLAIN ANALYZE, warm):")
    for label, captured in (("inbox", inbox), ("dossier page", page)):
        for sql in captured.statements:
            if re.search(r'FROM "dossiers_(dossier|dossierevent)"', sql):
                shape = "SELECT COUNT" if "COUNT(*)" in sql else statement_shape(sql)
                print(f"  {label:<14} {shape:<28} {explain(sql)}")
    sys.stdout.flush()


# --- gunicorn ------------------------------------------------------------------------------


class Server:
    def __init__(self, workers: int, port: int, env: dict[str, str], workdir: Path) -> None:
        self.workers, self.port = workers, port
        self.log = workdir / f"gunicorn-{workers}.log"
        command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "phuongso.wsgi",
            "-w", str(workers),
            "-k", "sync",
            "-b", f"127.0.0.1:{port}",
            "--error-logfile", str(self.log),
            "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            # bench/floor.py: the production settings plus the floor's URL.
            env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "bench.floor"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{port}"

    def wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status < 500:
                        return
            except urllib.error.HTTPError as error:
                if error.code < 500:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer in time")

    def pids(self) -> set[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return {self.process.pid, *(int(x) for x in out.split())}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def http(url: str, cookie: str, body: bytes | None = None, ctype: str = "") -> tuple[int, str, str]:
    """One request without following redirects: status, Location, body text."""
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie})
    if ctype:
        request.add_header("Content-Type", ctype)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), error.read().decode(errors="replace")


def check_server(server: Server, cast: Cast) -> None:
    """Each scenario answers as expected once before it is timed; CSRF is really enforced."""
    cookie = cast.specialist_cookies[0]
    status, location, text = http(server.url + "/xu-ly/hop/cua-toi/", cookie)
    if status != 200:
        raise SystemExit(f"inbox answered {status} {location}")
    path, cookie = cast.page_lines[0].split("\t")
    status, location, text = http(server.url + path, cookie)
    if status != 200:
        raise SystemExit(f"dossier page answered {status} {location}")
    body, ctype = multipart_body(cast.csrf, cast.papers)
    path, cookie = cast.submit_lines[-1].split("\t")
    status, location, text = http(server.url + path, cookie, body, ctype)
    if status != 302 or "/da-nop/" not in location:
        raise SystemExit(f"submission answered {status} {location}: {text[:500]}")
    wrong, _ = multipart_body("x" * 32, cast.papers)
    status, _, _ = http(server.url + path, cookie, wrong, ctype)
    if status != 403:
        raise SystemExit(f"a submission with a wrong CSRF token answered {status}, not 403")


# --- wrk -------------------------------------------------------------------------------------


@dataclass
class WrkRun:
    rate: float  # good answers per second
    p99_ms: float
    p50_ms: float
    requests: int
    bad: int
    errors: int
    example: str

    @property
    def valid(self) -> bool:
        return self.bad == 0 and self.errors == 0 and self.requests > 0


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_percentile(output: str, percent: str = "99%") -> float:
    """Milliseconds from the '99%' line of wrk --latency."""
    match = re.search(rf"^\s*{re.escape(percent)}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if not match:
        raise SystemExit(f"no {percent} line in wrk's output:\n{output}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def run_wrk(
    url: str,
    lines_file: Path,
    connections: int,
    seconds: int,
    expect: int,
    post: tuple[Path, str, str] | None = None,
) -> WrkRun:
    threads = 2 if connections >= 2 else 1
    command = [
        "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
        "--timeout", "10s", "-s", str(LUA_SCRIPT), url, "--", str(lines_file), str(threads),
        str(expect),
    ]  # fmt: skip
    if post:
        command += [str(post[0]), post[1], post[2]]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"^RESULT (\{.*\})$", out.stdout, re.MULTILINE)
    if out.returncode != 0 or not match:
        raise SystemExit(f"wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    result = json.loads(match.group(1))
    errors = sum(result[k] for k in ("connect", "read", "write", "timeout"))
    return WrkRun(
        rate=result["ok"] / (result["duration_us"] / 1e6),
        p99_ms=parse_percentile(out.stdout, "99%"),
        p50_ms=parse_percentile(out.stdout, "50%"),
        requests=result["requests"],
        bad=result["bad"],
        errors=errors,
        example=result["bad_example"],
    )


# --- pgbench ---------------------------------------------------------------------------------


PGBENCH_MODES = ("simple", "prepared")  # the target is judged against -M prepared


def run_pgbench(
    cast: Cast, sms: tuple[str, str], clients: int, seconds: int, mode: str = "simple"
) -> float:
    params = pg_params()
    variables = {
        "procedure": cast.procedure_id,
        "commune": cast.commune_id,
        "citizen_lo": cast.citizen_range[0],
        "citizen_hi": cast.citizen_range[1],
        "address": FORM_ADDRESS,
        "request_text": FORM_REQUEST,
        "sms_event": sms[0],
        "sms_body": sms[1],
    }
    for number, (pk, name) in enumerate(cast.papers, start=1):
        variables[f"doc{number}"] = pk
        variables[f"doc{number}_name"] = name
    command = [
        PGBENCH, "-h", params["host"], "-p", params["port"], "-U", params["user"], "-n",
        "-M", mode, "-c", str(clients), "-j", str(min(2, clients)), "-T", str(seconds),
        "-f", str(PGBENCH_SCRIPT),
    ]  # fmt: skip
    for name, value in variables.items():
        if isinstance(value, str) and mode == "simple":  # written into the SQL text as it is
            value = "'" + value.replace("'", "''") + "'"
        command += ["-D", f"{name}={value}"]
    command.append(DATABASE)
    env = {**os.environ, **({"PGPASSWORD": params["password"]} if "password" in params else {})}
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=seconds + 120)
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    if out.returncode != 0 or not match or (failed and int(failed.group(1))):
        raise SystemExit(f"pgbench failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    return float(match.group(1))


def checkpoint() -> None:
    import psycopg

    with psycopg.connect(dbname=DATABASE, autocommit=True, **pg_params()) as connection:
        connection.execute("CHECKPOINT")


# --- the measurement ---------------------------------------------------------------------


@dataclass
class Figures:
    floor: dict[int, list[WrkRun]] = field(default_factory=dict)
    inbox: dict[int, list[WrkRun]] = field(default_factory=dict)
    page: dict[int, list[WrkRun]] = field(default_factory=dict)
    submit: dict[int, list[WrkRun]] = field(default_factory=dict)
    pgbench: dict[tuple[str, int], list[float]] = field(default_factory=dict)  # mode, clients


def median_run(runs: list[WrkRun], key: str) -> float:
    return statistics.median(getattr(run, key) for run in runs)


@dataclass
class Scenario:
    key: str  # floor, inbox, page, submit
    label: str
    lines: Path
    expect: int
    body: tuple[Path, str, str] | None
    connections: int


def measure(
    args: argparse.Namespace,
    server: Server,
    cast: Cast,
    files: dict[str, Path],
    sms: tuple[str, str],
) -> Figures:
    """Every scenario in turn at each connection count, the floor first: the ratios compare
    figures of the same run, on the same server."""
    figures = Figures()
    post = (files["body"], files["ctype"].read_text(), "/da-nop/")
    scenarios = (
        ("floor", "the framework floor", files["floor"], 200, None, figures.floor),
        ("inbox", "the specialist's inbox", files["inbox"], 200, None, figures.inbox),
        ("page", "citizens' own dossier pages", files["pages"], 200, None, figures.page),
        ("submit", "online submissions", files["submit"], 302, post, figures.submit),
    )
    for connections in args.connection_counts:
        for key, label, lines, expect, body, store in scenarios:
            if key not in args.scenario_keys:
                continue
            scenario = Scenario(key, label, lines, expect, body, connections)
            wait_for_quiet(args.wait_minutes, f"{key} c={connections}", server.pids())
            # Warm-up: every worker opens its connection and fills its caches.
            run_wrk(server.url, lines, connections, min(5, args.duration), expect, body)
            store[connections] = []
            if key == "submit":
                for mode in PGBENCH_MODES:
                    figures.pgbench[mode, connections] = []
            for number in range(1, args.runs + 1):
                store[connections].append(
                    timed(args, server, cast, sms, scenario, figures, key, number)
                )
    return figures


def timed(
    args: argparse.Namespace,
    server: Server,
    cast: Cast,
    sms: tuple[str, str],
    scenario: Scenario,
    figures: Figures,
    name: str,
    number: int,
) -> WrkRun:
    """One timed wrk run (and for submissions the pgbench runs after it), printed."""
    connections, submit = scenario.connections, scenario.key == "submit"
    if submit:
        checkpoint()
    before, started = cpu_ticks(), time.monotonic()
    run = run_wrk(
        server.url, scenario.lines, connections, args.duration, scenario.expect, scenario.body
    )
    others, busy = others_busy(before, time.monotonic() - started, {os.getpid(), *server.pids()})
    QUIET.others.append(others)
    if not run.valid:
        raise SystemExit(
            f"{scenario.label} c={connections}: invalid run ({run.bad} unexpected answers, "
            f"e.g. {run.example!r}; {run.errors} socket errors)"
        )
    line = (
        f"  {name:<6} c={connections:<3} run {number}: {run.rate:8,.1f}/s  "
        f"p50 {run.p50_ms:7.1f} ms  p99 {run.p99_ms:7.1f} ms  ({run.requests:,} requests)"
    )
    if submit:
        line += f"  | pgbench c={connections}:"
        for mode in PGBENCH_MODES:
            checkpoint()
            tps = run_pgbench(cast, sms, connections, args.duration, mode)
            figures.pgbench[mode, connections].append(tps)
            line += f" {mode} {tps:8,.1f} tps"
    line += f"  [others {others:.0%} CPU" + ("".join(f"; {b}" for b in busy)) + "]"
    print(line, flush=True)
    return run


def verdict(ok: bool, at_target: bool) -> str:
    if not at_target:
        return ""
    return " (target met)" if ok else " (target NOT met)"


def report(args: argparse.Namespace, workers: int, figures: Figures) -> list[str]:
    """Each page beside the floor of the same run: absolute figures, then the ratios."""
    lines = []
    for connections in args.connection_counts:
        at_target = connections == 8  # the targets are set at 8 connections
        lines.append(f"workers {workers}, {connections} connections (median of {args.runs} runs):")
        floor = figures.floor.get(connections)
        if floor:
            floor_rate, floor_p99 = median_run(floor, "rate"), median_run(floor, "p99_ms")
            lines.append(
                f"  framework floor      {floor_rate:8,.1f} pages/s   p99 {floor_p99:7.1f} ms"
            )
        for label, runs in (("inbox", figures.inbox), ("dossier page", figures.page)):
            if connections not in runs:
                continue
            rate, p99 = (
                median_run(runs[connections], "rate"),
                median_run(runs[connections], "p99_ms"),
            )
            line = f"  {label:<20} {rate:8,.1f} pages/s   p99 {p99:7.1f} ms"
            if floor:
                rate_ratio, p99_ratio = rate / floor_rate, p99 / floor_p99
                line += (
                    f"   = {rate_ratio:.2f} x floor's rate (target ≥ {TARGETS['rate_of_floor']})"
                    + verdict(rate_ratio >= TARGETS["rate_of_floor"], at_target)
                    + f", {p99_ratio:.2f} x floor's p99 (target ≤ {TARGETS['p99_of_floor']})"
                    + verdict(p99_ratio <= TARGETS["p99_of_floor"], at_target)
                )
            lines.append(line)
        if connections in figures.submit:
            rate = median_run(figures.submit[connections], "rate")
            lines.append(f"  submissions HTTP     {rate:8.1f} /s")
            for mode in PGBENCH_MODES:
                tps = statistics.median(figures.pgbench[mode, connections])
                ratio = rate / tps
                line = f"    pgbench -M {mode:<8} {tps:8,.1f} tps   ratio {ratio:.3f}"
                if mode == "prepared":
                    target = TARGETS["submit_ratio_prepared"]
                    line += f"   target ≥ {target:.2f}" + verdict(ratio >= target, at_target)
                lines.append(line)
    return lines


# --- the environment ----------------------------------------------------------------------


def describe_environment(workdir: Path) -> list[str]:
    import django
    import psycopg
    from django.conf import settings

    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    gunicorn = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--version"], capture_output=True, text=True
    )
    lines = [
        f"machine: nproc {os.cpu_count()}, {platform.machine()}, {platform.platform()}",
        f"python {platform.python_version()}, django {django.get_version()}, "
        f"{gunicorn.stdout.strip() or gunicorn.stderr.strip()}, "
        f"{(wrk.stdout or wrk.stderr).splitlines()[0].split(' Copyright')[0]}, "
        f"pgbench {PGBENCH}",
    ]
    with psycopg.connect(dbname=DATABASE, **pg_params()) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
        found = connection.execute(
            "SELECT name, current_setting(name), setting, boot_val, source FROM pg_settings "
            "WHERE name = ANY(%s) ORDER BY name",
            [list(PG_SETTINGS)],
        ).fetchall()
    changed = [
        name
        for name, _, setting, boot, source in found
        if source not in ("default", "override") and setting != boot
    ]
    params = pg_params()
    lines.append(
        f"database: PostgreSQL {version} at {params['host']}:{params['port']}, "
        f"database {DATABASE} (created for the run)"
    )
    lines.append(
        "settings: "
        + ("defaults" if not changed else "CHANGED from defaults: " + ", ".join(changed))
        + " - "
        + ", ".join(f"{name}={value}" for name, value, *_ in found)
    )
    engine = settings.SESSION_ENGINE.rsplit(".", 1)[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    lines.append(
        f"django: DEBUG=0, CONN_MAX_AGE=600, sessions {engine} (cache {cache}), e-mail to "
        f"locmem, MEDIA_ROOT, STATIC_ROOT and the cache under {workdir}"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Like the other PostgreSQL benchmarks under `make bench`: say why and skip, no failure.
    missing = [tool for tool in ("wrk", PGBENCH) if not shutil.which(tool)]
    if missing:
        print(f"bench_http.py skipped: {', '.join(missing)} not found (apt-get install -y wrk; "
              "PGBENCH=path/to/pgbench)")  # fmt: skip
        return 0
    try:
        maintenance("SELECT 1")
    except Exception as error:  # noqa: BLE001 - no server: say so and skip
        print(f"bench_http.py skipped: PostgreSQL not available ({error})")
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="phuongso-http-bench-"))
    env = prepare_environment(workdir)
    servers: list[Server] = []
    try:
        return run(args, env, workdir, servers)
    finally:
        for server in servers:
            server.stop()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        if not args.keep:
            maintenance(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, env: dict[str, str], workdir: Path, servers: list) -> int:
    reuse = args.reuse and database_exists()
    if not reuse:
        maintenance(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        maintenance(f"CREATE DATABASE {DATABASE}")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    if not reuse:
        print("loading the demo (migrate, load_demo --households 200) ...", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", households=200, allow_demo_accounts=True, stdout=quiet)
        print(f"  demo loaded in {time.perf_counter() - started:.1f} s")
        print(f"loading {args.dossiers:,} dossiers with set-based SQL ...", flush=True)
        made = load_dossiers(args)
        print(
            f"  loaded {made['dossiers']:,} dossiers, {made['events']:,} events, "
            f"{made['documents']:,} papers, {made['cycles']:,} supplement cycles, "
            f"{made['ratings']:,} ratings, {made['citizens']:,} citizens, "
            f"{made['new_specialists']} more specialists in {made['seconds']:.1f} s, on top of "
            f"the demo's {made['before']:,} dossiers "
            f"(database {made['size']})",
            flush=True,
        )
    else:
        print(f"reusing database {DATABASE} (left by --keep); migrating it", flush=True)
        call_command("migrate", verbosity=0, interactive=False)  # kept by an older checkout
    call_command("collectstatic", interactive=False, verbosity=0)

    cast = make_cast(args)
    print(
        f"cast: {cast.counts['dossiers']:,} dossiers, {cast.counts['citizens']:,} citizens, "
        f"{cast.counts['specialists']} specialists ({cast.counts['specialists_in_unit']} in "
        f"{SPECIALIST}'s unit); {SPECIALIST}'s inbox holds {cast.inbox_count} open dossiers; "
        f"{len(cast.page_lines):,} dossier pages of {args.sessions:,} signed-in citizens; "
        f"{cast.submitters:,} of them (phone, no e-mail) submit online",
        flush=True,
    )
    files = {
        "floor": workdir / "floor.txt",
        "inbox": workdir / "inbox.txt",
        "pages": workdir / "pages.txt",
        "submit": workdir / "submit.txt",
        "body": workdir / "submit.body",
        "ctype": workdir / "submit.ctype",
    }
    files["floor"].write_text(
        "".join(f"{FLOOR_PATH}\t{cookie}\n" for cookie in cast.specialist_cookies)
    )
    files["inbox"].write_text(
        "".join(f"/xu-ly/hop/cua-toi/\t{cookie}\n" for cookie in cast.specialist_cookies)
    )
    files["pages"].write_text("".join(line + "\n" for line in cast.page_lines))
    files["submit"].write_text("".join(line + "\n" for line in cast.submit_lines[1:]))
    body, ctype = multipart_body(cast.csrf, cast.papers)
    files["body"].write_bytes(body)
    files["ctype"].write_text(ctype)

    # What one request costs in SQL, and the writes the pgbench script must reproduce.
    # Each page once before it is captured: the session and the user are then in the cache, as
    # they are for all but a citizen's first request.
    inbox_key = cast.specialist_cookies[0].split(";")[0].split("=")[1]
    capture("GET", "/xu-ly/hop/cua-toi/", inbox_key)
    inbox_sql = capture("GET", "/xu-ly/hop/cua-toi/", inbox_key)
    path, cookie = cast.page_lines[0].split("\t")
    page_key = cookie.split(";")[0].split("=")[1]
    capture("GET", path, page_key)
    page_sql = capture("GET", path, page_key)
    submission, *sms = capture_submission(cast)
    if submission.status != 302 or "/da-nop/" not in submission.location:
        raise SystemExit(f"test-client submission answered {submission.status}")
    if inbox_sql.status != 200 or page_sql.status != 200:
        raise SystemExit(f"test client: inbox {inbox_sql.status}, page {page_sql.status}")
    print("SQL per request (Django test client, CaptureQueriesContext):")
    print(f"  inbox          {inbox_sql.summary()}")
    print(f"  dossier page   {page_sql.summary()}")
    print(f"  submission     {submission.summary()}")
    django_writes, script_writes = write_shapes(submission.statements), pgbench_shapes()
    print("  the submission's writes (Django):      " + ", ".join(django_writes))
    if django_writes != script_writes:
        print("  pgbench script's writes:               " + ", ".join(script_writes))
        raise SystemExit(f"{PGBENCH_SCRIPT.name} does not match the submission's writes")
    print(f"  {PGBENCH_SCRIPT.relative_to(ROOT)} sends the same writes in the same transactions")
    sys.stdout.flush()

    for line in describe_environment(workdir):
        print(line)
    if args.setup_only:
        print(f"--setup-only: database {DATABASE} kept, nothing measured")
        return 0
    wait_for_quiet(args.wait_minutes, "in-process timing", set())
    diagnose(cast, inbox_sql, page_sql)
    summary = []
    for workers in args.worker_counts:
        server = Server(workers, args.port, env, workdir)
        servers.append(server)
        server.wait()
        check_server(server, cast)
        print(
            f"gunicorn: {workers} sync workers on 127.0.0.1:{args.port}; wrk -t 2, "
            f"{args.duration} s per run, {args.runs} runs; pgbench -M simple and -M prepared -j 2 -T "
            f"{args.duration} with {PGBENCH_SCRIPT.relative_to(ROOT)}",
            flush=True,
        )
        figures = measure(args, server, cast, files, tuple(sms))
        server.stop()
        servers.remove(server)
        summary += report(args, workers, figures)
    print()
    print(
        f"SUMMARY ({cast.counts['dossiers']:,} dossiers on PostgreSQL when measuring began, "
        f"nproc {os.cpu_count()}, gunicorn sync workers {args.workers}, "
        f"{SPECIALIST}'s inbox {cast.inbox_count} open dossiers)"
    )
    for line in summary:
        print(line)
    busiest = max(QUIET.others, default=0.0)
    idle = not QUIET.busy_at_start and busiest < 0.05
    print(
        "machine: "
        + ("otherwise idle" if idle else "NOT idle")
        + f" - other processes used at most {busiest:.0%} of a CPU during a timed wrk run "
        f"(median {statistics.median(QUIET.others or [0]):.0%})"
        + ("; other benchmark running during " + ", ".join(QUIET.busy_at_start)
           if QUIET.busy_at_start else "")
        + f"; waited {QUIET.waited_s / 60:.1f} min for other benchmarks to finish"
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
