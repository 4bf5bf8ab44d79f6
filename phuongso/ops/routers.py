"""Dashboards read from a replica when one is configured; everything else uses the primary.

A router sees a model, not a request, so the request says what it is once: the middleware
below marks the GET requests of the dashboards named in REPLICA_VIEWS, and the router sends
their reads to the `replica` alias (DATABASE_REPLICA_URL). Writes, migrations, sessions and
everything outside a marked request go to `default`. A replica a few seconds behind is fine
for a dashboard; it is never read by a page that then writes what it read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_dashboard_reads: ContextVar[bool] = ContextVar("dashboard_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def dashboard_reads() -> Iterator[None]:
    """Inside this block, reads go to the replica (when there is one)."""
    token = _dashboard_reads.set(True)
    try:
        yield
    finally:
        _dashboard_reads.reset(token)


class DashboardReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if _dashboard_reads.get() and replica_configured():
            return REPLICA
        return None  # the default database

    def db_for_write(self, model, **hints) -> str | None:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        return True  # the replica is a copy of the same database

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return db == "default"


class DashboardReadsMiddleware:
    """Marks the GET requests of the views named in REPLICA_VIEWS (after authentication, so
    sessions and the signed-in user are read from the primary)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = getattr(request, "_dashboard_reads_token", None)
        if token is not None:
            _dashboard_reads.reset(token)
        return response

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        match = request.resolver_match
        if (
            request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in settings.REPLICA_VIEWS
        ):
            request._dashboard_reads_token = _dashboard_reads.set(True)
