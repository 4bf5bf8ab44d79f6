"""Online submissions in progress: save a draft, come back, submit it as a dossier."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from phuongso.accounts.models import User
from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier, Draft, DraftDocument
from phuongso.dossiers.services import Paper
from phuongso.procedures.models import Procedure


@transaction.atomic
def save_draft(
    *,
    applicant: User,
    procedure: Procedure,
    address: str,
    request_text: str,
    files: dict[int, UploadedFile],
    draft: Draft | None = None,
) -> Draft:
    """Keep what the citizen typed and uploaded; a new file replaces the old one of its paper."""
    draft = draft or Draft(applicant=applicant, procedure=procedure)
    draft.address = address
    draft.request_text = request_text
    draft.save()
    if files:
        # One statement: drop the replaced papers, then insert every file sent now.
        draft.documents.filter(required_document_id__in=list(files)).delete()
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


def submit(
    *,
    applicant: User,
    procedure: Procedure,
    address: str,
    request_text: str,
    files: dict[int, UploadedFile],
    draft: Draft | None = None,
) -> Dossier:
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
    names = {document.pk: document.name for document in procedure.documents.all()}
    for required_document_id, upload in files.items():
        papers[required_document_id] = Paper(
            name=names[required_document_id],
            file=upload,
            required_document_id=required_document_id,
            digitised=True,
        )
    if address and address != applicant.address:
        applicant.address = address  # the dossier's contact address, not the account's
    with transaction.atomic():
        dossier = services.submit_online(
            procedure=procedure,
            applicant=applicant,
            papers=list(papers.values()),
            request_text=request_text,
            address=address,
        )
        if draft is not None:
            draft.delete()
    return dossier
