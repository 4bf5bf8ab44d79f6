"""Dossier actions per second through the service, beside the same writes in raw SQL.

One dossier goes through five actions: receive at the counter, assign, propose the result,
approve, return the result (fee collected at the counter, paper result). The service path
calls `phuongso.dossiers.services`; the raw path writes the same rows (the dossier, its paper,
its five events, the daily serial and the compare-and-set updates) with plain SQL through
`django.db.connection.cursor()`, each action in its own transaction, no ORM. The target: the
service reaches at least half the raw-SQL rate. The two paths alternate in blocks of
dossiers, so both see the same machine load.

The script makes its own throwaway database (a temporary SQLite file, or a PostgreSQL
database named `phuongso_bench` that it creates and drops), migrates it and seeds one
commune, three officials and one procedure. Run from the project root:

    .venv/bin/python bench/bench_dossiers.py --db sqlite
    DB_HOST=127.0.0.1 DB_PORT=55433 DB_USER=postgres \\
        .venv/bin/python bench/bench_dossiers.py --db postgres

Options: --count N dossiers per run (5 actions each), --runs R (the median is reported),
--sms (the applicant gives a phone number, so the service also writes and "sends" SMS outbox
rows after commit; the raw path does not write them). DEBUG is forced off, e-mail goes to
the locmem backend and, without --sms, the applicant gives neither e-mail nor phone, so both
paths write exactly the same rows (checked before timing).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# BENCH_DATABASE names the throwaway PostgreSQL database (made and dropped by the script).
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "phuongso_bench")
TARGET_RATIO = 0.5
ACTIONS = ("receive_at_counter", "assign", "propose_result", "approve", "return_result")
WARM_UP_DOSSIERS = 20
BLOCK = 50  # dossiers per path before switching to the other path
# About a minute per database for three runs on an idle 2-core machine (both paths).
DEFAULT_COUNTS = {"sqlite": 1200, "postgres": 500}
# PostgreSQL settings that decide write throughput, printed with where they come from.
PG_SETTINGS = (
    "fsync",
    "synchronous_commit",
    "wal_sync_method",
    "full_page_writes",
    "commit_delay",
    "shared_buffers",
    "wal_buffers",
    "max_wal_size",
    "checkpoint_timeout",
    "work_mem",
    "jit",
)
RESULT_CODE = "123/XNTTHN"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Dossier actions per second: service layer vs raw SQL, same run."
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--count",
        type=int,
        default=None,
        help="dossiers per run, 5 actions each (default: 1200 on SQLite, 500 on PostgreSQL)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs; the median is reported")
    parser.add_argument(
        "--sms",
        action="store_true",
        help="the applicant gives a phone: the service also writes SMS outbox rows",
    )
    args = parser.parse_args(argv)
    if args.count is None:
        args.count = DEFAULT_COUNTS[args.db]
    if args.count < 1 or args.runs < 1:
        parser.error("--count and --runs must be at least 1")
    return args


# --- the throwaway database (everything here runs before django.setup()) ---------------


def _pg_params() -> dict[str, str]:
    params = {
        "host": os.environ.get("DB_HOST", "127.0.0.1"),
        "port": os.environ.get("DB_PORT", "5432"),
        "user": os.environ.get("DB_USER", "postgres"),
    }
    if os.environ.get("DB_PASSWORD"):
        params["password"] = os.environ["DB_PASSWORD"]
    return params


def _pg_maintenance(statement: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **_pg_params()) as connection:
        connection.execute(statement)


def prepare_environment(db: str, workdir: Path) -> None:
    """Point the settings at a throwaway database before Django reads them."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "phuongso.settings"
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory and slows Django down
    if not os.environ.get("SECRET_KEY"):
        os.environ["SECRET_KEY"] = "bench-only-" + secrets.token_urlsafe(32)
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["DATA_DIR"] = str(workdir)
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("DATABASE_URL", None)  # it would win over DB=...
    if db == "sqlite":
        os.environ["DB"] = "sqlite"
        os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    else:
        os.environ["DB"] = "postgres"
        os.environ["DB_NAME"] = BENCH_DATABASE
        _pg_maintenance(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        _pg_maintenance(f"CREATE DATABASE {BENCH_DATABASE}")


def drop_database(db: str) -> None:
    if db == "postgres":
        from django.db import connections

        connections.close_all()
        _pg_maintenance(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


# --- the cast ---------------------------------------------------------------------------


@dataclass
class Cast:
    commune: Any
    procedure: Any
    counter: Any
    specialist: Any
    leader: Any
    papers: list[Any]
    applicant: Any
    prefix: str
    fee: int


def seed(*, sms: bool) -> Cast:
    """Thanh Miếu (7909) from its data file, three officials and a three-day procedure."""
    from django.core.management import call_command

    from phuongso.accounts.models import Role
    from phuongso.accounts.services import create_official
    from phuongso.core.models import Commune
    from phuongso.core.services import COMMUNE_DATA_DIR, configure_commune, read_commune_file
    from phuongso.dossiers.services import Applicant, Paper
    from phuongso.dossiers.testing import make_procedure

    call_command("migrate", verbosity=0, interactive=False)
    Commune.objects.create(
        code=7909,
        name="Phường Thanh Miếu",
        division_type="phuong",
        province_code=25,
        province_name="Phú Thọ",
    )
    commune = configure_commune(read_commune_file(COMMUNE_DATA_DIR / "7909.json"))
    password = secrets.token_urlsafe(16)

    def official(username: str, kind: str, role: str) -> Any:
        return create_official(
            username=username,
            full_name=username.replace("_", " ").title(),
            unit=commune.units.get(kind=kind),
            roles=[role],
            password=password,
        )

    fee = 15000
    procedure = make_procedure(
        commune, code="1.000001", name="Cấp Giấy xác nhận tình trạng hôn nhân", days=3, fee=fee
    )
    papers = [
        Paper(name=document.name, required_document_id=document.pk)
        for document in procedure.documents.filter(mandatory=True)
    ]
    return Cast(
        commune=commune,
        procedure=procedure,
        counter=official("mot_cua", "service_centre", Role.COUNTER_OFFICER),
        specialist=official("chuyen_vien", "culture_society", Role.SPECIALIST),
        leader=official("lanh_dao", "leadership", Role.LEADER),
        papers=papers,
        # Without contacts the after-commit notification looks the dossier up, sends nothing.
        applicant=Applicant(name="Nguyễn Văn Dân", phone="+84912000001" if sms else ""),
        prefix=commune.agency_code or f"{commune.code:05d}",
        fee=fee,
    )


# --- the service path -----------------------------------------------------------------------


def service_steps(cast: Cast) -> list[Callable[[Any], Any]]:
    """The five actions of one dossier through the service layer, each given the last result."""
    from phuongso.dossiers import services

    return [
        lambda _: services.receive_at_counter(
            procedure=cast.procedure, actor=cast.counter, applicant=cast.applicant,
            papers=cast.papers,
        ),
        lambda dossier: services.assign(dossier, actor=cast.counter, assignee=cast.specialist),
        lambda dossier: services.propose_result(
            dossier, actor=cast.specialist, result_code=RESULT_CODE
        ),
        lambda dossier: services.approve(dossier, actor=cast.leader),
        lambda dossier: services.return_result(
            dossier, actor=cast.counter, electronic=False, fee_collected_now=True
        ),
    ]  # fmt: skip


# --- the raw SQL path -----------------------------------------------------------------------

# One statement instead of get_or_create + UPDATE + SELECT; the row lock still serialises.
NEXT_SERIAL = (
    "INSERT INTO dossiers_dailyserial (prefix, day, last) VALUES (%s, %s, 1) "
    "ON CONFLICT (prefix, day) DO UPDATE SET last = dossiers_dailyserial.last + 1 "
    "RETURNING last"
)
# Compare-and-set on (status, version), as services._change does.
_CAS = "UPDATE dossiers_dossier SET status = %s, version = version + 1, updated_at = %s{} "
_WHERE = "WHERE id = %s AND status = %s AND version = %s"
ASSIGN_SQL = _CAS.format(", assignee_id = %s, current_unit_id = %s, current_step = 1") + _WHERE
PROPOSE_SQL = _CAS.format(", result_code = %s, result_note = ''") + _WHERE
APPROVE_SQL = _CAS.format(", processing_ended_at = %s") + _WHERE
RETURN_SQL = _CAS.format(", returned_at = %s, result_is_electronic = %s, fee_paid = %s") + _WHERE


class Insert:
    """A plain INSERT of every column of a model, columns not given taking their defaults.

    The column list and the defaults are read from the model once, so the statement keeps
    writing whole rows when a colleague adds a column; the rows are written with SQL only.
    """

    def __init__(self, model: Any, connection: Any, *, returning: bool = False) -> None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        self.columns = [f.column for f in fields]
        self.defaults = {f.column: f.get_db_prep_save(f.get_default(), connection) for f in fields}
        self.sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, self.columns))}) "
            f"VALUES ({', '.join(['%s'] * len(self.columns))})"
            + (f" RETURNING {quote(model._meta.pk.column)}" if returning else "")
        )

    def params(self, values: dict[str, Any]) -> list[Any]:
        unknown = values.keys() - self.defaults.keys()
        if unknown:
            raise KeyError(f"no such columns: {sorted(unknown)}")
        row = {**self.defaults, **values}
        return [row[column] for column in self.columns]


