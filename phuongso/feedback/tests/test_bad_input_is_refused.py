"""Bad input gets a clear message and nothing is saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phuongso.feedback import services
from phuongso.feedback.models import Report, ReportPhoto
from phuongso.feedback.services import FeedbackError, Reporter
from phuongso.feedback.tests.conftest import INSIDE, OUTSIDE, png

pytestmark = pytest.mark.django_db


def send(commune, category, **extra: object) -> Report:  # noqa: ANN001
    options = {
        "description": "Cột đèn số 14 không sáng.",
        "address": "Phố Hàm Nghi",
        **extra,
    }
    return services.submit_report(
        commune=commune, category=category, reporter=Reporter(name=""), **options
    )


def test_a_report_without_a_description_is_refused(commune, street_lights) -> None:
    with pytest.raises(FeedbackError, match="mô tả vấn đề"):
        send(commune, street_lights, description="   ")
    assert not Report.objects.exists()


def test_a_report_without_a_category_is_refused(commune, street_lights) -> None:
    with pytest.raises(FeedbackError, match="chọn lĩnh vực"):
        send(commune, None)
    assert not Report.objects.exists()


def test_a_category_of_another_commune_is_refused(commune, other_commune, street_lights) -> None:
    with pytest.raises(FeedbackError, match="không nhận phản ánh của Phường Việt Trì"):
        send(other_commune, street_lights)
    assert not Report.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(commune, street_lights) -> None:
    pdf = SimpleUploadedFile("anh.png", b"%PDF-1.4\n%%EOF\n", content_type="image/png")
    with pytest.raises(FeedbackError, match="không phải ảnh JPEG hoặc PNG"):
        send(commune, street_lights, photos=[pdf])
    fake = SimpleUploadedFile(
        "anh.png", b"\x89PNG\r\n\x1a\nkhong-phai-anh", content_type="image/png"
    )
    with pytest.raises(FeedbackError, match="không phải ảnh JPEG hoặc PNG"):
        send(commune, street_lights, photos=[fake])
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def test_too_many_photos_are_refused(commune, street_lights) -> None:
    with pytest.raises(FeedbackError, match="tối đa 4 ảnh"):
        send(commune, street_lights, photos=[png(f"{i}.png") for i in range(5)])
    assert not Report.objects.exists()


def test_coordinates_outside_the_ward_are_refused(commune, street_lights) -> None:
    with pytest.raises(FeedbackError, match="nằm ngoài địa bàn Phường Thanh Miếu"):
        send(commune, street_lights, latitude=OUTSIDE[0], longitude=OUTSIDE[1])
    assert not Report.objects.exists()
    report = send(commune, street_lights, latitude=INSIDE[0], longitude=INSIDE[1])
    assert float(report.latitude) == INSIDE[0]


def test_half_a_coordinate_or_no_place_at_all_is_refused(commune, street_lights) -> None:
    with pytest.raises(FeedbackError, match="cả vĩ độ và kinh độ"):
        send(commune, street_lights, latitude=INSIDE[0])
    with pytest.raises(FeedbackError, match="nơi xảy ra sự việc"):
        send(commune, street_lights, address="")
    assert not Report.objects.exists()


def test_the_form_shows_the_messages_and_saves_nothing(client, commune, street_lights) -> None:
    step_one = client.post(
        "/phan-anh/gui/",
        {"buoc": "2", "category": "", "address": "Phố Hàm Nghi"},
    ).content.decode()
    assert "Vui lòng chọn lĩnh vực phản ánh." in step_one
    outside = client.post(
        "/phan-anh/gui/",
        {
            "buoc": "2",
            "category": street_lights.pk,
            "latitude": OUTSIDE[0],
            "longitude": OUTSIDE[1],
        },
    ).content.decode()
    assert "nằm ngoài địa bàn Phường Thanh Miếu" in outside
    no_text = client.post(
        "/phan-anh/gui/",
        {"buoc": "2", "category": street_lights.pk, "address": "Phố Hàm Nghi", "description": ""},
    ).content.decode()
    assert "Vui lòng mô tả vấn đề bạn phản ánh." in no_text
    not_image = client.post(
        "/phan-anh/gui/",
        {
            "buoc": "2",
            "category": street_lights.pk,
            "address": "Phố Hàm Nghi",
            "description": "Đèn hỏng.",
            "photos": SimpleUploadedFile("den.jpg", b"MZ\x90\x00", content_type="image/jpeg"),
        },
    ).content.decode()
    assert "không phải ảnh JPEG hoặc PNG" in not_image
    assert not Report.objects.exists()


def test_a_photo_is_published_without_what_its_file_says_about_the_sender(
    commune, street_lights
) -> None:
    """A phone writes where and when the photo was taken and which phone took it (EXIF);
    report photos are public, so that is dropped, and a photo taken sideways stays upright."""
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Điện thoại của chị Lan"  # Make
    exif[0x0132] = "2026:11:20 07:15:00"  # DateTime
    exif[0x0112] = 6  # Orientation: turned 90° clockwise to be seen
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 160, 40)).save(buffer, format="JPEG", exif=exif)
    sent = SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")
    report = send(commune, street_lights, photos=[sent])
    with ReportPhoto.objects.get(report=report).file.open("rb") as stored:
        with Image.open(stored) as image:
            assert not image.getexif() and "exif" not in image.info
            assert image.size == (20, 40)


def test_a_damaged_photo_is_refused_not_a_server_error(commune, street_lights) -> None:
    """Also once weasyprint is loaded in the process, which tells Pillow to pad truncated
    pictures for everyone."""
    import io

    import weasyprint  # noqa: F401
    from PIL import Image, ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 200)).save(buffer, format="JPEG")
    whole = buffer.getvalue()
    cut = SimpleUploadedFile("hong.jpg", whole[: len(whole) * 2 // 3], content_type="image/jpeg")
    with pytest.raises(FeedbackError, match="không phải ảnh|tệp bị hỏng"):
        send(commune, street_lights, photos=[cut])
    assert not Report.objects.exists()
