"""The official forms come out as real one-page A4 PDFs, in Vietnamese, with fonts embedded."""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import segno
from PIL import Image
from weasyprint import HTML

from phuongso.dossiers import services
from phuongso.dossiers.documents import (
    QR_BORDER,
    FormUnavailable,
    place_date,
    render_form,
    render_html,
    status_url,
)
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.services import Applicant
from phuongso.dossiers.testing import at, papers_for

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Dân"
PROCEDURE = "Cấp Giấy xác nhận tình trạng hôn nhân"
CODE = "000.09.25.H43-260302-0001"
APPOINTMENT = "05/03/2026"
SUPPLEMENT_ITEMS = "- Bản sao giấy chứng tử của vợ trước.\n- Tờ khai ghi rõ nơi cư trú trước đây."


def received(procedure, officer) -> Dossier:
    """A walk-in dossier received on Monday 2/3/2026 at 09:00, due Thursday 5/3 at 17:00."""
    return services.receive_at_counter(
        procedure=procedure,
        actor=officer,
        applicant=Applicant(
            name=NAME,
            phone="+84912000001",
            email="dan@example.vn",
            address="Tổ dân phố 3 Tiên Cát, phường Thanh Miếu, tỉnh Phú Thọ",
        ),
        papers=papers_for(procedure),
        at=at("02/03/2026", "09:00"),
    )


