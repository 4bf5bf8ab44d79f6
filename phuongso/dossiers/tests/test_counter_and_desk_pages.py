"""The counter and the processing desk through their pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from phuongso.accounts.models import User
from phuongso.core import testing
from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier, DossierEvent
from phuongso.dossiers.testing import at, papers_for, submitted_online, walk_in
from phuongso.dossiers.workflow import Action, Status

pytestmark = pytest.mark.django_db
PDF = testing.PDF


def walk_in_post(client, procedure, **changes):
    paper = procedure.documents.get(order=1)
    data = {
        "procedure": procedure.pk,
        "full_name": "Hoàng Thị Lan",
        "phone": "0977 123 456",
        "personal_id": "",
        "email": "",
        "address": "Tổ 5 Bạch Hạc",
        "request_text": "",
        "checked": "on",
        f"giay_to_{paper.pk}": SimpleUploadedFile("scan.pdf", PDF),
        **changes,
    }
    return client.post(reverse("dossiers:walk_in"), data)


def test_the_counter_receives_a_walk_in_and_scans_mark_papers_digitised(
    client, counter_officer, three_day_procedure
) -> None:
    client.force_login(counter_officer)
    response = walk_in_post(client, three_day_procedure)
    dossier = Dossier.objects.get()
    assert response.url == reverse("dossiers:desk_dossier", kwargs={"pk": dossier.pk})
    assert dossier.status == Status.RECEIVED and dossier.channel == "1"
    assert dossier.documents.get().digitised
    citizen = User.objects.get(phone="+84977123456")
    assert dossier.applicant == citizen and not citizen.has_usable_password()
    page = client.get(response.url).content.decode()
    assert "Giấy tiếp nhận và hẹn trả" in page


def test_the_counter_must_confirm_the_completeness_check(
    client, counter_officer, three_day_procedure
) -> None:
    client.force_login(counter_officer)
    response = walk_in_post(client, three_day_procedure, checked="")
    assert "Vui lòng kiểm tra đủ thành phần hồ sơ" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_counter_queue_shows_online_submissions(
    client, counter_officer, citizen, three_day_procedure
) -> None:
    submitted_online(three_day_procedure, citizen)
    client.force_login(counter_officer)
    body = client.get(reverse("dossiers:counter")).content.decode()
    assert "Hồ sơ trực tuyến chờ tiếp nhận (1)" in body and "Nguyễn Văn Dân" in body


def test_citizens_cannot_open_the_counter_or_the_desk(client, citizen) -> None:
    client.force_login(citizen)
    for name in ("dossiers:counter", "dossiers:walk_in", "dossiers:inbox"):
        assert client.get(reverse(name)).status_code == 403


def test_the_inbox_puts_what_is_due_first_and_marks_overdue(
    client, counter_officer, specialist, three_day_procedure
) -> None:
    late = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    later = walk_in(three_day_procedure, counter_officer, at("20/11/2026"))
    for dossier in (later, late):
        services.assign(dossier, actor=specialist, assignee=specialist)
    client.force_login(specialist)
    body = client.get(reverse("dossiers:inbox_box", kwargs={"box": "cua-toi"})).content.decode()
    assert body.index(late.code) < body.index(later.code)
    assert "row-overdue" in body and "Quá hạn" in body


def test_a_dossier_whose_clock_stands_still_does_not_push_late_ones_down(
    client, counter_officer, specialist, leader, three_day_procedure
) -> None:
    """Waiting for papers since March (its date frozen in March), or its result ready since
    March: neither is late; the dossier overdue since last week is what to do first."""

    def assigned(day: str) -> Dossier:
        dossier = walk_in(three_day_procedure, counter_officer, at(day))
        return services.assign(dossier, actor=specialist, assignee=specialist, at=at(day, "10:00"))

    paused = services.request_supplement(
        assigned("02/03/2026"), actor=specialist, items="Bản sao sổ", at=at("03/03/2026")
    )
    ready = services.approve(
        services.propose_result(assigned("02/03/2026"), actor=specialist, at=at("03/03/2026")),
        actor=leader,
        at=at("04/03/2026"),
    )
    overdue = assigned("16/11/2026")
    client.force_login(specialist)
    body = client.get(reverse("dossiers:inbox_box", kwargs={"box": "cua-toi"})).content.decode()
    assert body.index(overdue.code) < body.index(paused.code)
    assert body.index(overdue.code) < body.index(ready.code)


def test_the_inbox_follows_its_rows_and_the_clock(
    client, counter_officer, specialist, three_day_procedure, monkeypatch, django_assert_num_queries
) -> None:
    """The inbox is rendered on every visit: a new dossier, a renamed procedure or the
    remaining time passing all show at once."""
    dossier = walk_in(three_day_procedure, counter_officer, timezone.now())
    services.assign(dossier, actor=specialist, assignee=specialist)
    client.force_login(specialist)
    inbox = reverse("dossiers:inbox_box", kwargs={"box": "cua-toi"})
    first = client.get(inbox).content.decode()
    assert dossier.code in first and "Quá hạn" not in first
    with django_assert_num_queries(2):  # the count and the page of rows
        again = client.get(inbox).content.decode()
    assert again == first.replace(_token(first), _token(again))
    other = walk_in(three_day_procedure, counter_officer, timezone.now())
    services.assign(other, actor=specialist, assignee=specialist)
    assert "(2)" in (body := client.get(inbox).content.decode()) and other.code in body
    three_day_procedure.name = "Xác nhận tình trạng hôn nhân (tên mới)"
    three_day_procedure.save()
    assert "Xác nhận tình trạng hôn nhân (tên mới)" in client.get(inbox).content.decode()
    later = dossier.due_at + timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Quá hạn" in client.get(inbox).content.decode()


def test_the_inbox_counts_down_only_while_the_legal_clock_runs(
    client, counter_officer, specialist, leader, three_day_procedure
) -> None:
    def assigned() -> Dossier:
        dossier = walk_in(three_day_procedure, counter_officer, timezone.now())
        return services.assign(dossier, actor=specialist, assignee=specialist)

    running = assigned()
    paused = services.request_supplement(assigned(), actor=specialist, items="Bản sao sổ")
    ready = services.approve(services.propose_result(assigned(), actor=specialist), actor=leader)
    client.force_login(specialist)
    body = client.get(reverse("dossiers:inbox_box", kwargs={"box": "cua-toi"})).content.decode()

    def remaining(dossier: Dossier) -> str:
        row = next(row for row in body.split("<tr")[1:] if dossier.code in row)
        return row.split("<td>")[6].split("</td>")[0]

    assert "ngày" in remaining(running) or "giờ" in remaining(running)
    assert remaining(paused) == "tạm dừng, chờ bổ sung"
    assert remaining(ready) == "—"  # processing ended: no time left to count


def _token(body: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = body.index(marker) + len(marker)
    return body[start : body.index('"', start)]


def test_the_inbox_shows_twenty_at_a_time_with_the_total(
    client, counter_officer, specialist, three_day_procedure
) -> None:
    dossiers = [
        walk_in(three_day_procedure, counter_officer, at(f"{day:02d}/10/2026"))
        for day in range(1, 24)
    ]
    for dossier in dossiers:
        services.assign(dossier, actor=specialist, assignee=specialist)
    client.force_login(specialist)
    inbox = reverse("dossiers:inbox_box", kwargs={"box": "cua-toi"})

    def codes(body: str) -> list[str]:
        return [d.code for d in dossiers if d.code in body]

    first = client.get(inbox).content.decode()
    assert "Hồ sơ giao cho tôi (23)" in first and "Trang 1/2" in first
    assert codes(first) == [d.code for d in dossiers[:20]]  # the most urgent first
    second = client.get(inbox, {"trang": "2"}).content.decode()
    assert codes(second) == [d.code for d in dossiers[20:]] and "Trang 2/2" in second
    past_the_end = client.get(inbox, {"trang": "9"}).content.decode()
    assert codes(past_the_end) == codes(second)
    assert codes(client.get(inbox, {"trang": "x"}).content.decode()) == codes(first)


def test_the_dossier_page_offers_only_the_roles_actions(
    client, counter_officer, specialist, leader, three_day_procedure
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    dossier = services.propose_result(
        services.assign(dossier, actor=specialist, assignee=specialist), actor=specialist
    )
    url = reverse("dossiers:desk_dossier", kwargs={"pk": dossier.pk})
    client.force_login(specialist)
    assert "Phê duyệt kết quả" not in client.get(url).content.decode()
    client.force_login(leader)
    body = client.get(url).content.decode()
    assert "Phê duyệt kết quả" in body and "Trả lại để xử lý lại" in body


def test_an_official_who_applied_rates_on_the_portal_not_on_the_desk(
    client, counter_officer, specialist, leader, three_day_procedure
) -> None:
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=specialist,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    dossier = services.assign(
        services.receive(dossier, actor=counter_officer), actor=specialist, assignee=specialist
    )
    dossier = services.approve(services.propose_result(dossier, actor=specialist), actor=leader)
    services.return_result(dossier, actor=counter_officer, electronic=False, fee_collected_now=True)
    client.force_login(specialist)
    desk = client.get(reverse("dossiers:desk_dossier", kwargs={"pk": dossier.pk}))
    assert desk.status_code == 200
    assert "Bạn không có thao tác nào" in desk.content.decode()
    portal = client.get(reverse("dossiers:my_dossier", kwargs={"pk": dossier.pk}))
    assert reverse("dossiers:rate", kwargs={"pk": dossier.pk}) in portal.content.decode()


def test_the_desk_tells_paper_copies_from_papers_digitised_elsewhere(
    client, counter_officer, three_day_procedure
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    from_the_data_store = dossier.documents.get()
    from_the_data_store.digitised = from_the_data_store.reused_from_data_store = True
    from_the_data_store.save()
    on_paper = dossier.documents.create(name="Bản sao giấy chứng nhận kết hôn")
    client.force_login(counter_officer)
    body = client.get(reverse("dossiers:desk_dossier", kwargs={"pk": dossier.pk})).content.decode()
    rows = {
        document.name: row
        for row in body.split("<tr>")
        for document in [from_the_data_store, on_paper]
        if document.name in row
    }
    assert "Không có tệp đính kèm" in rows[from_the_data_store.name]
    assert "Bản giấy" in rows[on_paper.name] and "Không có tệp" not in rows[on_paper.name]


def test_a_leader_approves_from_the_page(
    client, counter_officer, specialist, leader, three_day_procedure
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    dossier = services.propose_result(
        services.assign(dossier, actor=specialist, assignee=specialist), actor=specialist
    )
    client.force_login(leader)
    client.post(
        reverse("dossiers:act", kwargs={"pk": dossier.pk, "action": "approve"}),
        {"approve-version": dossier.version},
    )
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RESULT_READY


def test_a_stale_form_after_someone_else_acted_changes_nothing(
    client, counter_officer, specialist, leader, three_day_procedure
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    dossier = services.assign(dossier, actor=specialist, assignee=specialist)
    seen_version = dossier.version
    services.request_supplement(dossier, actor=specialist, items="Thiếu tờ khai")
    client.force_login(leader)
    response = client.post(
        reverse("dossiers:act", kwargs={"pk": dossier.pk, "action": "stop"}),
        {"stop-version": seen_version, "stop-note": "Dừng vì trùng hồ sơ"},
    )
    body = response.content.decode()
    assert "vừa được người khác cập nhật" in body
    assert "Dừng vì trùng hồ sơ" in body  # what the leader typed is still on the page
    assert not DossierEvent.objects.filter(dossier=dossier, action=Action.STOP).exists()


def test_a_reasonless_refusal_is_refused_with_a_message(
    client, counter_officer, citizen, three_day_procedure
) -> None:
    dossier = submitted_online(three_day_procedure, citizen)
    client.force_login(counter_officer)
    response = client.post(
        reverse("dossiers:act", kwargs={"pk": dossier.pk, "action": "refuse"}),
        {"refuse-version": dossier.version, "refuse-note": ""},
    )
    assert "Vui lòng nêu rõ lý do." in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == Status.SUBMITTED


def test_a_specialist_of_another_unit_gets_404(
    client, counter_officer, other_unit_specialist, three_day_procedure
) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    client.force_login(other_unit_specialist)
    assert (
        client.get(reverse("dossiers:desk_dossier", kwargs={"pk": dossier.pk})).status_code == 404
    )


def test_the_receipt_slip_prints_as_pdf(client, counter_officer, three_day_procedure) -> None:
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    client.force_login(counter_officer)
    response = client.get(
        reverse("dossiers:form_pdf", kwargs={"pk": dossier.pk, "form": "receipt"})
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        client.get(
            reverse("dossiers:form_pdf", kwargs={"pk": dossier.pk, "form": "refusal"})
        ).status_code
        == 404
    )


def test_a_walk_in_with_an_email_of_another_account_is_still_received(
    client, counter_officer, citizen, three_day_procedure
) -> None:
    client.force_login(counter_officer)
    walk_in_post(client, three_day_procedure, email="dan@example.vn")
    dossier = Dossier.objects.get()
    assert dossier.applicant_email == "dan@example.vn"
    assert dossier.applicant.phone == "+84977123456" and dossier.applicant.email is None


def test_a_walk_in_giving_a_relatives_phone_does_not_land_in_the_relatives_account(
    client, counter_officer, other_citizen, three_day_procedure
) -> None:
    """Lan gives her own card and her sister's phone: the dossier and its scans are Lan's, in
    an account of her own; the sister's account neither sees it nor changes."""
    client.force_login(counter_officer)
    walk_in_post(
        client,
        three_day_procedure,
        phone="0912000002",
        personal_id="025190000777",
        card_checked="on",
    )
    dossier = Dossier.objects.get()
    assert dossier.applicant_phone == "+84912000002"  # the contact given, on the dossier
    lan = dossier.applicant
    assert lan != other_citizen
    assert (lan.personal_id, lan.phone, lan.full_name) == ("025190000777", None, "Hoàng Thị Lan")
    assert lan.identity_verified and lan.identity_verified_by == counter_officer
    other_citizen.refresh_from_db()
    assert (other_citizen.personal_id, other_citizen.full_name) == (None, "Trần Thị Khác")
    client.force_login(other_citizen)
    paper = dossier.documents.get()
    for url in (
        reverse("dossiers:my_dossier", kwargs={"pk": dossier.pk}),
        reverse("dossiers:document_file", kwargs={"pk": dossier.pk, "document_pk": paper.pk}),
    ):
        assert client.get(url).status_code == 404


