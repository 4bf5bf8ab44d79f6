from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse

from phuongso.procedures.models import Procedure
from phuongso.procedures.tests.conftest import as_upload
from phuongso.procedures.tests.snapshots import catalogue_snapshot
from phuongso.procedures.workbook import export_catalogue, import_catalogue_workbook

pytestmark = pytest.mark.django_db


def test_the_workbook_has_a_sheet_per_table_with_vietnamese_headers(exported) -> None:
    assert exported.sheetnames == ["Thủ tục", "Kênh, phí", "Giấy tờ", "Các bước", "Hướng dẫn"]
    headers = [cell.value for cell in exported["Thủ tục"][1]]
    assert headers[:3] == ["Mã thủ tục", "Mã nội bộ", "Tên thủ tục"]
    assert "Thời hạn (ngày làm việc)" in headers
    assert exported["Thủ tục"].max_row == 35


def test_export_then_import_preserves_the_catalogue(commune, catalogue) -> None:
    before = catalogue_snapshot(commune)
    result = import_catalogue_workbook(commune, BytesIO(export_catalogue(commune)))
    assert result.ok, result.errors
    assert (result.created, result.updated, result.deactivated) == (0, 34, 0)
    assert catalogue_snapshot(commune) == before


def test_a_workbook_copies_one_communes_catalogue_to_another(
    commune, other_commune, catalogue
) -> None:
    result = import_catalogue_workbook(other_commune, BytesIO(export_catalogue(commune)))
    assert result.created == 34
    assert catalogue_snapshot(other_commune) == catalogue_snapshot(commune)


def test_an_edited_fee_is_imported(commune, exported) -> None:
    sheet = exported["Kênh, phí"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "1.001193" and row[1].value == "Trực tuyến":
            row[4].value, row[5].value = 5000, "5.000 đồng (thử nghiệm)."
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.ok, result.errors
    option = Procedure.objects.get(national_code="1.001193").channels.get(channel="2")
    assert (option.fee_amount, option.fee_text) == (5000, "5.000 đồng (thử nghiệm).")


def test_a_procedure_left_out_of_the_workbook_is_deactivated_not_deleted(commune, exported) -> None:
    for sheet in exported.worksheets[:4]:
        rows = [row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == "TM-20"]
        for number in reversed(rows):
            sheet.delete_rows(number)
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.ok, result.errors
    assert result.deactivated == 1
    procedure = Procedure.objects.get(national_code="TM-20")
    assert procedure.is_active is False
    assert procedure.channels.exists()


def test_labels_typed_without_marks_are_accepted(commune, exported) -> None:
    sheet = exported["Thủ tục"]
    headers = [cell.value for cell in sheet[1]]
    level = headers.index("Mức độ trực tuyến") + 1
    code = sheet.cell(row=2, column=1).value
    sheet.cell(row=2, column=level).value = "mot phan"
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.ok, result.errors
    assert Procedure.objects.get(national_code=code).online_level == "partial"


def test_the_commands_export_and_import_a_file(commune, catalogue, tmp_path) -> None:
    from django.core.management import call_command

    path = tmp_path / "danh-muc.xlsx"
    call_command("export_catalogue", str(path))
    before = catalogue_snapshot(commune)
    call_command("import_catalogue", str(path))
    assert catalogue_snapshot(commune) == before


def test_a_procedure_left_out_stops_taking_submissions_at_once(
    client, citizen, commune, exported
) -> None:
    """The online form reads its procedure from the shared cache; deactivation by import is one
    UPDATE, with no signal, and must still reach it."""
    submit = reverse("dossiers:submit", kwargs={"national_code": "1.001193"})
    client.force_login(citizen)
    assert client.get(submit).status_code == 200
    for sheet in exported.worksheets[:4]:
        rows = [row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == "1.001193"]
        for number in reversed(rows):
            sheet.delete_rows(number)
    result = import_catalogue_workbook(commune, as_upload(exported))
    assert result.ok and result.deactivated == 1
    assert client.get(submit).status_code == 404