class RawWriter:
    """The same rows as the service, written with plain SQL, one transaction per action."""

    def __init__(self, cast: Cast) -> None:
        from django.db import connection

        from phuongso.dossiers.deadlines import rule_for
        from phuongso.dossiers.models import Dossier, DossierDocument, DossierEvent

        self.cast = cast
        self.connection = connection
        self.ops = connection.ops
        self.cursor: Any = None
        self.rule = rule_for(cast.procedure, "1")
        self.dossier_insert = Insert(Dossier, connection, returning=True)
        self.document_insert = Insert(DossierDocument, connection)
        self.event_insert = Insert(DossierEvent, connection)

    def steps(self) -> list[Callable[[Any], Any]]:
        return [self.receive, self.assign, self.propose, self.approve, self.return_result]

    def _now(self) -> tuple[datetime, Any]:
        from django.utils import timezone

        self.cursor = self.connection.cursor()  # one per action, as Django code does
        moment = timezone.now()
        return moment, self.ops.adapt_datetimefield_value(moment)

    def _event(self, dossier_id: int, action: str, source: str, target: str,
               actor: Any, role: str, at: Any, data: dict[str, Any]) -> None:  # fmt: skip
        self.cursor.execute(
            self.event_insert.sql,
            self.event_insert.params({
                "dossier_id": dossier_id, "action": action, "from_status": source,
                "to_status": target, "actor_id": actor.pk, "actor_role": role, "at": at,
                "note": "", "data": json.dumps(data),
            }),
        )  # fmt: skip

    def _change(self, sql: str, params: list[Any]) -> None:
        self.cursor.execute(sql, params)
        if self.cursor.rowcount != 1:
            raise RuntimeError("stale dossier in the raw path")

    def receive(self, _: Any) -> int:
        from django.db import transaction
        from django.utils import timezone

        from phuongso.core import calendar

        cast, counter = self.cast, self.cast.counter
        moment, at = self._now()
        with transaction.atomic():
            day = timezone.localtime(moment).date()
            self.cursor.execute(NEXT_SERIAL, [cast.prefix, self.ops.adapt_datefield_value(day)])
            serial = self.cursor.fetchone()[0]
            appointment = calendar.appointment(moment, self.rule)
            self.cursor.execute(
                self.dossier_insert.sql,
                self.dossier_insert.params({
                    "commune_id": cast.commune.pk, "receiving_commune_id": counter.commune_id,
                    "procedure_id": cast.procedure.pk,
                    "code": f"{cast.prefix}-{day:%y%m%d}-{serial:04d}",
                    "channel": "1", "status": "received", "version": 0,
                    "applicant_name": cast.applicant.name,
                    "applicant_phone": cast.applicant.phone,
                    "submitted_at": at, "received_at": at, "received_by_id": counter.pk,
                    "appointment_at": self.ops.adapt_datetimefield_value(appointment),
                    "fee_amount": cast.fee, "fee_paid": False, "created_at": at,
                    "updated_at": at,
                }),
            )  # fmt: skip
            dossier_id = self.cursor.fetchone()[0]
            for paper in cast.papers:
                self.cursor.execute(
                    self.document_insert.sql,
                    self.document_insert.params({
                        "dossier_id": dossier_id,
                        "required_document_id": paper.required_document_id,
                        "name": paper.name, "digitised": False, "uploaded_at": at,
                    }),
                )  # fmt: skip
            self._event(dossier_id, "receive_at_counter", "", "received", counter,
                        "counter_officer", at, {"fee_paid": False})  # fmt: skip
        return dossier_id

    def assign(self, dossier_id: int) -> int:
        from django.db import transaction

        counter, specialist = self.cast.counter, self.cast.specialist
        _, at = self._now()
        with transaction.atomic():
            self._change(ASSIGN_SQL, ["in_processing", at, specialist.pk, specialist.unit_id,
                                      dossier_id, "received", 0])  # fmt: skip
            self._event(dossier_id, "assign", "received", "in_processing", counter,
                        "counter_officer", at,
                        {"assignee": specialist.pk, "unit": specialist.unit_id})  # fmt: skip
        return dossier_id

    def propose(self, dossier_id: int) -> int:
        from django.db import transaction

        _, at = self._now()
        with transaction.atomic():
            self._change(PROPOSE_SQL, ["awaiting_approval", at, RESULT_CODE,
                                       dossier_id, "in_processing", 1])  # fmt: skip
            self._event(dossier_id, "propose_result", "in_processing", "awaiting_approval",
                        self.cast.specialist, "specialist", at, {})  # fmt: skip
        return dossier_id

    def approve(self, dossier_id: int) -> int:
        from django.db import transaction

        _, at = self._now()
        with transaction.atomic():
            self._change(APPROVE_SQL, ["result_ready", at, at,
                                       dossier_id, "awaiting_approval", 2])  # fmt: skip
            self._event(dossier_id, "approve", "awaiting_approval", "result_ready",
                        self.cast.leader, "leader", at, {})  # fmt: skip
        return dossier_id

    def return_result(self, dossier_id: int) -> int:
        from django.db import transaction

        _, at = self._now()
        with transaction.atomic():
            self._change(RETURN_SQL, ["returned", at, at, False, True,
                                      dossier_id, "result_ready", 3])  # fmt: skip
            self._event(dossier_id, "return_result", "result_ready", "returned",
                        self.cast.counter, "counter_officer", at,
                        {"electronic": False, "fee_collected": True})  # fmt: skip
        return dossier_id


