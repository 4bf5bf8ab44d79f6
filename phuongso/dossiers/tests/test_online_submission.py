"""A citizen submits online: form, uploads checked by content, drafts, confirmation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phuongso.core import testing
from phuongso.dossiers.models import Dossier, Draft
from phuongso.dossiers.workflow import Status
from phuongso.notifications.models import Medium, Notification

pytestmark = pytest.mark.django_db

PDF = testing.PDF
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def stored_bytes(file) -> bytes:
    with file.open("rb") as handle:
        return handle.read()


def url(procedure) -> str:
    return reverse("dossiers:submit", kwargs={"national_code": procedure.national_code})


def field(procedure, order: int) -> str:
    return f"giay_to_{procedure.documents.get(order=order).pk}"


def tokhai(procedure, name: str, content: bytes) -> dict:
    """The form's first paper (the declaration, tờ khai) as a file with this name and content."""
    return {field(procedure, 1): SimpleUploadedFile(name, content)}


def post(client, procedure, *, files: dict, draft: bool = False, **data):
    payload = {
        "address": "Tổ dân phố 3 Thọ Sơn",
        "request_text": "Xin cấp giấy xác nhận",
        **data,
        **files,
    }
    if draft:
        payload["luu_nhap"] = "1"
    return client.post(url(procedure), payload, follow=False)


def test_a_citizen_submits_with_a_pdf_and_gets_a_confirmation(
    client, citizen, three_day_procedure, django_capture_on_commit_callbacks
) -> None:
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            three_day_procedure,
            files=tokhai(three_day_procedure, "to khai (1).PDF", PDF),
        )
    dossier = Dossier.objects.get()
    assert response.url == reverse("dossiers:submitted", kwargs={"pk": dossier.pk})
    assert dossier.status == Status.SUBMITTED and dossier.channel == "2"
    assert dossier.applicant == citizen and dossier.applicant_address == "Tổ dân phố 3 Thọ Sơn"
    stored = dossier.documents.get()
    assert stored.digitised and stored.file.name.endswith("to-khai-1.pdf")
    page = client.get(response.url).content.decode()
    assert "Dự kiến trả kết quả" in page
    assert mail.outbox[0].subject == "Đã nhận hồ sơ trực tuyến của bạn, đang chờ tiếp nhận"
    assert Notification.objects.filter(medium=Medium.SMS, recipient="+84912000001").exists()


@pytest.mark.parametrize(
    ("sent_as", "stored_as"),
    [
        ("📄.pdf", "tep.pdf"),  # nothing usable in the name: a generic one
        ("文件.pdf", "tep.pdf"),
        (".pdf", "tep.pdf"),
        ("(?).pdf", "tep.pdf"),
        ("../../etc/Giấy tờ ĐẤT đai.pdf", "giay-to-dat-dai.pdf"),
    ],
)
def test_odd_file_names_are_stored_under_a_plain_ascii_name(
    client, citizen, three_day_procedure, sent_as: str, stored_as: str
) -> None:
    client.force_login(citizen)
    response = post(client, three_day_procedure, files=tokhai(three_day_procedure, sent_as, PDF))
    assert response.status_code == 302
    name = Dossier.objects.get().documents.get().file.name
    assert name.rsplit("/", 1)[-1].startswith(stored_as.removesuffix(".pdf"))
    assert name.endswith(".pdf") and name.isascii() and ".." not in name


def test_an_executable_renamed_pdf_is_refused_and_nothing_saved(
    client, citizen, three_day_procedure
) -> None:
    client.force_login(citizen)
    response = post(
        client,
        three_day_procedure,
        files=tokhai(three_day_procedure, "to-khai.pdf", b"MZ\x90\x00" + b"\x00" * 100),
    )
    assert response.status_code == 200
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Dossier.objects.exists() and not Draft.objects.exists()


def test_an_oversized_file_is_refused(client, citizen, three_day_procedure, settings) -> None:
    settings.UPLOAD_MAX_FILE_MB = 1
    client.force_login(citizen)
    big = tokhai(three_day_procedure, "scan.png", PNG + b"\x00" * (1024 * 1024 + 1))
    response = post(client, three_day_procedure, files=big)
    assert "lớn hơn 1 MB" in response.content.decode()
    assert not Dossier.objects.exists()


