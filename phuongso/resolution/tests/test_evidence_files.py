from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phuongso.core import testing
from phuongso.resolution import services
from phuongso.resolution.models import EvidenceFile

PDF, PNG = testing.PDF, testing.PNG


@pytest.fixture
def evidence(revenue, leader) -> EvidenceFile:
    actual = services.record_actual(
        indicator=revenue, year=2026, value="452.3", source="Báo cáo 215", actor=leader,
        files=[SimpleUploadedFile("bao cao thu ngan sach.pdf", PDF)],
    )  # fmt: skip
    return actual.evidence.get()


def test_a_pdf_is_kept_under_a_random_name_with_its_original_name(evidence, settings) -> None:
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "bao cao thu ngan sach.pdf"
    assert evidence.file.name.startswith("resolution/") and evidence.file.name.endswith(".pdf")
    assert "bao cao" not in evidence.file.name
    assert str(settings.MEDIA_ROOT) in evidence.file.path


def test_a_png_is_recognised_by_its_content_not_its_name(culture_task, specialist) -> None:
    report = services.report_progress(task=culture_task, actor=specialist, percent=40,
                                      text="Ảnh hiện trường", files=[SimpleUploadedFile("anh.pdf", PNG)])  # fmt: skip
    stored = report.evidence.get()
    assert stored.content_type == "image/png"
    assert stored.file.name.endswith(".png")


def test_a_file_over_the_size_limit_is_refused(settings, revenue, leader) -> None:
    settings.RESOLUTION_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(services.ResolutionError) as error:
        services.record_actual(indicator=revenue, year=2026, value="1", source="x", actor=leader,
                               files=[SimpleUploadedFile("lon.pdf", PDF + b"0" * 2000)])  # fmt: skip
    assert "quá lớn: tối đa 0,001 MB" in error.value.message or "quá lớn" in error.value.message
    assert not revenue.actuals.filter(year=2026, quarter=0).exists()


def test_the_file_is_served_only_to_those_who_see_the_figure(
    client, evidence, leader, citizen, other_commune_officer
) -> None:
    url = f"/nghi-quyet/minh-chung/{evidence.pk}/"
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(other_commune_officer)
    assert client.get(url).status_code == 404
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_the_form_accepts_an_evidence_file(client, revenue, other_unit_specialist) -> None:
    client.force_login(other_unit_specialist)
    response = client.post(f"/nghi-quyet/chi-tieu/{revenue.pk}/nhap-so-lieu/", {
        "year": "2026", "quarter": "3", "value": "330,5", "source": "Báo cáo 9 tháng",
        "evidence": SimpleUploadedFile("9-thang.pdf", PDF),
    })  # fmt: skip
    assert response.status_code == 302
    actual = revenue.actuals.get(year=2026, quarter=3)
    assert str(actual.value) == "330.5000"
    assert actual.evidence.get().original_name == "9-thang.pdf"