def test_a_walk_in_with_only_a_phone_of_someone_else_opens_no_account(
    client, counter_officer, other_citizen, three_day_procedure
) -> None:
    client.force_login(counter_officer)
    walk_in_post(client, three_day_procedure, phone="0912000002")
    dossier = Dossier.objects.get()
    assert dossier.applicant is None and dossier.applicant_name == "Hoàng Thị Lan"
    assert User.objects.filter(full_name="Hoàng Thị Lan").count() == 0


def test_a_walk_in_is_found_by_the_card_or_by_phone_and_the_same_name(
    client, counter_officer, citizen, other_citizen, three_day_procedure
) -> None:
    citizen.identity_verified_at = citizen.date_joined  # the card was checked once before
    citizen.save()
    client.force_login(counter_officer)
    # The card names the person, whatever phone they give today.
    walk_in_post(
        client,
        three_day_procedure,
        full_name="Nguyễn Văn Dân",
        personal_id=citizen.personal_id,
        card_checked="on",
    )
    # A phone with the same name (written without marks) and no card number on the account.
    walk_in_post(client, three_day_procedure, full_name="TRAN THI KHAC", phone="0912000002")
    first, second = Dossier.objects.order_by("pk")
    assert (first.applicant, second.applicant) == (citizen, other_citizen)
    assert User.objects.count() == 3  # the two citizens and the officer: none opened