def test_an_empty_required_document_is_refused(client, citizen, three_day_procedure) -> None:
    client.force_login(citizen)
    response = post(
        client,
        three_day_procedure,
        files=tokhai(three_day_procedure, "a.pdf", b""),
    )
    assert "rỗng" in response.content.decode() or "trống" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_missing_mandatory_paper_is_named(client, citizen, three_day_procedure) -> None:
    client.force_login(citizen)
    response = post(client, three_day_procedure, files={})
    assert "Hồ sơ còn thiếu giấy tờ bắt buộc: Tờ khai." in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_draft_keeps_uploads_and_can_be_finished_later(
    client, citizen, three_day_procedure
) -> None:
    client.force_login(citizen)
    post(
        client,
        three_day_procedure,
        draft=True,
        files=tokhai(three_day_procedure, "tk.pdf", PDF),
    )
    draft = Draft.objects.get()
    assert draft.documents.count() == 1 and not Dossier.objects.exists()
    page = client.get(url(three_day_procedure)).content.decode()
    assert "Bạn đang tiếp tục hồ sơ nháp" in page
    response = post(client, three_day_procedure, files={})  # the saved file is enough
    assert response.status_code == 302
    assert Dossier.objects.get().documents.count() == 1
    assert not Draft.objects.exists()


def test_a_procedure_not_offered_online_has_no_submission_page(
    client, citizen, three_day_procedure
) -> None:
    three_day_procedure.channels.filter(channel="2").update(available=False)
    client.force_login(citizen)
    assert client.get(url(three_day_procedure)).status_code == 404


def test_the_form_follows_the_catalogue_at_once(
    client, citizen, three_day_procedure, django_assert_num_queries
) -> None:
    """The procedure, its papers and channels come from the shared cache: the second visit of
    the form reads only the citizen's draft, and an edit in the admin shows on the next one."""
    client.force_login(citizen)
    assert client.get(url(three_day_procedure)).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(url(three_day_procedure)).status_code == 200
    three_day_procedure.documents.create(order=9, name="Sơ yếu lý lịch", mandatory=False)
    assert "Sơ yếu lý lịch" in client.get(url(three_day_procedure)).content.decode()
    online = three_day_procedure.channels.get(channel="2")
    online.available = False
    online.save()
    assert client.get(url(three_day_procedure)).status_code == 404


def test_a_form_completed_in_one_go_is_submitted_without_a_draft(
    client, citizen, three_day_procedure
) -> None:
    client.force_login(citizen)
    post(
        client,
        three_day_procedure,
        files=tokhai(three_day_procedure, "tk.pdf", PDF),
    )
    paper = Dossier.objects.get().documents.get()
    assert paper.file.name.startswith("dossiers/") and stored_bytes(paper.file) == PDF
    assert not Draft.objects.exists()


def test_a_file_sent_with_the_submission_replaces_the_drafts_copy(
    client, citizen, three_day_procedure
) -> None:
    client.force_login(citizen)
    paper = field(three_day_procedure, 1)
    post(client, three_day_procedure, draft=True, files={paper: SimpleUploadedFile("a.pdf", PDF)})
    newer = PDF + b"% newer\n"
    post(client, three_day_procedure, files={paper: SimpleUploadedFile("b.pdf", newer)})
    stored = Dossier.objects.get().documents.get()
    assert stored_bytes(stored.file) == newer and not Draft.objects.exists()


def test_a_refused_submission_keeps_what_was_sent_in_the_draft(
    client, citizen, three_day_procedure, monkeypatch
) -> None:
    """The service refuses at the last step: the uploads are kept in a draft, none lost."""
    from phuongso.dossiers import services

    def refuse(**kwargs):
        raise services.DossierError("Thủ tục tạm ngừng nhận hồ sơ trực tuyến.")

    monkeypatch.setattr(services, "submit_online", refuse)
    client.force_login(citizen)
    response = post(
        client,
        three_day_procedure,
        files=tokhai(three_day_procedure, "tk.pdf", PDF),
    )
    assert "Thủ tục tạm ngừng nhận hồ sơ trực tuyến." in response.content.decode()
    assert not Dossier.objects.exists()
    assert stored_bytes(Draft.objects.get().documents.get().file) == PDF


