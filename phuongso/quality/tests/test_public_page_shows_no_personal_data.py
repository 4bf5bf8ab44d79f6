from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from phuongso.dossiers import services
from phuongso.dossiers.testing import at
from phuongso.quality import rollups

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_march_2026(monkeypatch) -> None:
    """The page shows this month and the last: make "today" 10 March 2026."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 3, 10))


def test_anyone_reads_last_months_figures_and_late_dossiers(
    client, february, in_march_2026
) -> None:
    response = client.get("/cong-khai/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tháng 2/2026" in html and "Tháng 3/2026" in html
    assert "62,50%" in html and "25,00%" in html and "50,00%" in html  # 2.1, 3.3, 5.4
    assert "0,00%" in html and "chưa đồng bộ" in html  # 3.3 × 1.4, the national view
    assert "Số liệu chưa đầy đủ" in html
    # The late dossiers (H open at the period's end, past its date), by code only.
    assert february.A.code in html and february.F.code in html and february.H.code in html
    assert february.B.code not in html
    assert "Hộ tịch" in html


def test_no_name_phone_e_mail_or_identity_number_is_published(
    client, february, citizen, in_march_2026
) -> None:
    html = client.get("/cong-khai/").content.decode()
    for private in (
        "Nguyễn Văn Dân",
        citizen.phone,
        "0912000001",
        citizen.email,
        citizen.personal_id,
        "Chuyen Vien",
    ):
        assert private not in html


def test_an_apology_shows_its_date(client, february, leader, in_march_2026) -> None:
    # H had an apology on 25/2 with a new date 3/3; it ends on 4/3: late in March.
    dossier = services.propose_result(
        february.H, actor=february.H.assignee, at=at("04/03/2026", "09:00")
    )
    dossier = services.approve(dossier, actor=leader, at=at("04/03/2026", "10:00"))
    rollups.refresh()
    html = client.get("/cong-khai/").content.decode()
    assert dossier.code in html
    assert "25/02/2026" in html  # the apology letter
    assert "03/03/2026" in html  # the new date


def test_an_unknown_commune_is_not_found(client, commune) -> None:
    assert client.get("/cong-khai/?xa=1").status_code == 404
