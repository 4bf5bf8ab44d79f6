from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_the_export_is_a_workbook_with_the_dashboards_figures(client, leader, february) -> None:
    client.force_login(leader)
    response = client.get("/chat-luong/xuat-excel/?ky=thang&nam=2026&thang=2")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'filename="chi-so-chat-luong-7909-20260201-20260228.xlsx"'
        in (response["Content-Disposition"])
    )
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [
        "Chỉ số",
        "Nhóm chỉ số",
        "Số lượng hồ sơ",
        "Xu hướng theo tháng",
        "Kéo chỉ số xuống",
    ]
    rows = {row[0]: row for row in book["Chỉ số"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert rows["2.1"][3:6] == (5, 8, 62.5)
    assert rows["2.1"][8:10] == (12.5, 20.0)
    assert rows["2.2"][5] == 1.75
    counts = dict(book["Số lượng hồ sơ"].iter_rows(min_row=2, values_only=True))
    assert counts["Tiếp nhận"] == 8 and counts["Công dân rút hồ sơ"] == 1
    trend = list(book["Xu hướng theo tháng"].iter_rows(values_only=True))
    assert trend[0][-1] == "02/26"  # the trend ends with the chosen month
    on_time = next(row for row in trend if str(row[0]).startswith("2.1 "))
    assert on_time[-1] == 62.5
