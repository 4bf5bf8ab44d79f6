"""Certificates: PDF, JPEG or PNG by content, size-limited, served only to the official and
the training managers."""

from __future__ import annotations

import datetime as dt

import pytest

from phuongso.training import services
from phuongso.training.models import Enrolment, EnrolmentEvent
from phuongso.training.tests.conftest import JPEG, PDF, PNG, complete, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("content", "kind"), [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")]
)
def test_a_certificate_is_recognised_by_its_content(specialist, courses, content, kind) -> None:
    enrolment = complete(specialist, courses["KNS-CB"], certificate=upload(content, "anh.bin"))
    assert enrolment.certificate_type == kind
    assert enrolment.certificate_name == "anh.bin"
    assert not enrolment.certificate.name.endswith("anh.bin")  # stored under a random name


def test_a_text_file_named_pdf_is_refused_and_nothing_is_saved(specialist, courses) -> None:
    with pytest.raises(services.TrainingError, match="PDF, JPEG hoặc PNG"):
        complete(specialist, courses["KNS-CB"], certificate=upload(b"hello", "chung-nhan.pdf"))
    assert not Enrolment.objects.exists() and not EnrolmentEvent.objects.exists()


def test_a_file_over_5_mb_is_refused(specialist, courses) -> None:
    big = PDF + b"0" * (5 * 1024 * 1024)
    with pytest.raises(services.TrainingError, match="5 MB"):
        complete(specialist, courses["KNS-CB"], certificate=upload(big))


def test_a_completion_in_the_future_is_refused(specialist, courses) -> None:
    with pytest.raises(services.TrainingError, match="sau ngày hôm nay"):
        complete(specialist, courses["KNS-CB"], on=dt.date.today() + dt.timedelta(days=30))


def test_an_official_declaring_their_own_completion_must_upload_it(
    client, specialist, courses
) -> None:
    client.force_login(specialist)
    url = f"/dao-tao/can-bo/{specialist.pk}/"
    response = client.post(url, {"course": courses["KNS-CB"].pk, "completed_on": "2026-03-01"})
    assert "cần tải lên chứng nhận" in response.content.decode()
    response = client.post(
        url, {"course": courses["KNS-CB"].pk, "completed_on": "2026-03-01", "certificate": upload()}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(official=specialist).is_completed


def test_an_official_cannot_record_a_colleagues_completion(
    client, specialist, other_unit_specialist, courses
) -> None:
    client.force_login(other_unit_specialist)
    client.post(
        f"/dao-tao/can-bo/{specialist.pk}/",
        {
            "course": courses["KNS-CB"].pk,
            "completed_on": "2026-03-01",
            "certificate": upload(),
        },
    )
    assert not Enrolment.objects.exists()


def test_the_certificate_is_served_to_the_official_and_the_manager_only(
    client, specialist, administrator, other_unit_specialist, citizen, courses
) -> None:
    enrolment = complete(specialist, courses["KNS-CB"], certificate=upload())
    url = f"/dao-tao/chung-nhan/{enrolment.pk}/"
    for allowed in (specialist, administrator):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(other_unit_specialist)
    assert client.get(url).status_code == 404
    client.force_login(citizen)
    assert client.get(url).status_code == 403


def test_each_completion_writes_its_history(specialist, courses) -> None:
    enrolment = complete(specialist, courses["KNS-CB"])
    assert list(enrolment.events.values_list("kind", flat=True)) == ["enrolled", "completed"]
