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
    for required_document_id, upload in files.items():
        DraftDocument.objects.update_or_create(
            draft=draft,
            required_document_id=required_document_id,
            defaults={"file": upload, "original_name": upload.name},
        )
    return draft


def submit_draft(draft: Draft) -> Dossier:
    """Turn the draft into a dossier (channel 2) and drop the draft, in one transaction."""
    papers = [
        Paper(
            name=document.required_document.name,
            file=document.file,
            required_document_id=document.required_document_id,
            digitised=True,
        )
        for document in draft.documents.select_related("required_document")
    ]
    with transaction.atomic():
        applicant = draft.applicant
        if draft.address and draft.address != applicant.address:
            applicant.address = draft.address
        dossier = services.submit_online(
            procedure=draft.procedure,
            applicant=applicant,
            papers=papers,
            request_text=draft.request_text,
            address=draft.address,
        )
        draft.delete()
    return dossier
