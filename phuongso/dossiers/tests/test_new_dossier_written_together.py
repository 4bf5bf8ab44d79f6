"""A new dossier's rows (dossier, papers, first step, messages) are written together through
the ORM, in one transaction: they all point at the new dossier, or none is written."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from phuongso.core import testing
from phuongso.dossiers import drafts, services
from phuongso.dossiers.models import Dossier, DossierDocument, DossierEvent
from phuongso.dossiers.testing import papers_for
from phuongso.dossiers.workflow import Action
from phuongso.notifications.models import Notification


def _submit(procedure, citizen, key: str = "") -> Dossier:
    return services.submit_online(
        procedure=procedure,
        applicant=citizen,
        papers=papers_for(procedure, with_files=True),
        address="Tổ 3, phường Thanh Miếu",
        key=key or None,
    )


def _stored_files() -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.django_db
def test_every_row_of_a_submission_points_at_its_dossier(three_day_procedure, citizen) -> None:
    dossier = _submit(three_day_procedure, citizen)

    assert dossier.pk is not None and not dossier._state.adding
    saved = Dossier.objects.get(pk=dossier.pk)
    assert saved.applicant_address == "Tổ 3, phường Thanh Miếu"
    papers = list(DossierDocument.objects.filter(dossier=dossier))
    assert [paper.name for paper in papers] == ["Tờ khai"]
    with papers[0].file.open("rb") as stored:  # the upload is stored under the row's name
        assert stored.read() == testing.PDF  # what papers_for uploaded
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.to_status, event.actor) == (
        Action.SUBMIT_ONLINE,
        "submitted",
        citizen,
    )
    # The citizen has an e-mail and a phone: one message each, both about this dossier.
    messages = Notification.objects.filter(event="dossier_submitted")
    assert sorted(messages.values_list("medium", "about")) == [
        ("email", f"dossier:{dossier.pk}"),
        ("sms", f"dossier:{dossier.pk}"),
    ]


@pytest.mark.django_db
def test_a_walk_in_is_written_the_same_way(
    three_day_procedure, counter_officer, citizen, django_capture_on_commit_callbacks
) -> None:
    applicant = services.Applicant.from_user(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.receive_at_counter(
            procedure=three_day_procedure,
            actor=counter_officer,
            applicant=applicant,
            papers=papers_for(three_day_procedure),
        )
    assert DossierDocument.objects.filter(dossier=dossier).count() == 1
    assert DossierEvent.objects.get(dossier=dossier).action == Action.RECEIVE_AT_COUNTER
    # Sent after commit, and marked so on the row written with the dossier.
    assert set(
        Notification.objects.filter(about=f"dossier:{dossier.pk}").values_list("status", flat=True)
    ) == {"sent"}


@pytest.mark.django_db
def test_each_table_gets_one_insert(three_day_procedure, citizen) -> None:
    """Several rows of one model (the messages, the papers) go in one INSERT."""
    with CaptureQueriesContext(connection) as captured:
        with transaction.atomic():
            _submit(three_day_procedure, citizen)
    tables = [
        q["sql"].split('"')[1] for q in captured if q["sql"].lstrip().upper().startswith("INSERT")
    ]
    assert sorted(tables) == sorted(
        [
            "dossiers_dossier",
            "dossiers_dossierdocument",
            "dossiers_dossierevent",
            "notifications_notification",
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_a_refused_write_leaves_no_row_and_no_file(three_day_procedure, citizen) -> None:
    """The same one-time key twice (a double click): the second write is refused whole, and
    the papers it stored for itself are removed, not left orphaned on disk."""
    key = drafts.new_submission_key()
    first = _submit(three_day_procedure, citizen, key)
    files_before = _stored_files()
    rows_before = (DossierDocument.objects.count(), DossierEvent.objects.count())

    with pytest.raises(IntegrityError), transaction.atomic():
        _submit(three_day_procedure, citizen, key)

    assert list(Dossier.objects.values_list("pk", flat=True)) == [first.pk]
    assert (DossierDocument.objects.count(), DossierEvent.objects.count()) == rows_before
    assert Notification.objects.filter(about=f"dossier:{first.pk}").count() == 2
    assert _stored_files() == files_before


@pytest.mark.django_db(transaction=True)
def test_a_refused_write_leaves_a_large_upload_where_it_was(three_day_procedure, citizen) -> None:
    """An upload too large to keep in memory waits in a temporary file. If the write is
    refused, the form still has it to keep in a draft: it was copied, not moved."""
    key = drafts.new_submission_key()
    _submit(three_day_procedure, citizen, key)
    files_before = _stored_files()
    upload = TemporaryUploadedFile("to-khai-lon.pdf", "application/pdf", 0, None)
    upload.write(b"%PDF-1.4\n" + b"0" * 4096 + b"\n%%EOF\n")
    upload.seek(0)
    document = three_day_procedure.documents.get(mandatory=True)
    paper = services.Paper(name=document.name, file=upload, required_document_id=document.pk)

    with pytest.raises(IntegrityError), transaction.atomic():
        services.submit_online(
            procedure=three_day_procedure, applicant=citizen, papers=[paper], key=key
        )

    assert _stored_files() == files_before
    with open(upload.temporary_file_path(), "rb") as waiting:
        assert waiting.read().startswith(b"%PDF-1.4")
    upload.close()


@pytest.mark.django_db
def test_messages_of_a_dossier_not_yet_written_are_not_queued_alone(
    three_day_procedure, citizen
) -> None:
    from phuongso.dossiers import notifications

    dossier = services._new_dossier(
        three_day_procedure, "2", services.Applicant.from_user(citizen), "submitted"
    )
    with pytest.raises(ValueError):
        notifications.queue(dossier, Action.SUBMIT_ONLINE)
    assert not Notification.objects.exists()
