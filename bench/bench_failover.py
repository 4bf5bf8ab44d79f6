"""Failure drill: PostgreSQL crashes and comes back in the middle of online submissions.

Issue 22, item 12: every submission the application acknowledged (the citizen saw the
"submitted" page) must be in the database afterwards, the application must recover without a
restart, and the notification outbox must drain once the database is back.

The script starts everything it needs and stops it at the end:
- its own throwaway PostgreSQL cluster (initdb in a temporary folder, run as the `pgci` user
  when we are root, as CI does; never the shared server);
- a small demo (migrate, load_demo --households 30 --dossiers 0), then gunicorn (3 sync workers,
  persistent connections) on 127.0.0.1.

Then C threads submit N online dossiers (Đăng ký khai sinh, three PDF papers each) as signed-in
demo citizens. Each submission carries its one-time key and is retried with the same key until
acknowledged, as a citizen presses the button again. When a third of them are acknowledged,
PostgreSQL is stopped with `pg_ctl stop -m immediate` (a crash: no shutdown checkpoint, recovery
from the WAL on start) and started again after a pause. Printed: acknowledged, errors by kind
during and after the outage, time from the database's return to the next acknowledged
submission, acknowledged submissions missing from the database (must be 0), keys with more than
one dossier (must be 0), gunicorn's master process unchanged, /healthz, and the outbox before
and after `manage.py send_notifications`.

    .venv/bin/python bench/bench_failover.py [--submissions 300] [--connections 8] [--down 3]

Exit status 1 when an acknowledged submission is missing, a key made two dossiers, or the
application did not recover; 0 otherwise (and when PostgreSQL's binaries are not installed).
"""

from __future__ import annotations

import argparse
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import bench_http  # noqa: E402  (Server, session_cookie, the submission's form)

DATABASE = "phuongso_failover"
PROCEDURE_CODE = bench_http.PROCEDURE_CODE
CLUSTER_USER = "pgci"
SERVERS: list[bench_http.Server] = []  # stopped at the end, whatever happens


def pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts)
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (trust authentication, user postgres)."""

    def __init__(self, binaries: Path, folder: Path) -> None:
        self.bin, self.folder = binaries, folder
        self.data, self.log = folder / "data", folder / "postgres.log"
        self.port = free_port()
        self.as_user: list[str] = []
        folder.mkdir()
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            try:
                pwd.getpwnam(CLUSTER_USER)
            except KeyError:
                subprocess.run(["useradd", "-m", CLUSTER_USER], check=True)
            shutil.chown(folder, CLUSTER_USER)
            self.as_user = ["runuser", "-u", CLUSTER_USER, "--"]

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True)

    def create(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.log), "-w", "start")  # fmt: skip

    def crash(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"],
            capture_output=True,
        )


def form_body(csrf: str, papers: list[tuple[int, str]], key: str) -> tuple[bytes, str]:
    body, ctype = bench_http.multipart_body(csrf, papers)
    boundary = ctype.split("boundary=", 1)[1]
    extra = f'--{boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\n{key}\r\n'.encode()
    return extra + body, ctype


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def post(url: str, cookie: str, body: bytes, ctype: str) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=body, headers={"Cookie": cookie, "Content-Type": ctype}
    )
    try:
        with OPENER.open(request, timeout=15) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "") if error.headers else ""


class Load:
    def __init__(self, url: str, cookies: list[str], csrf: str, papers, total: int) -> None:
        self.url, self.cookies, self.csrf, self.papers = url, cookies, csrf, papers
        self.keys = [secrets.token_hex(16) for _ in range(total)]
        self.acknowledged: dict[str, float] = {}
        self.errors: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        self.next = 0

    def take(self) -> int | None:
        with self.lock:
            if self.next >= len(self.keys):
                return None
            self.next += 1
            return self.next - 1

    def worker(self) -> None:
        while (index := self.take()) is not None:
            key = self.keys[index]
            cookie = self.cookies[index % len(self.cookies)]
            body, ctype = form_body(self.csrf, self.papers, key)
            for _attempt in range(60):
                try:
                    status, location = post(self.url, cookie, body, ctype)
                    outcome = str(status)
                except OSError as error:
                    status, location, outcome = 0, "", type(error).__name__
                if status == 302 and location.endswith("/da-nop/"):
                    with self.lock:
                        self.acknowledged[key] = time.monotonic()
                    break
                with self.lock:
                    self.errors.append((time.monotonic(), outcome))
                time.sleep(0.25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--down", type=float, default=3.0, help="seconds PostgreSQL stays down")
    args = parser.parse_args(argv)

    binaries = pg_bin()
    if binaries is None or not shutil.which("runuser"):
        print(
            "skipped: PostgreSQL's server binaries are not installed (apt-get install postgresql)"
        )
        return 0
    folder = Path(tempfile.mkdtemp(prefix="phuongso-failover-"))
    folder.chmod(0o711)  # the cluster's user must reach its folder inside
    cluster = None
    try:
        cluster = Cluster(binaries, folder / "pg")
        cluster.create()
        cluster.start()
        os.environ.update(
            {"DB_HOST": "127.0.0.1", "DB_PORT": str(cluster.port), "DB_USER": "postgres"}
        )
        env = bench_http.prepare_environment(folder)
        env["DB_NAME"] = os.environ["DB_NAME"] = DATABASE
        env["CONN_MAX_AGE"] = os.environ["CONN_MAX_AGE"] = "60"
        bench_http.maintenance(f"CREATE DATABASE {DATABASE}")
        return drill(args, cluster, env, folder)
    finally:
        for server in SERVERS:
            server.stop()
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def drill(args, cluster: Cluster, env: dict[str, str], folder: Path) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from phuongso.accounts.models import User
    from phuongso.dossiers.models import Dossier
    from phuongso.notifications.models import DeliveryStatus, Notification
    from phuongso.procedures.models import Procedure

    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", households=30, dossiers=0, allow_demo_accounts=True, stdout=quiet)
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"PostgreSQL {version} (default settings) on port {cluster.port}; demo loaded in "
          f"{time.perf_counter() - began:.0f} s", flush=True)  # fmt: skip

    procedure = Procedure.objects.get(commune__code=7909, national_code=PROCEDURE_CODE)
    papers = list(procedure.documents.filter(mandatory=True).values_list("pk", "name"))
    citizens = list(User.objects.filter(roles__isnull=True, is_active=True).order_by("pk")[:8])
    csrf = "a" * 32
    cookies = [
        f"{settings.SESSION_COOKIE_NAME}={bench_http.session_cookie(u)}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}"
        for u in citizens
    ]
    before = Dossier.objects.count()
    connection.close()  # this process holds no connection through the crash

    server = bench_http.Server(args.workers, free_port(), env, folder)
    SERVERS.append(server)
    server.wait()
    master = server.process.pid
    workers_before = server.pids() - {master}
    url = f"{server.url}/nop-ho-so/{PROCEDURE_CODE}/"
    load = Load(url, cookies, csrf, papers, args.submissions)
    threads = [threading.Thread(target=load.worker) for _ in range(args.connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while len(load.acknowledged) < args.submissions // 3 and any(t.is_alive() for t in threads):
        time.sleep(0.05)
    down_at = time.monotonic()
    acknowledged_before_crash = len(load.acknowledged)
    cluster.crash()
    time.sleep(args.down)
    cluster.start()
    up_at = time.monotonic()
    for thread in threads:
        thread.join()
    finished = time.monotonic()

    after_up = sorted(t for t in load.acknowledged.values() if t > up_at)
    first_after = after_up[0] - up_at if after_up else None
    during = Counter(kind for t, kind in load.errors if down_at <= t <= up_at)
    after = Counter(kind for t, kind in load.errors if t > up_at)
    before_crash = Counter(kind for t, kind in load.errors if t < down_at)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT submission_key FROM dossiers_dossier WHERE submission_key = ANY(%s)",
            [list(load.acknowledged)],
        )
        stored = [key for (key,) in cursor.fetchall()]
    missing = set(load.acknowledged) - set(stored)
    doubled = [key for key, n in Counter(stored).items() if n > 1]
    made = Dossier.objects.count() - before
    never = len(load.keys) - len(load.acknowledged)

    try:
        with urllib.request.urlopen(server.url + "/healthz", timeout=10) as response:
            health = response.status
    except urllib.error.HTTPError as error:
        health = error.code
    same_master = server.process.poll() is None and server.process.pid == master
    workers_after = server.pids() - {master}

    waiting = [DeliveryStatus.PENDING, DeliveryStatus.FAILED]
    outbox_before = Notification.objects.filter(status__in=waiting).count()
    with open(os.devnull, "w") as quiet:
        call_command("send_notifications", stdout=quiet)
    outbox_after = Notification.objects.filter(status__in=waiting).count()

    print(f"submissions: {args.submissions} by {args.connections} connections, {args.workers} "
          f"gunicorn workers, {finished - started:.1f} s in all")  # fmt: skip
    print(f"  acknowledged: {len(load.acknowledged)} ({acknowledged_before_crash} before the "
          f"crash); never acknowledged after 60 tries: {never}")  # fmt: skip
    print(f"  PostgreSQL down (pg_ctl stop -m immediate, start -w): {up_at - down_at:.1f} s")
    print(f"  errors before the crash: {dict(before_crash) or 0}; while down: {dict(during) or 0};"
          f" after it was back: {dict(after) or 0}")  # fmt: skip
    print("  first acknowledged submission after the database was back: "
          + (f"{first_after:.2f} s" if first_after is not None else "none"))  # fmt: skip
    print(f"  acknowledged but missing from the database: {len(missing)} (must be 0)")
    print(f"  keys with more than one dossier: {len(doubled)} (must be 0); dossiers made: {made}")
    print(f"  /healthz afterwards: {health}; gunicorn master unchanged: {same_master}; workers "
          f"replaced: {len(workers_before - workers_after)} of {len(workers_before)}")  # fmt: skip
    print(f"  outbox waiting: {outbox_before} before send_notifications, {outbox_after} after")
    ok = not missing and not doubled and health == 200 and same_master and outbox_after == 0
    ok = ok and first_after is not None and never == 0
    print("verdict: " + ("recovered, nothing acknowledged was lost" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
