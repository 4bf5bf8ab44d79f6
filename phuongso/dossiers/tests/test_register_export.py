"""The register (form 06) exports to Excel: one row per dossier, real dates, a usable sheet."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from django.db.models import QuerySet
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.register import COLUMNS, register_workbook
from phuongso.dossiers.testing import at, papers_for, walk_in

pytestmark = pytest.mark.django_db


def sheet_of(dossiers: QuerySet[Dossier]) -> Worksheet:
    return load_workbook(BytesIO(register_workbook(dossiers))).active


@pytest.fixture
def three_dossiers(three_day_procedure, citizen, counter_officer, specialist, leader) -> None:
    returned = walk_in(three_day_procedure, counter_officer, at("02/03/2026", "09:00"))
    returned = services.assign(
        returned, actor=counter_officer, assignee=specialist, at=at("02/03/2026", "10:00")
    )
    returned = services.propose_result(returned, actor=specialist, at=at("03/03/2026", "10:00"))
    returned = services.approve(returned, actor=leader, at=at("04/03/2026", "15:00"))
    services.return_result(
        returned,
        actor=counter_officer,
        electronic=False,
        fee_collected_now=True,
        at=at("05/03/2026", "08:00"),
    )
    stopped = walk_in(three_day_procedure, counter_officer, at("03/03/2026", "14:00"))
    services.stop(
        stopped, actor=leader, reason="Người nộp rút yêu cầu.", at=at("04/03/2026", "09:00")
    )
    online = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
        at=at("04/03/2026", "20:00"),
    )
    services.receive(online, actor=counter_officer, at=at("05/03/2026", "08:00"))


def test_one_row_per_dossier_with_its_dates(three_dossiers) -> None:
    sheet = sheet_of(Dossier.objects.order_by("received_at"))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    number, code, procedure, sets, applicant, unit, *dates, notes = rows[0]
    assert (number, sets) == (1, 1)
    assert code == "000.09.25.H43-260302-0001"
    assert procedure == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert applicant.startswith("Nguyễn Văn Dân")
    assert unit == "Phòng Văn hóa – Xã hội"
    assert dates == [
        datetime(2026, 3, 2, 9, 0),  # received
        datetime(2026, 3, 5, 17, 0),  # appointment
        datetime(2026, 3, 2, 10, 0),  # transferred to the processing unit
        datetime(2026, 3, 4, 15, 0),  # result
        datetime(2026, 3, 5, 8, 0),  # returned
    ]
    assert notes is None
    assert [row[0] for row in rows] == [1, 2, 3]
    assert rows[1][6:11] == (
        datetime(2026, 3, 3, 14, 0),
        datetime(2026, 3, 6, 17, 0),
        None,
        None,
        None,
    )
    assert rows[1][11] == "Dừng xử lý"
    assert rows[2][6] == datetime(2026, 3, 5, 8, 0)


def test_dates_show_as_dd_mm_yyyy(three_dossiers) -> None:
    sheet = sheet_of(Dossier.objects.all())
    date_columns = [index for index, column in enumerate(COLUMNS, start=1) if column.is_date]
    assert len(date_columns) == 5
    for row in range(2, 5):
        for column in date_columns:
            assert sheet.cell(row=row, column=column).number_format == "dd/mm/yyyy"


def test_the_header_is_vietnamese_bold_and_frozen_with_set_widths(three_dossiers) -> None:
    sheet = sheet_of(Dossier.objects.all())
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Số thứ tự", "Mã hồ sơ", "Tên thủ tục hành chính"]
    assert "Ngày hẹn trả kết quả" in headers and headers[-1] == "Ghi chú"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 40
    assert sheet.title == "Sổ theo dõi hồ sơ"


def test_an_empty_register_has_only_its_header(db) -> None:
    sheet = sheet_of(Dossier.objects.none())
    assert sheet.max_row == 1
