"""Dashboards read from the replica named by DATABASE_REPLICA_URL; without one, and for
everything else, the primary."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phuongso.dossiers.models import Dossier
from phuongso.ops import routers
from phuongso.ops.routers import DashboardReplicaRouter, dashboard_reads


def test_without_a_replica_dashboards_read_the_primary(settings) -> None:
    assert "replica" not in settings.DATABASES
    with dashboard_reads():
        assert DashboardReplicaRouter().db_for_read(Dossier) is None


def test_with_a_replica_only_dashboard_reads_go_to_it(monkeypatch) -> None:
    monkeypatch.setattr(routers, "replica_configured", lambda: True)
    router = DashboardReplicaRouter()
    assert router.db_for_read(Dossier) is None
    with dashboard_reads():
        assert router.db_for_read(Dossier) == "replica"
        assert router.db_for_write(Dossier) == "default"
    assert router.db_for_read(Dossier) is None
    assert router.allow_migrate("replica", "dossiers") is False


@pytest.mark.django_db
def test_the_dashboard_page_sends_its_reads_to_the_replica(client, leader, monkeypatch) -> None:
    """The replica alias is pointed at the test database so the page can render; the router
    records which alias it chose for each read of the page."""
    chosen: list[str | None] = []
    original = DashboardReplicaRouter.db_for_read

    def spy(self, model, **hints):
        alias = original(self, model, **hints)
        chosen.append(alias)
        return None if alias == "replica" else alias  # the test database serves it

    monkeypatch.setattr(routers, "replica_configured", lambda: True)
    monkeypatch.setattr(DashboardReplicaRouter, "db_for_read", spy)
    client.force_login(leader)
    client.get(reverse("accounts:after_login"))  # a page outside the dashboards
    outside = len(chosen)
    assert "replica" not in chosen
    response = client.get(reverse("quality:dashboard"))
    assert response.status_code == 200
    assert chosen[outside:] and set(chosen[outside:]) == {"replica"}