def test_papers_sent_with_a_wrong_field_are_kept_for_the_next_try(
    client, citizen, three_day_procedure
) -> None:
    """The address is missing: the PDF that passed its checks is kept, not asked for again."""
    client.force_login(citizen)
    response = post(
        client,
        three_day_procedure,
        address="",
        files=tokhai(three_day_procedure, "tk.pdf", PDF),
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Trường này là bắt buộc." in body
    assert "Đã tải lên trước: 1 giấy tờ" in body and not Dossier.objects.exists()
    response = post(client, three_day_procedure, files={})  # the address now given
    assert response.status_code == 302
    assert stored_bytes(Dossier.objects.get().documents.get().file) == PDF


def test_no_paper_is_kept_when_a_paper_itself_is_refused(client, citizen, three_day_procedure):
    client.force_login(citizen)
    post(
        client,
        three_day_procedure,
        address="",
        files=tokhai(three_day_procedure, "tk.pdf", b"MZ\x90\x00"),
    )
    assert not Draft.objects.exists()


def test_a_draft_for_another_commune_comes_back_to_that_commune(
    client, citizen, commune, other_commune
) -> None:
    """Dân lives in Thanh Miếu and applies to Việt Trì: saving the draft and coming back from
    "Hồ sơ của tôi" both open Việt Trì's form with the draft, not a 404 or Thanh Miếu's."""
    from phuongso.dossiers.testing import make_procedure

    elsewhere = make_procedure(other_commune, code="1.000001", name="Xác nhận ở Việt Trì", days=3)
    client.force_login(citizen)
    target = f"{url(elsewhere)}?xa={other_commune.code}"
    saved = client.post(
        target,
        {"address": "Tổ 3", "request_text": "", "luu_nhap": "1", **tokhai(elsewhere, "a.pdf", PDF)},
    )
    back = client.get(saved.url)
    assert back.status_code == 200 and "Xác nhận ở Việt Trì" in back.content.decode()
    assert "Bạn đang tiếp tục hồ sơ nháp" in back.content.decode()
    assert Draft.objects.get().procedure == elsewhere
    listed = client.get(reverse("dossiers:my_dossiers")).content.decode()
    assert f'{url(elsewhere)}?xa={other_commune.code}"' in listed


def shown_key(client, procedure) -> str:
    """The one-time key of the form as the citizen's browser received it."""
    page = client.get(url(procedure)).content.decode()
    return page.split('name="key" value="')[1].split('"')[0]


def test_a_form_sent_twice_makes_one_dossier(
    client, citizen, three_day_procedure, django_capture_on_commit_callbacks
) -> None:
    """A double click, or the browser sending the page again: the second answer is the first
    dossier's confirmation, with no second dossier and no second message."""
    client.force_login(citizen)
    key = shown_key(client, three_day_procedure)
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            papers = tokhai(three_day_procedure, "to-khai.pdf", PDF)
            answers.append(post(client, three_day_procedure, files=papers, key=key))
    dossier = Dossier.objects.get()
    assert [answer.url for answer in answers] == [
        reverse("dossiers:submitted", kwargs={"pk": dossier.pk})
    ] * 2
    assert dossier.documents.count() == 1 and dossier.events.count() == 1
    assert len(mail.outbox) == 1
    # The next form shown is a new one: it makes a new dossier.
    post(
        client,
        three_day_procedure,
        files=tokhai(three_day_procedure, "b.pdf", PDF),
        key=shown_key(client, three_day_procedure),
    )
    assert Dossier.objects.count() == 2


def test_a_draft_sent_twice_makes_one_dossier_and_no_empty_draft(
    client, citizen, three_day_procedure
) -> None:
    """The papers are in the draft: the second sending finds them gone with the draft, and is
    answered with the dossier they went into, not with "papers missing" and a new draft."""
    client.force_login(citizen)
    post(client, three_day_procedure, files=tokhai(three_day_procedure, "a.pdf", PDF), draft=True)
    key = shown_key(client, three_day_procedure)
    first = post(client, three_day_procedure, files={}, key=key)
    second = post(client, three_day_procedure, files={}, key=key)
    dossier = Dossier.objects.get()
    assert first.url == second.url == reverse("dossiers:submitted", kwargs={"pk": dossier.pk})
    assert not Draft.objects.exists()


def test_a_key_of_another_citizens_form_finds_nothing_of_theirs(
    client, citizen, other_citizen, three_day_procedure
) -> None:
    client.force_login(citizen)
    key = shown_key(client, three_day_procedure)
    post(client, three_day_procedure, files=tokhai(three_day_procedure, "a.pdf", PDF), key=key)
    client.force_login(other_citizen)
    response = post(client, three_day_procedure, files={}, key=key)
    assert response.status_code == 200  # their own form, papers missing: nothing of Dân's
    assert "Hồ sơ còn thiếu giấy tờ bắt buộc" in response.content.decode()
    papers = tokhai(three_day_procedure, "b.pdf", PDF)
    response = post(client, three_day_procedure, files=papers, key=key)
    assert "Vui lòng tải lại trang rồi gửi lại" in response.content.decode()
    assert list(Dossier.objects.values_list("applicant", flat=True)) == [citizen.pk]
    assert Draft.objects.get().applicant == other_citizen  # what they sent is kept


def test_papers_kept_in_a_draft_count_in_the_dossiers_total(
    client, citizen, three_day_procedure, settings
) -> None:
    """Saving papers one draft at a time does not get round the dossier's limit; replacing a
    paper counts the new file instead of the old one."""
    settings.UPLOAD_MAX_FILE_MB, settings.UPLOAD_MAX_DOSSIER_MB = 1, 1
    big = PDF + b"0" * 700_000
    client.force_login(citizen)
    post(client, three_day_procedure, files=tokhai(three_day_procedure, "a.pdf", big), draft=True)
    other = {field(three_day_procedure, 2): SimpleUploadedFile("b.pdf", big)}
    response = post(client, three_day_procedure, files=other)
    assert "Tổng dung lượng các tệp của hồ sơ vượt quá 1 MB" in response.content.decode()
    assert not Dossier.objects.exists()
    replaced = post(client, three_day_procedure, files=tokhai(three_day_procedure, "c.pdf", big))
    assert replaced.status_code == 302 and Dossier.objects.get().documents.count() == 1


def test_a_supplement_counts_in_the_dossiers_total(
    client, citizen, three_day_procedure, counter_officer, specialist, settings
) -> None:
    from phuongso.dossiers import services

    settings.UPLOAD_MAX_FILE_MB, settings.UPLOAD_MAX_DOSSIER_MB = 1, 1
    big = PDF + b"0" * 700_000
    client.force_login(citizen)
    post(client, three_day_procedure, files=tokhai(three_day_procedure, "a.pdf", big))
    dossier = services.receive(Dossier.objects.get(), actor=counter_officer)
    dossier = services.assign(dossier, actor=specialist, assignee=specialist)
    dossier = services.request_supplement(dossier, actor=specialist, items="Bản sao sổ")
    action = reverse(
        "dossiers:citizen_action", kwargs={"pk": dossier.pk, "action": "supplement_received"}
    )
    page = client.post(
        action, {"version": dossier.version, "files": SimpleUploadedFile("s.pdf", big)}, follow=True
    ).content.decode()
    assert "Tổng dung lượng các tệp của hồ sơ vượt quá 1 MB" in page
    assert Dossier.objects.get().status == Status.SUPPLEMENT_REQUESTED
    assert Dossier.objects.get().documents.count() == 1


def test_a_paper_replaced_in_the_draft_leaves_no_file_behind(
    client, citizen, three_day_procedure, django_capture_on_commit_callbacks
) -> None:
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("cu.pdf", "moi.pdf"):
            files = tokhai(three_day_procedure, name, PDF + name.encode())
            post(client, three_day_procedure, files=files, draft=True)
    kept = Draft.objects.get().documents.get().file
    folder, _ = kept.name.rsplit("/", 1)
    assert kept.storage.listdir(folder)[1] == [kept.name.rsplit("/", 1)[1]]
    assert stored_bytes(kept).endswith(b"moi.pdf")


def test_the_confirmation_names_only_the_channels_the_citizen_has(
    client, other_citizen, three_day_procedure
) -> None:
    client.force_login(other_citizen)  # a phone, no e-mail
    response = post(client, three_day_procedure, files=tokhai(three_day_procedure, "a.pdf", PDF))
    page = client.get(response.url).content.decode()
    assert "Chúng tôi đã gửi xác nhận bằng tin nhắn." in page
    assert "thư điện tử" not in page.split("<main")[1]


def test_the_form_is_not_kept_by_the_browser_for_the_back_button(
    client, citizen, three_day_procedure
) -> None:
    """Restored by Back, the page would carry a spent key: a second dossier would be taken
    for the first. The browser must ask again, and gets a new key."""
    client.force_login(citizen)
    response = client.get(url(three_day_procedure))
    assert "no-store" in response["Cache-Control"]
    assert shown_key(client, three_day_procedure) != shown_key(client, three_day_procedure)
