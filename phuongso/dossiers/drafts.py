"""Online submissions in progress: save a draft, come back, submit it as a dossier."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from phuongso.accounts.models import User
from phuongso.core.uploads import remove_stored
from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier, Draft, DraftDocument
from phuongso.dossiers.services import Paper
from phuongso.procedures.models import Procedure


@dataclass(frozen=True)
class Sent:
    """What a citizen sent with the online form: the fields and the papers that passed."""

    applicant: User
    procedure: Procedure
    address: str
    request_text: str
    files: dict[int, UploadedFile]  # by required document
    key: str = ""  # the form's one-time key (Dossier.submission_key)


def new_submission_key() -> str:
    return secrets.token_hex(16)


def submitted_with(sent: Sent) -> Dossier | None:
    """The dossier this very form already became (sent twice), if it did."""
    if not sent.key:
        return None
    return Dossier.objects.filter(applicant=sent.applicant, submission_key=sent.key).first()


@transaction.atomic
def save_draft(sent: Sent, *, draft: Draft | None = None) -> Draft:
    """Keep what the citizen typed and uploaded; a new file replaces the old one of its paper."""
    draft = draft or Draft(applicant=sent.applicant, procedure=sent.procedure)
    draft.address = sent.address
    draft.request_text = sent.request_text
    draft.save()
    if files := sent.files:
        # Drop the replaced papers (their files once this is committed), then insert every
        # file sent now in one statement.
        replaced = draft.documents.filter(required_document_id__in=list(files))
        old_files = [paper.file.name for paper in replaced if paper.file]
        replaced.delete()
        transaction.on_commit(lambda: remove_stored(DraftDocument.file.field.storage, old_files))
        DraftDocument.objects.bulk_create(
            DraftDocument(
                draft=draft,
                required_document_id=required_document_id,
                file=upload,
                original_name=upload.name,
            )
            for required_document_id, upload in files.items()
        )
    return draft


def submit(sent: Sent, *, draft: Draft | None = None) -> Dossier:
    """Submit the form as it was sent, with the papers of the citizen's draft if they saved
    one (a file sent now replaces the draft's of the same paper): the dossier is created and
    the draft dropped in one transaction. A form completed in one go never becomes a draft."""
    papers: dict[int, Paper] = {}
    if draft is not None:
        for document in draft.documents.select_related("required_document"):
            papers[document.required_document_id] = Paper(
                name=document.required_document.name,
                file=document.file,
                required_document_id=document.required_document_id,
                digitised=True,
            )
    names = {document.pk: document.name for document in sent.procedure.documents.all()}
    for required_document_id, upload in sent.files.items():
        papers[required_document_id] = Paper(
            name=names[required_document_id],
            file=upload,
            required_document_id=required_document_id,
            digitised=True,
        )
    try:
        with transaction.atomic():
            dossier = services.submit_online(
                procedure=sent.procedure,
                applicant=sent.applicant,
                papers=list(papers.values()),
                request_text=sent.request_text,
                address=sent.address,  # the dossier's contact address; the account keeps its own
                key=sent.key,
            )
            if draft is not None:
                draft.delete()
    except IntegrityError:
        # The same form, sent twice at once: the first one made the dossier (the database's
        # unique key waited for it to commit); this one is that dossier too.
        done = Dossier.objects.filter(submission_key=sent.key).first() if sent.key else None
        if done is None:
            raise
        if done.applicant_id != sent.applicant.pk:  # a key copied from someone else's form
            raise services.DossierError(
                "Biểu mẫu này không còn dùng được. Vui lòng tải lại trang rồi gửi lại."
            ) from None
        return done
    return dossier