def test_a_refused_walk_in_opens_no_account(client, counter_officer, three_day_procedure) -> None:
    three_day_procedure.channels.filter(channel="1").update(available=False)
    client.force_login(counter_officer)
    response = walk_in_post(
        client, three_day_procedure, personal_id="025190000777", card_checked="on"
    )
    assert "không thực hiện qua kênh" in response.content.decode()
    assert not Dossier.objects.exists()
    assert not User.objects.filter(personal_id="025190000777").exists()


def test_a_refusal_before_receipt_can_be_printed_from_the_desk(
    client, counter_officer, citizen, three_day_procedure
) -> None:
    """A refused online dossier never got a code; its refusal slip is still printable."""
    dossier = submitted_online(three_day_procedure, citizen)
    services.refuse(dossier, actor=counter_officer, reason="Không thuộc thẩm quyền của phường.")
    client.force_login(counter_officer)
    page = client.get(reverse("dossiers:desk_dossier", kwargs={"pk": dossier.pk})).content
    link = reverse("dossiers:form_pdf", kwargs={"pk": dossier.pk, "form": "refusal"})
    assert link in page.decode()
    assert client.get(link).content.startswith(b"%PDF")


def test_the_walk_in_list_names_each_procedures_commune_its_own_first(
    client, counter_officer, three_day_procedure, other_commune
) -> None:
    from phuongso.dossiers.testing import make_procedure

    make_procedure(
        other_commune, code="1.000001", name=three_day_procedure.name, days=3, boundary_free=True
    )
    client.force_login(counter_officer)
    page = client.get(reverse("dossiers:walk_in")).content.decode()
    ours = f"1.000001 {three_day_procedure.name} – Phường Thanh Miếu"
    theirs = f"1.000001 {three_day_procedure.name} – Phường Việt Trì"
    assert ours in page and theirs in page
    assert page.index(ours) < page.index(theirs)


