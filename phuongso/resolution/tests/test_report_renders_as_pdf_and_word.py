from __future__ import annotations

import subprocess

from django.utils import timezone

from phuongso.resolution.formatting import official_date


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(content)
    result = subprocess.run(["/usr/bin/pdftotext", str(path), "-"],
                            capture_output=True, text=True, check=True)  # fmt: skip
    return " ".join(result.stdout.split())


def test_the_pdf_has_the_indicator_table_the_tasks_and_the_overdue_items(
    client, leader, resolution, tmp_path
) -> None:
    client.force_login(leader)
    response = client.get("/nghi-quyet/bao-cao/tai-xuong/?year=2026&quarter=0&dinh_dang=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "bao-cao-thuc-hien-nghi-quyet-7909-2026.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG THANH MIẾU",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Tình hình thực hiện Nghị quyết Đại hội đại biểu Đảng bộ phường",
        f"Thanh Miếu, {official_date(timezone.localdate())}",
        "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "Thu ngân sách nhà nước trên địa bàn",
        "410,6",
        "15.219",
        "0,35",
        "0,27",
        "218,4",
        "223,79",
        "Số liệu quý 2/2026",
        "Trên 632",
        "Cơ bản",
        "không còn",
        "TIẾN ĐỘ THỰC HIỆN CÁC CHƯƠNG TRÌNH, KẾ HOẠCH",
        "Khâu đột phá",
        "NHIỆM VỤ QUÁ HẠN, CHẬM TIẾN ĐỘ",
        "Quá hạn",
        "Phòng Văn hóa – Xã hội",
    ]:
        assert expected in text, expected


def test_a_quarter_report_names_its_quarter(client, leader, resolution, tmp_path) -> None:
    client.force_login(leader)
    response = client.get("/nghi-quyet/bao-cao/tai-xuong/?year=2026&quarter=2&dinh_dang=pdf")
    text = pdf_text(response.content, tmp_path)
    assert "Quý II năm 2026" in text
    assert "218,4" in text and "223,79" in text


def test_the_word_document_is_html_word_opens(client, leader, resolution) -> None:
    client.force_login(leader)
    response = client.get("/nghi-quyet/bao-cao/tai-xuong/?year=2026&quarter=0&dinh_dang=doc")
    assert response["Content-Type"] == "application/msword; charset=utf-8"
    assert response["Content-Disposition"].endswith('.doc"')
    html = response.content.decode("utf-8-sig")
    assert "urn:schemas-microsoft-com:office:word" in html
    assert "Thu ngân sách nhà nước trên địa bàn" in html and "410,6" in html


def test_a_period_outside_the_term_is_not_found(client, leader, resolution) -> None:
    client.force_login(leader)
    assert client.get("/nghi-quyet/bao-cao/tai-xuong/?year=2040&quarter=0").status_code == 404


def test_the_report_page_previews_the_table(client, leader, resolution) -> None:
    client.force_login(leader)
    page = client.get("/nghi-quyet/bao-cao/?year=2026&quarter=0").content.decode()
    assert "Tải báo cáo PDF" in page
    assert "Số liệu quý 2/2026" in page  # the investment has no yearly figure yet