# --- measuring ------------------------------------------------------------------------------


def one_dossier(steps: list[Callable[[Any], Any]], spent: list[float] | None = None) -> int:
    """Run the five actions; add each one's seconds to `spent`; return the dossier id."""
    result: Any = None
    if spent is None:
        for step in steps:
            result = step(result)
    else:
        clock = time.perf_counter
        for number, step in enumerate(steps):
            began = clock()
            result = step(result)
            spent[number] += clock() - began
    return result if isinstance(result, int) else result.pk


def reset_dossiers() -> None:
    """Empty the dossier (and outbox) tables and flush the log: every timed pass starts alike."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    tables = [
        model._meta.db_table
        for label in ("dossiers", "notifications")
        if label in apps.app_configs
        for model in apps.get_app_config(label).get_models()
    ]
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    connection.ops.execute_sql_flush(statements)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@dataclass
class Pass:
    rate: float  # actions per second
    per_action_ms: list[float] = field(default_factory=list)


def timed_run(paths: dict[str, list[Callable[[Any], Any]]], count: int) -> dict[str, Pass]:
    """`count` dossiers through each path, in alternating blocks of BLOCK dossiers.

    Interleaving makes both paths share whatever else the machine is doing (CI runners and
    development machines are rarely idle), so the ratio stays meaningful when the absolute
    rates wander.
    """
    reset_dossiers()
    names = list(paths)
    spent = {name: [0.0] * len(ACTIONS) for name in names}
    elapsed = dict.fromkeys(names, 0.0)
    done = 0
    while done < count:
        size = min(BLOCK, count - done)
        for name in names if (done // BLOCK) % 2 == 0 else reversed(names):
            began = time.perf_counter()
            for _ in range(size):
                one_dossier(paths[name], spent[name])
            elapsed[name] += time.perf_counter() - began
        done += size
    return {
        name: Pass(count * len(ACTIONS) / elapsed[name], [1000 * s / count for s in spent[name]])
        for name in names
    }


def queries_per_action(steps: list[Callable[[Any], Any]]) -> list[list[str]]:
    """The SQL each action sends, after-commit notification included (steady state)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = []
    result: Any = None
    for step in steps:
        with CaptureQueriesContext(connection) as captured:
            result = step(result)
        report.append([query["sql"] for query in captured.captured_queries])
    return report


