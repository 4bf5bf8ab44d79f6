"""Survey answers imported from an Excel workbook: all rows, or none and every error."""

from __future__ import annotations

import pytest

from phuongso.households.models import ReviewEvent, ReviewStep
from phuongso.households.standard import Category, standard_for
from phuongso.households.tests.conftest import survey_workbook
from phuongso.households.workbook import CODE, INCOME, import_survey_workbook

pytestmark = pytest.mark.django_db
LABELS = [item.label for item in standard_for(2025).indicators]


def row(code: str, income: object, *deprived: str) -> list[object]:
    keys = standard_for(2025).keys
    return [code, income, *["Có" if key in deprived else "" for key in keys]]


def test_a_good_workbook_saves_every_row_with_one_summary_event(review_year, ward) -> None:
    rows = [
        row("H001", 1_200_000, "water", "telecom", "nutrition"),
        row("H002", "1.900.000"),
        row("H017", 5_000_000),
    ]
    result = import_survey_workbook(review_year=review_year, file=survey_workbook(rows), actor=None)
    assert result.ok, result.errors
    assert result.saved == 3
    assert result.summary() == "Đã nhập 3 phiếu (hộ nghèo 1, hộ cận nghèo 1, hộ không nghèo 1)."
    categories = dict(
        review_year.entries.exclude(surveyed_at=None).values_list("household__code", "category")
    )
    assert categories == {
        "H001": Category.POOR,
        "H002": Category.NEAR_POOR,
        "H017": Category.NOT_POOR,
    }
    assert ReviewEvent.objects.filter(step=ReviewStep.ANSWERS_IMPORTED).count() == 1


def test_headers_typed_without_marks_and_x_marks_are_accepted(review_year, ward) -> None:
    header = ["ma ho", "thu nhap binh quan (dong/nguoi/thang)", *standard_for(2025).keys]
    rows = [["H001", 1_000_000, "x", "x", "x"] + [""] * (len(LABELS) - 3)]
    result = import_survey_workbook(
        review_year=review_year, file=survey_workbook(rows, header), actor=None
    )
    assert result.ok, result.errors
    assert review_year.entries.get(household__code="H001").deprivation_count == 3


def test_every_bad_row_is_reported_and_nothing_saved(review_year, ward) -> None:
    rows = [
        row("H001", 1_000_000),
        row("H999", 1_000_000),
        row("H001", 2_000_000),
        row("H003", -5),
        row("", 1_000_000),
    ]
    rows[0][2] = "có lẽ"
    result = import_survey_workbook(review_year=review_year, file=survey_workbook(rows), actor=None)
    assert result.errors == [
        f"Dòng 2, cột '{LABELS[0]}': ghi 'Có' hoặc 'Không' (hoặc để trống)",
        f"Dòng 5, cột '{INCOME}': thu nhập không được là số âm",
        f"Dòng 6, cột '{CODE}': không được để trống",
        f"Dòng 3, cột '{CODE}': không có hộ mã 'H999' trong Phường Thanh Miếu",
    ]
    assert not review_year.entries.exclude(surveyed_at=None).exists()


def test_a_duplicated_code_is_reported(review_year, ward) -> None:
    rows = [row("H001", 1_000_000), row("H001", 2_000_000)]
    result = import_survey_workbook(review_year=review_year, file=survey_workbook(rows), actor=None)
    assert result.errors == [f"Dòng 3, cột '{CODE}': mã hộ 'H001' trùng với dòng 2"]


def test_a_column_of_the_2027_standard_is_refused_in_a_2025_review(review_year, ward) -> None:
    header = [CODE, INCOME, *LABELS, "Xử lý rác thải"]
    result = import_survey_workbook(
        review_year=review_year, file=survey_workbook([row("H001", 1)], header), actor=None
    )
    assert len(result.errors) == 1
    assert "'Xử lý rác thải' là chỉ số của" in result.errors[0]


def test_a_surveyor_cannot_import_another_groups_households(
    review_year, assigned, surveyor, ward
) -> None:
    rows = [row("H001", 1_000_000), row("H011", 1_000_000)]
    result = import_survey_workbook(
        review_year=review_year, file=survey_workbook(rows), actor=surveyor
    )
    assert result.errors == ["Bạn không được phân công rà soát tổ dân phố: Tổ dân phố 1 Thọ Sơn."]
    assert not review_year.entries.exclude(surveyed_at=None).exists()


def test_a_file_that_is_not_a_workbook_is_refused(review_year) -> None:
    from io import BytesIO

    result = import_survey_workbook(review_year=review_year, file=BytesIO(b"not excel"), actor=None)
    assert result.errors == ["Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."]


def test_the_import_page_lists_row_errors(client, specialist, review_year, ward) -> None:
    client.force_login(specialist)
    response = client.post(
        f"/ho-gia-dinh/ra-soat/{review_year.pk}/nhap-excel/",
        {"workbook": survey_workbook([row("H001", "abc")])},
    )
    page = response.content.decode()
    assert "Không nhập được: 1 lỗi, chưa có phiếu nào được lưu." in page
    assert "Dòng 2" in page
