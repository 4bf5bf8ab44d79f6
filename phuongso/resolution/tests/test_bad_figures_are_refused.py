"""Each bad figure is refused with a Vietnamese message and nothing is saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phuongso.resolution import services
from phuongso.resolution.models import ActualValue, ChangeRecord, EvidenceFile


@pytest.fixture
def before(resolution) -> tuple[int, int]:
    return ActualValue.objects.count(), ChangeRecord.objects.count()


def refused(indicator, leader, message: str, **kwargs) -> None:
    arguments = {"year": 2026, "value": "450", "source": "Báo cáo số 1/BC-UBND"} | kwargs
    with pytest.raises(services.ResolutionError) as error:
        services.record_actual(indicator=indicator, actor=leader, **arguments)
    assert message in error.value.message


def nothing_saved(before: tuple[int, int]) -> None:
    assert (ActualValue.objects.count(), ChangeRecord.objects.count()) == before
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize("year", [2024, 2031])
def test_a_year_outside_the_term_is_refused(revenue, leader, before, year) -> None:
    refused(revenue, leader, f"Năm {year} nằm ngoài nhiệm kỳ 2025–2030 của nghị quyết", year=year)
    nothing_saved(before)


def test_a_negative_revenue_is_refused(revenue, leader, before) -> None:
    refused(revenue, leader, "không được là số âm", value="-5")
    nothing_saved(before)


def test_a_percentage_over_100_is_refused(typed_rate, leader, resolution) -> None:
    before = (ActualValue.objects.count(), ChangeRecord.objects.count())
    refused(typed_rate, leader, "Tỷ lệ phần trăm không được vượt quá 100%", value="100.5")
    nothing_saved(before)


def test_a_value_without_a_source_is_refused(revenue, leader, before) -> None:
    refused(revenue, leader, "Vui lòng ghi nguồn số liệu", source="   ")
    nothing_saved(before)


def test_a_value_that_is_not_a_number_is_refused(revenue, leader, before) -> None:
    refused(revenue, leader, "Vui lòng nhập giá trị là một số", value="khoảng 450")
    nothing_saved(before)


def test_a_quarter_that_does_not_exist_is_refused(revenue, leader, before) -> None:
    refused(revenue, leader, "Quý phải là 1, 2, 3 hoặc 4", quarter=5)
    nothing_saved(before)


def test_a_computed_indicator_takes_no_typed_figure(resolution, leader, before) -> None:
    online = resolution.indicators.get(code="ho-so-toan-trinh")
    refused(online, leader, "được tính tự động", value="50")
    nothing_saved(before)


def test_an_evidence_file_that_is_not_pdf_jpeg_or_png_refuses_the_figure(
    revenue, leader, before
) -> None:
    disguised = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not really a pdf")
    refused(revenue, leader, "không phải PDF, JPEG hoặc PNG", files=[disguised])
    nothing_saved(before)


def test_the_form_shows_the_refusal_and_saves_nothing(client, revenue, leader, before) -> None:
    client.force_login(leader)
    response = client.post(
        f"/nghi-quyet/chi-tieu/{revenue.pk}/nhap-so-lieu/",
        {"year": "2031", "quarter": "0", "value": "700", "source": "Báo cáo"},
    )
    assert response.status_code == 200
    assert "Năm 2031 nằm ngoài nhiệm kỳ 2025–2030" in response.content.decode()
    nothing_saved(before)


def test_the_form_refuses_a_decimal_point_that_would_read_as_thousands(
    client, revenue, leader, before
) -> None:
    client.force_login(leader)
    response = client.post(
        f"/nghi-quyet/chi-tieu/{revenue.pk}/nhap-so-lieu/",
        {"year": "2026", "quarter": "0", "value": "450.5", "source": "Báo cáo"},
    )
    assert "Dùng dấu phẩy cho phần thập phân" in response.content.decode()
    nothing_saved(before)


def test_a_period_that_has_not_begun_is_refused(revenue, leader, before) -> None:
    refused(revenue, leader, "Năm 2029 chưa bắt đầu", year=2029)
    nothing_saved(before)
