from __future__ import annotations

from io import BytesIO

import pytest
from django.core.management import CommandError, call_command

from phuongso.procedures.models import Procedure
from phuongso.procedures.tests.conftest import as_upload
from phuongso.procedures.tests.snapshots import catalogue_snapshot
from phuongso.procedures.workbook import import_catalogue_workbook

pytestmark = pytest.mark.django_db

DEADLINE = "Thời hạn (ngày làm việc)"


def _column(sheet, header: str) -> int:
    return [cell.value for cell in sheet[1]].index(header) + 1


def _add_copies(sheet, *codes: str) -> None:
    """Append copies of the last procedure row under new codes (rows 36, 37…)."""
    template = [cell.value for cell in sheet[sheet.max_row]]
    for code in codes:
        sheet.append([code, *template[1:]])


def test_a_wrong_type_in_row_37_is_reported_and_nothing_changes(commune, exported) -> None:
    before = catalogue_snapshot(commune)
    sheet = exported["Thủ tục"]
    _add_copies(sheet, "TM-90", "TM-91")
    sheet.cell(row=37, column=_column(sheet, DEADLINE)).value = "ba ngày"
    sheet.cell(row=2, column=_column(sheet, "Tên thủ tục")).value = "Tên đã sửa"
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.errors == [
        "Trang 'Thủ tục', dòng 37, cột 'Thời hạn (ngày làm việc)': phải là số nguyên không âm"
    ]
    assert catalogue_snapshot(commune) == before
    assert not Procedure.objects.filter(national_code__in=["TM-90", "TM-91"]).exists()


def test_a_missing_column_is_reported_and_nothing_changes(commune, exported) -> None:
    before = catalogue_snapshot(commune)
    sheet = exported["Thủ tục"]
    sheet.delete_cols(_column(sheet, DEADLINE))
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.errors == ["Trang 'Thủ tục', dòng 1: thiếu cột 'Thời hạn (ngày làm việc)'"]
    assert catalogue_snapshot(commune) == before


def test_a_missing_sheet_is_reported(commune, exported) -> None:
    del exported["Giấy tờ"]
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.errors == ["Thiếu trang 'Giấy tờ'"]


def test_every_bad_cell_is_listed_with_its_sheet_row_and_column(commune, exported) -> None:
    procedures, fees = exported["Thủ tục"], exported["Kênh, phí"]
    procedures.cell(row=3, column=_column(procedures, "Mức độ trực tuyến")).value = "Có lẽ"
    procedures.cell(row=4, column=_column(procedures, "Tên thủ tục")).value = None
    fees.cell(row=2, column=_column(fees, "Phí, lệ phí (đồng)")).value = -5
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.errors == [
        "Trang 'Thủ tục', dòng 3, cột 'Mức độ trực tuyến': phải là một trong: "
        "'Toàn trình', 'Một phần', 'Không trực tuyến'",
        "Trang 'Thủ tục', dòng 4, cột 'Tên thủ tục': không được để trống",
        "Trang 'Kênh, phí', dòng 2, cột 'Phí, lệ phí (đồng)': phải là số nguyên không âm",
    ]


def test_a_fee_row_for_an_unknown_procedure_is_refused(commune, exported) -> None:
    sheet = exported["Kênh, phí"]
    sheet.cell(row=2, column=1).value = "9.999999"
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.errors == [
        "Trang 'Kênh, phí', dòng 2, cột 'Mã thủ tục': không có thủ tục mã '9.999999' "
        "trong trang 'Thủ tục'"
    ]


def test_steps_must_share_the_whole_time(commune, exported) -> None:
    sheet = exported["Các bước"]
    code = sheet.cell(row=2, column=1).value
    sheet.cell(row=2, column=_column(sheet, "Tỷ lệ thời gian (%)")).value = 5
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.errors == [
        f"Trang 'Các bước', dòng 2, cột 'Tỷ lệ thời gian (%)': tổng tỷ lệ thời gian các bước "
        f"của thủ tục {code} phải bằng 100 (hiện là 95)"
    ]


def test_a_same_day_procedure_cannot_also_take_days(commune, exported) -> None:
    sheet = exported["Thủ tục"]
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == "1.001193")
    sheet.cell(row=row, column=_column(sheet, DEADLINE)).value = 3
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.errors == [
        f"Trang 'Thủ tục', dòng {row}, cột 'Thời hạn (ngày làm việc)': thủ tục giải quyết "
        "trong ngày thì để trống hoặc ghi 0"
    ]


def test_a_duplicated_code_is_refused(commune, exported) -> None:
    sheet = exported["Thủ tục"]
    _add_copies(sheet, sheet.cell(row=2, column=1).value)
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.errors == [
        f"Trang 'Thủ tục', dòng 36, cột 'Mã thủ tục': mã thủ tục "
        f"'{sheet.cell(row=2, column=1).value}' bị trùng"
    ]


def test_a_file_that_is_not_a_workbook_is_refused(commune, catalogue) -> None:
    result = import_catalogue_workbook(commune, BytesIO(b"khong phai excel"))
    assert result.errors == ["Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."]


def test_the_import_command_lists_the_errors_and_fails(commune, exported, tmp_path) -> None:
    sheet = exported["Thủ tục"]
    _add_copies(sheet, "TM-90", "TM-91")
    sheet.cell(row=37, column=_column(sheet, DEADLINE)).value = "ba"
    path = tmp_path / "loi.xlsx"
    exported.save(path)
    with pytest.raises(CommandError) as failure:
        call_command("import_catalogue", str(path))
    assert "Trang 'Thủ tục', dòng 37, cột 'Thời hạn (ngày làm việc)'" in str(failure.value)


def test_an_approximate_legal_time_is_refused(commune, exported) -> None:
    before = catalogue_snapshot(commune)
    sheet = exported["Thủ tục"]
    sheet.cell(
        row=2, column=_column(sheet, "Thời hạn (nguyên văn)")
    ).value = "Khoảng 10 ngày làm việc"
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.errors == [
        "Trang 'Thủ tục', dòng 2, cột 'Thời hạn (nguyên văn)': thời hạn giải quyết phải ghi "
        "chính xác theo quyết định công bố thủ tục (ví dụ «10 ngày làm việc»), không ghi «khoảng»"
    ]
    assert catalogue_snapshot(commune) == before
