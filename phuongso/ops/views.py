"""/healthz for the load balancer and the uptime monitor; /metrics for Prometheus."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from phuongso.core.access import public
from phuongso.dossiers.models import Dossier
from phuongso.ops import health


@public
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every probe passes, 503 otherwise (the load balancer takes the server out)."""
    found = health.probes()
    ok = all(probe.ok for probe in found.values())
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": {k: p.as_json() for k, p in found.items()}},
        status=200 if ok else 503,
    )


def _metric(lines: list[str], name: str, kind: str, help_text: str, samples) -> None:
    lines.append(f"# HELP {name} {help_text}")
    lines.append(f"# TYPE {name} {kind}")
    for labels, value in samples:
        label_text = ",".join(f'{k}="{v}"' for k, v in labels.items())
        lines.append(f"{name}{{{label_text}}} {value}" if label_text else f"{name} {value}")


@public
@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, computed when scraped (so every gunicorn worker answers the
    same without shared counters). Only for the bearer of METRICS_TOKEN; 404 when unset."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return HttpResponse("Cần mã truy cập số liệu giám sát.\n", status=403)
    found = health.probes()
    lines: list[str] = []
    _metric(lines, "phuongso_probe_ok", "gauge", "1 when the probe passes.",
            [({"probe": k}, int(p.ok)) for k, p in found.items()])  # fmt: skip
    _metric(lines, "phuongso_probe_seconds", "gauge", "Time the probe took.",
            [({"probe": k}, round(p.ms / 1000, 4)) for k, p in found.items()])  # fmt: skip
    outbox = found["outbox"].facts
    _metric(lines, "phuongso_outbox_waiting", "gauge", "Notifications waiting to be sent.",
            [({}, outbox.get("waiting", 0))])  # fmt: skip
    _metric(lines, "phuongso_outbox_oldest_waiting_seconds", "gauge",
            "Age of the oldest notification waiting.",
            [({}, outbox.get("oldest_waiting_seconds", 0))])  # fmt: skip
    by_status = Dossier.objects.values("status").annotate(n=Count("id")).order_by("status")
    _metric(lines, "phuongso_dossiers", "gauge", "Dossiers by status.",
            [({"status": row["status"]}, row["n"]) for row in by_status])  # fmt: skip
    last = health.latest_backup_time()
    if last is not None:
        _metric(lines, "phuongso_backup_last_timestamp_seconds", "gauge",
                "When the newest backup file in BACKUP_DIR was written.", [({}, int(last))])  # fmt: skip
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; version=0.0.4")