_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


TRANSACTION_CONTROL = frozenset({"SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"})


def summarise(sql: str) -> str:
    """`SELECT dossier`, `SAVEPOINT`, `COMMIT`... for one captured statement."""
    verb = sql.split(None, 1)[0].upper()
    if verb in TRANSACTION_CONTROL:
        return verb
    match = _TABLE.search(sql)
    table = match.group(1) if match else "?"
    return f"{verb} {table.removeprefix('dossiers_')}"


def check_same_rows(service_id: int, raw_id: int) -> None:
    """Both paths must leave the same dossier, papers and events (but ids and moments)."""
    from phuongso.dossiers.models import Dossier, DossierDocument, DossierEvent

    moments = {"submitted_at", "received_at", "appointment_at", "processing_ended_at",
               "returned_at", "created_at", "updated_at", "uploaded_at", "at"}  # fmt: skip
    ignored = moments | {"id", "code", "dossier_id"}

    def rows(model: Any, **lookup: Any) -> list[dict[str, Any]]:
        found = model.objects.filter(**lookup).order_by("pk").values()
        return [{k: v for k, v in row.items() if k not in ignored} for row in found]

    for model, lookup in (
        (Dossier, "pk"),
        (DossierDocument, "dossier_id"),
        (DossierEvent, "dossier_id"),
    ):
        service_rows, raw_rows = (
            rows(model, **{lookup: service_id}),
            rows(model, **{lookup: raw_id}),
        )
        if service_rows != raw_rows:
            raise SystemExit(
                f"raw SQL path differs from the service for {model.__name__}:\n"
                f"  service {service_rows}\n  raw     {raw_rows}"
            )
    service, raw = Dossier.objects.get(pk=service_id), Dossier.objects.get(pk=raw_id)
    for name in moments & {f.name for f in Dossier._meta.fields}:
        if (getattr(service, name) is None) != (getattr(raw, name) is None):
            raise SystemExit(f"raw SQL path differs from the service for Dossier.{name}")