def test_the_walk_in_list_leaves_out_another_communes_procedure_not_boundary_free(
    client, counter_officer, three_day_procedure, other_commune
) -> None:
    from phuongso.dossiers.testing import make_procedure

    make_procedure(other_commune, code="1.000002", name="Thủ tục chỉ nộp tại Việt Trì", days=3)
    client.force_login(counter_officer)
    page = client.get(reverse("dossiers:walk_in")).content.decode()
    assert three_day_procedure.name in page
    assert "Thủ tục chỉ nộp tại Việt Trì" not in page


def test_the_counter_home_counts_all_that_wait_and_shows_the_oldest(
    client, counter_officer, citizen, three_day_procedure, monkeypatch
) -> None:
    from phuongso.dossiers.views import counter

    monkeypatch.setattr(counter, "COUNTER_LIST_SIZE", 2)
    sent = [submitted_online(three_day_procedure, citizen) for _ in range(3)]
    client.force_login(counter_officer)
    body = client.get(reverse("dossiers:counter")).content.decode()
    assert "Hồ sơ trực tuyến chờ tiếp nhận (3)" in body
    assert "Hiển thị 2 hồ sơ chờ lâu nhất trong 3." in body
    shown = [f"/xu-ly/ho-so/{d.pk}/" in body for d in sent]
    assert shown == [True, True, False]
