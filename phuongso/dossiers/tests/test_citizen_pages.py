"""The citizen's own dossiers: list, timeline, supplement, withdraw, result, rating, privacy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phuongso.core import testing
from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier, DossierEvent, Rating
from phuongso.dossiers.testing import papers_for
from phuongso.dossiers.timeline import timeline
from phuongso.dossiers.workflow import CITIZEN, Action, Status

pytestmark = pytest.mark.django_db
PDF = testing.PDF


@pytest.fixture
def dossier(three_day_procedure, citizen, counter_officer, specialist) -> Dossier:
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    dossier = services.receive(dossier, actor=counter_officer)
    return services.assign(dossier, actor=specialist, assignee=specialist)


def page(client, dossier) -> str:
    return client.get(reverse("dossiers:my_dossier", kwargs={"pk": dossier.pk})).content.decode()


def test_the_citizen_sees_the_list_and_the_timeline(client, citizen, dossier) -> None:
    client.force_login(citizen)
    listing = client.get(reverse("dossiers:my_dossiers")).content.decode()
    assert dossier.code in listing
    body = page(client, dossier)
    assert (
        "Nộp hồ sơ trực tuyến" in body and "Tiếp nhận hồ sơ" in body and "Phân công xử lý" in body
    )
    assert "Hẹn trả kết quả" in body


def test_another_citizen_gets_404(client, other_citizen, dossier) -> None:
    client.force_login(other_citizen)
    assert client.get(reverse("dossiers:my_dossier", kwargs={"pk": dossier.pk})).status_code == 404
    document = dossier.documents.first()
    url = reverse("dossiers:document_file", kwargs={"pk": dossier.pk, "document_pk": document.pk})
    assert client.get(url).status_code == 404


def test_the_citizen_answers_a_supplement_request(client, citizen, specialist, dossier) -> None:
    dossier = services.request_supplement(dossier, actor=specialist, items="Bổ sung giấy chứng tử")
    client.force_login(citizen)
    assert "Bổ sung giấy chứng tử" in page(client, dossier)
    client.post(
        reverse(
            "dossiers:citizen_action", kwargs={"pk": dossier.pk, "action": "supplement_received"}
        ),
        {"version": dossier.version, "files": SimpleUploadedFile("gct.pdf", PDF)},
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROCESSING
    assert dossier.documents.filter(added_in_supplement=True).count() == 1


def test_a_stale_page_loses_nothing_and_says_so(client, citizen, specialist, dossier) -> None:
    old_version = dossier.version
    services.request_supplement(dossier, actor=specialist, items="Bổ sung")
    client.force_login(citizen)
    response = client.post(
        reverse("dossiers:citizen_action", kwargs={"pk": dossier.pk, "action": "withdraw"}),
        {"version": old_version, "note": "Không cần nữa"},
        follow=True,
    )
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == Status.SUPPLEMENT_REQUESTED


def test_the_citizen_withdraws_with_a_reason(client, citizen, dossier) -> None:
    client.force_login(citizen)
    client.post(
        reverse("dossiers:citizen_action", kwargs={"pk": dossier.pk, "action": "withdraw"}),
        {"version": dossier.version, "note": "Tôi nộp nhầm"},
    )
    assert Dossier.objects.get(pk=dossier.pk).status == Status.WITHDRAWN


def test_the_result_downloads_only_after_return_then_the_citizen_rates_once(
    client, citizen, specialist, leader, counter_officer, dossier
) -> None:
    dossier = services.propose_result(
        dossier, actor=specialist, result_file=SimpleUploadedFile("kq.pdf", PDF + b"result")
    )
    dossier = services.approve(dossier, actor=leader)
    client.force_login(citizen)
    result_url = reverse("dossiers:result_file", kwargs={"pk": dossier.pk})
    assert client.get(result_url).status_code == 404
    services.return_result(dossier, actor=counter_officer, electronic=True, fee_collected_now=True)
    response = client.get(result_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    rate_url = reverse("dossiers:rate", kwargs={"pk": dossier.pk})
    client.post(rate_url, {"satisfied": "0", "comment": "Phải đi lại hai lần"})
    client.post(rate_url, {"satisfied": "1"})
    rating = Rating.objects.get()
    assert not rating.satisfied and rating.comment == "Phải đi lại hai lần"
    # The rating is a step of the dossier's history, in its audit trail like any other.
    event = DossierEvent.objects.filter(dossier=dossier).latest("pk")
    assert (event.action, event.actor, event.actor_role) == (Action.RATE, citizen, CITIZEN)
    assert event.data == {"satisfied": False} and event.to_status == Status.RETURNED
    assert "Chưa hài lòng: Phải đi lại hai lần" in page(client, dossier)
    # A step that leaves the status as it was does not claim to lead somewhere.
    *_, returned, rated = timeline(dossier)
    assert (returned.status, rated.title, rated.status) == (
        "Đã trả kết quả",
        "Đánh giá việc giải quyết hồ sơ",
        "",
    )


def test_a_second_rating_from_a_page_opened_before_the_first_is_refused(
    citizen, specialist, leader, counter_officer, dossier
) -> None:
    dossier = services.approve(services.propose_result(dossier, actor=specialist), actor=leader)
    dossier = services.return_result(
        dossier, actor=counter_officer, electronic=False, fee_collected_now=True
    )
    opened_in_another_tab = Dossier.objects.get(pk=dossier.pk)
    services.rate(dossier, citizen=citizen, satisfied=True)
    Rating.objects.all().delete()  # only the dossier's version can now tell the two apart
    with pytest.raises(services.StaleDossier):
        services.rate(opened_in_another_tab, citizen=citizen, satisfied=False, comment="Chậm")
    assert not Rating.objects.exists()
    assert DossierEvent.objects.filter(dossier=dossier, action=Action.RATE).count() == 1


def test_not_satisfied_needs_a_comment(
    client, citizen, specialist, leader, counter_officer, dossier
) -> None:
    dossier = services.approve(services.propose_result(dossier, actor=specialist), actor=leader)
    services.return_result(dossier, actor=counter_officer, electronic=False, fee_collected_now=True)
    client.force_login(citizen)
    response = client.post(
        reverse("dossiers:rate", kwargs={"pk": dossier.pk}), {"satisfied": "0"}, follow=True
    )
    assert "vì sao bạn chưa hài lòng" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_rating_sent_without_a_choice_keeps_the_comment(
    client, citizen, specialist, leader, counter_officer, dossier
) -> None:
    """The citizen wrote why and forgot the choice: the page comes back with the comment
    still in the box and the error beside the choice, and nothing is recorded."""
    dossier = services.approve(services.propose_result(dossier, actor=specialist), actor=leader)
    services.return_result(dossier, actor=counter_officer, electronic=False, fee_collected_now=True)
    client.force_login(citizen)
    response = client.post(
        reverse("dossiers:rate", kwargs={"pk": dossier.pk}),
        {"comment": "Cán bộ hướng dẫn tận tình"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng chọn mức độ hài lòng." in html
    assert "Cán bộ hướng dẫn tận tình</textarea>" in html
    assert 'aria-describedby="id_satisfied_error"' in html
    assert not Rating.objects.exists()


def test_the_dossier_page_reads_a_fixed_number_of_rows(
    client, citizen, dossier, django_assert_num_queries
) -> None:
    """The portal's most visited page, rendered on every visit: the session and the user come
    from the cache; the page reads the dossier (with procedure, commune and rating) and its
    history, one query each. A field the page shows but CITIZEN_PAGE_FIELDS lacks would cost
    a query per field."""
    client.force_login(citizen)
    client.get(reverse("dossiers:my_dossiers"))  # the session and the user into the cache
    with django_assert_num_queries(2):
        first = page(client, dossier)
    with django_assert_num_queries(2):
        again = page(client, dossier)
    assert _token(first) and _token(again)
    assert dossier.code in again and "Phân công xử lý" in again


def test_the_page_shows_every_change_at_once(
    client, citizen, specialist, leader, counter_officer, dossier
) -> None:
    client.force_login(citizen)
    assert "Cần bổ sung giấy tờ" not in page(client, dossier)
    dossier = services.request_supplement(dossier, actor=specialist, items="Bổ sung bản sao sổ")
    body = page(client, dossier)
    assert "Cần bổ sung giấy tờ" in body and "Bổ sung bản sao sổ" in body
    dossier = services.supplement_received(dossier, actor=citizen, papers=[])
    dossier = services.approve(services.propose_result(dossier, actor=specialist), actor=leader)
    services.return_result(dossier, actor=counter_officer, electronic=False, fee_collected_now=True)
    body = page(client, dossier)
    assert "Cần bổ sung giấy tờ" not in body and "Trả kết quả" in body
    assert "Đánh giá mức độ hài lòng" in body
    # A rating is a step: the page shows it.
    services.rate(dossier, citizen=citizen, satisfied=True)
    body = page(client, dossier)
    assert "Bạn đã đánh giá" in body and "Đánh giá mức độ hài lòng" not in body


def test_the_page_follows_the_names_it_shows(
    client, citizen, specialist, dossier, three_day_procedure
) -> None:
    client.force_login(citizen)
    page(client, dossier)
    three_day_procedure.name = "Xác nhận tình trạng hôn nhân (tên mới)"
    three_day_procedure.save()
    assert "Xác nhận tình trạng hôn nhân (tên mới)" in page(client, dossier)
    specialist.unit.name = "Phòng Văn hóa - Xã hội (tên mới)"
    specialist.unit.save()
    assert "Phòng Văn hóa - Xã hội (tên mới)" in page(client, dossier)  # in the history
    specialist.unit = specialist.unit.commune.units.get(kind="economy")  # moved to another unit
    specialist.save()
    assert f"Chuyên viên – {specialist.unit.name}" in page(client, dossier)
    citizen.full_name = "Nguyễn Văn Dân Mới"
    citizen.save()
    assert "Nguyễn Văn Dân Mới" in page(client, dossier)  # in the header


def test_the_page_turns_overdue_when_the_appointment_passes(
    client, citizen, dossier, monkeypatch
) -> None:
    client.force_login(citizen)
    assert "Quá hạn" not in page(client, dossier)
    later = dossier.due_at + timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Quá hạn" in page(client, dossier)


def test_the_page_has_a_token_that_works_after_signing_in_again(citizen, dossier) -> None:
    """Signing in draws a new CSRF secret: the page must carry the new one."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)
    page(browser, dossier)
    browser.logout()
    browser.force_login(citizen)
    body = page(browser, dossier)
    response = browser.post(
        reverse("dossiers:citizen_action", kwargs={"pk": dossier.pk, "action": "withdraw"}),
        {"csrfmiddlewaretoken": _token(body), "version": dossier.version, "note": "Nộp nhầm"},
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == Status.WITHDRAWN


def test_a_message_shows_once(client, citizen, dossier) -> None:
    client.force_login(citizen)
    page(client, dossier)
    response = client.post(
        reverse("dossiers:rate", kwargs={"pk": dossier.pk}), {"satisfied": "1"}, follow=True
    )
    assert "Chỉ đánh giá sau khi đã nhận kết quả" in response.content.decode()
    assert "Chỉ đánh giá sau khi đã nhận kết quả" not in page(client, dossier)


def test_a_page_seen_by_one_citizen_is_not_shown_to_another(
    client, citizen, other_citizen, dossier
) -> None:
    client.force_login(citizen)
    page(client, dossier)
    client.force_login(other_citizen)
    assert client.get(reverse("dossiers:my_dossier", kwargs={"pk": dossier.pk})).status_code == 404


def _token(body: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = body.find(marker)
    return body[start + len(marker) : body.index('"', start + len(marker))] if start >= 0 else ""


def test_a_stopped_dossier_promises_no_date(client, citizen, specialist, leader, dossier) -> None:
    """Stopped while waiting for papers, its deadline moved by the wait: that arithmetic is
    the index's, not a date anyone promised the citizen."""
    client.force_login(citizen)
    assert "Hẹn trả kết quả" in page(client, dossier)
    dossier = services.request_supplement(dossier, actor=specialist, items="Thiếu tờ khai")
    services.stop(dossier, actor=leader, reason="Công dân không bổ sung.")
    assert "Hẹn trả kết quả" not in page(client, dossier)