@pytest.fixture
def dossier_for(
    three_day_procedure, citizen, counter_officer, specialist, leader
) -> Callable[[str], Dossier]:
    """Builds, through the services, a dossier each form applies to."""

    def build(form: str) -> Dossier:
        if form == "refusal":
            dossier = services.submit_online(
                procedure=three_day_procedure,
                applicant=citizen,
                papers=papers_for(three_day_procedure, with_files=True),
                at=at("01/03/2026", "20:00"),
            )
            return services.refuse(
                dossier,
                actor=counter_officer,
                at=at("02/03/2026", "08:00"),
                reason="Hồ sơ thuộc thẩm quyền giải quyết của Ủy ban nhân dân tỉnh.",
            )
        dossier = received(three_day_procedure, counter_officer)
        if form == "receipt":
            return dossier
        dossier = services.assign(
            dossier, actor=counter_officer, assignee=specialist, at=at("02/03/2026", "10:00")
        )
        if form == "supplement":
            return services.request_supplement(
                dossier,
                actor=specialist,
                at=at("03/03/2026", "09:00"),
                items=SUPPLEMENT_ITEMS,
            )
        if form == "apology":
            return services.apologise(
                dossier,
                actor=specialist,
                reason="Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây.",
                new_appointment_at=at("10/03/2026", "17:00"),
                at=at("04/03/2026", "10:00"),
            )
        if form == "stop":
            return services.stop(
                dossier,
                actor=leader,
                at=at("03/03/2026", "14:00"),
                reason="Người yêu cầu đã có Giấy xác nhận còn hiệu lực.",
            )
        dossier = services.propose_result(
            dossier, actor=specialist, result_code="12/XNTTHN", at=at("03/03/2026", "10:00")
        )
        dossier = services.approve(dossier, actor=leader, at=at("04/03/2026", "15:00"))
        return services.return_result(
            dossier,
            actor=counter_officer,
            electronic=False,
            fee_collected_now=True,
            at=at("05/03/2026", "08:00"),
        )

    return build


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def saved(pdf: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return path


def text_of(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text as pdftotext reads it, with line breaks folded into spaces."""
    return " ".join(run("/usr/bin/pdftotext", str(saved(pdf, tmp_path)), "-").split())


EXPECTED = {
    "receipt": [
        CODE,
        APPOINTMENT,
        "17:00, ngày 05/03/2026",
        "09:00, ngày 02/03/2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Tờ khai",
        "15.000 đồng",
        "Thanh Miếu, ngày 02 tháng 3 năm 2026",
    ],
    "supplement": [
        CODE,
        APPOINTMENT,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "1 Bản sao giấy chứng tử của vợ trước.",
        "2 Tờ khai ghi rõ nơi cư trú trước đây.",
    ],
    "refusal": [
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "thẩm quyền giải quyết của Ủy ban nhân dân tỉnh",
        "20:00, ngày 01/03/2026",
    ],
    "apology": [
        CODE,
        APPOINTMENT,
        "17:00, ngày 10/03/2026",
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Cần xác minh tình trạng hôn nhân",
        "Thanh Miếu, ngày 04 tháng 3 năm 2026",
    ],
    "stop": [CODE, APPOINTMENT, "Về việc dừng xử lý hồ sơ", "Giấy xác nhận còn hiệu lực"],
    "control_sheet": [
        CODE,
        APPOINTMENT,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Trước hạn",
        "Đúng hạn",
        "Chuyen Vien",
        "Phòng Văn hóa – Xã hội",
    ],
}


@pytest.mark.parametrize("form", list(EXPECTED))
def test_each_form_is_a_pdf_in_vietnamese_with_the_dossier(
    form, dossier_for, tmp_path, caplog
) -> None:
    dossier = dossier_for(form)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_form(form, dossier)
    assert pdf.startswith(b"%PDF")
    assert not caplog.records, "WeasyPrint warned about the form's HTML or CSS"
    text = text_of(pdf, tmp_path)
    for expected in [
        NAME,
        PROCEDURE,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND PHƯỜNG THANH MIẾU",
        *EXPECTED[form],
    ]:
        assert expected in text


@pytest.mark.parametrize("form", list(EXPECTED))
def test_each_form_fits_one_a4_page_with_noto_serif_embedded(form, dossier_for, tmp_path) -> None:
    path = saved(render_form(form, dossier_for(form)), tmp_path)
    info = run("/usr/bin/pdfinfo", str(path))
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert "595.276 x 841.89 pts (A4)" in info
    fonts = run("/usr/bin/pdffonts", str(path)).splitlines()[2:]
    assert fonts
    for line in fonts:
        name, *_rest, emb, _sub, _uni, _obj, _gen = line.split()
        assert "NotoSerif" in name and emb == "yes"


def test_the_receipt_carries_a_qr_code_of_the_public_status_page(dossier_for, tmp_path) -> None:
    dossier = dossier_for("receipt")
    url = status_url(dossier)
    assert url == f"http://127.0.0.1:8000/tra-cuu/{CODE}"
    # Where the QR code lies on the page: it is also a link to the status page. (WeasyPrint
    # gives link areas as (x1, y1, x2, y2) in CSS pixels, whatever its docstring says.)
    page = HTML(string=render_html("receipt", dossier)).render().pages[0]
    box = next(area for _kind, target, area, _box in page.links if target == url)
    expected = [list(row) for row in segno.make(url, error="m").matrix_iter(border=QR_BORDER)]
    assert read_modules(render_form("receipt", dossier), box, len(expected), tmp_path) == expected


def read_modules(pdf: bytes, box: tuple[float, ...], size: int, tmp_path: Path) -> list[list[int]]:
    """The QR code's modules as drawn: the page is rasterised and each module's centre read."""
    dpi = 300
    x, y, right, bottom = (round(value * dpi / 96) for value in box)
    width, height = right - x, bottom - y
    out = tmp_path / "qr"
    run(
        "/usr/bin/pdftoppm",
        "-r",
        str(dpi),
        "-gray",
        "-singlefile",
        "-x",
        str(x),
        "-y",
        str(y),
        "-W",
        str(width),
        "-H",
        str(height),
        str(saved(pdf, tmp_path)),
        str(out),
    )
    with Image.open(f"{out}.pgm") as image:
        pixels = image.load()
        step_x, step_y = image.width / size, image.height / size
        return [
            [
                int(pixels[int((col + 0.5) * step_x), int((row + 0.5) * step_y)] < 128)
                for col in range(size)
            ]
            for row in range(size)
        ]


def test_forms_follow_the_version_setting(dossier_for, settings) -> None:
    dossier = dossier_for("receipt")
    settings.DOSSIER_FORMS_VERSION = "2099"
    with pytest.raises(FormUnavailable, match="phiên bản 2099"):
        render_form("receipt", dossier)
    assert render_form("receipt", dossier, version="2018").startswith(b"%PDF")


def test_a_form_that_does_not_apply_yet_is_refused(dossier_for) -> None:
    dossier = dossier_for("receipt")
    for form in ("apology", "stop", "refusal", "supplement", "no_such_form"):
        with pytest.raises(FormUnavailable):
            render_form(form, dossier)
    with pytest.raises(FormUnavailable):
        render_form("receipt", dossier, version="../2018")


def test_the_date_line_pads_days_below_ten_and_the_first_two_months(commune) -> None:
    assert place_date(commune, at("05/02/2026")) == "Thanh Miếu, ngày 05 tháng 02 năm 2026"
    assert place_date(commune, at("15/11/2026")) == "Thanh Miếu, ngày 15 tháng 11 năm 2026"


def test_a_reprinted_receipt_lists_the_papers_received_not_later_supplements(
    dossier_for, specialist
) -> None:
    dossier = dossier_for("supplement")
    services.supplement_received(
        dossier,
        actor=specialist,
        papers=[services.Paper(name="Giấy chứng tử của vợ trước", file=None)],
        at=at("04/03/2026", "09:00"),
    )
    reprinted = render_html("receipt", Dossier.objects.get(pk=dossier.pk))
    assert "Giấy chứng tử của vợ trước" not in reprinted
    for paper in dossier.procedure.documents.filter(mandatory=True):
        assert paper.name in reprinted