def describe_database() -> list[str]:
    import django
    from django.db import connection

    lines = [
        f"machine: nproc {os.cpu_count()}, {platform.machine()}, {platform.platform()}",
        f"python {platform.python_version()}, django {django.get_version()}, DEBUG off",
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            import sqlite3

            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")
            synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[cursor.fetchone()[0]]
            options = connection.settings_dict["OPTIONS"]
            lines.append(
                f"database: SQLite {sqlite3.sqlite_version}, temporary file, "
                f"journal_mode={journal}, synchronous={synchronous}, "
                f"BEGIN {options.get('transaction_mode', 'DEFERRED')} "
                "(the project's settings)"
            )
        else:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute(
                "SELECT name, current_setting(name), setting, boot_val, source FROM pg_settings "
                "WHERE name = ANY(%s) ORDER BY name",
                [list(PG_SETTINGS)],
            )
            found = cursor.fetchall()
            rows = [(name, shown) for name, shown, *_ in found]
            # Debian's postgresql.conf repeats some defaults; 'override' is a value the server
            # computed itself (wal_buffers=-1 gives 1/32 of shared_buffers).
            changed = [
                name
                for name, _, setting, boot, source in found
                if source not in ("default", "override") and setting != boot
            ]
            params = connection.settings_dict
            lines.append(
                f"database: PostgreSQL {version} at {params['HOST']}:{params['PORT']}, "
                f"database {params['NAME']} (created for the run), one connection"
            )
            lines.append(
                "settings: "
                + ("defaults" if not changed else "CHANGED from defaults: " + ", ".join(changed))
                + " - "
                + ", ".join(f"{name}={value}" for name, value in rows)
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="phuongso-bench-"))
    try:
        prepare_environment(args.db, workdir)
        import django

        django.setup()
        return run(args)
    finally:
        try:
            drop_database(args.db)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace) -> int:
    from django.conf import settings

    if settings.DEBUG:
        raise SystemExit("DEBUG must be off while timing")
    cast = seed(sms=args.sms)
    raw = RawWriter(cast)
    service, plain = service_steps(cast), raw.steps()
    label = args.db

    for line in describe_database():
        print(line)
    contact = "a phone (SMS outbox rows written by the service only)" if args.sms else (
        "no e-mail, no phone (the notification hook only looks the dossier up)")  # fmt: skip
    print(
        f"workload: {args.count} dossiers x {len(ACTIONS)} actions ({', '.join(ACTIONS)}) "
        f"per run, {args.runs} runs, median; applicant with {contact}; "
        f"target: service >= {TARGET_RATIO:.2f} x raw SQL"
    )

    # Warm up both paths (calendar tables, caches, cached roles), then check and count.
    for _ in range(WARM_UP_DOSSIERS):
        service_id = one_dossier(service)
        raw_id = one_dossier(plain)
    check_same_rows(service_id, raw_id)
    print("check: both paths wrote the same dossier, paper and event rows")
    per_action = queries_per_action(service)
    plain_queries = queries_per_action(plain)

    def counted(queries: list[list[str]]) -> str:
        every = [summarise(sql) for action in queries for sql in action]
        control = sum(1 for name in every if name in TRANSACTION_CONTROL)
        return f"{len(every) - control} statements + {control} BEGIN/COMMIT/SAVEPOINT/RELEASE"

    print(f"per dossier: service {counted(per_action)}; raw SQL {counted(plain_queries)}")
    print("service SQL per action (CaptureQueriesContext, after-commit hooks included):")
    for name, queries in zip(ACTIONS, per_action, strict=True):
        names = [summarise(sql) for sql in queries]
        real = sum(1 for n in names if n not in TRANSACTION_CONTROL)
        print(f"  {name:<19}{real:>3}  " + ", ".join(names))
    sys.stdout.flush()

    service_passes: list[Pass] = []
    raw_passes: list[Pass] = []
    for number in range(1, args.runs + 1):
        done = timed_run({"service": service, "raw": plain}, args.count)
        service_passes.append(done["service"])
        raw_passes.append(done["raw"])
        print(
            f"  run {number}: service {done['service'].rate:,.0f} actions/s  "
            f"raw {done['raw'].rate:,.0f} actions/s  "
            f"ratio {done['service'].rate / done['raw'].rate:.2f}"
        )
        sys.stdout.flush()

    def median_ms(passes: list[Pass], index: int) -> float:
        return statistics.median(p.per_action_ms[index] for p in passes)

    print("  ms per action (median):   service    raw")
    for index, name in enumerate(ACTIONS):
        print(
            f"    {name:<19}{median_ms(service_passes, index):>13.2f}"
            f"{median_ms(raw_passes, index):>7.2f}"
        )
    service_rate = statistics.median(p.rate for p in service_passes)
    raw_rate = statistics.median(p.rate for p in raw_passes)
    ratio = service_rate / raw_rate
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(
        f"{label}  service {service_rate:,.0f} actions/s  raw {raw_rate:,.0f} actions/s  "
        f"ratio {ratio:.2f}  (target ≥ {TARGET_RATIO:.2f}: {verdict})  "
        f"[median of {args.runs} runs, {args.count} dossiers, nproc {os.cpu_count()}]"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
