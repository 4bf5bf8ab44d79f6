"""Builders for tests that need procedures and dossiers (used by several apps' tests)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from phuongso.dossiers import services
from phuongso.dossiers.services import Applicant, Paper
from phuongso.procedures.models import ChannelOption, Field, Procedure, RequiredDocument

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: str, clock: str = "09:00") -> dt.datetime:
    """A moment in Vietnam: at("13/02/2026", "10:00")."""
    return dt.datetime.strptime(f"{day} {clock}", "%d/%m/%Y %H:%M").replace(tzinfo=VN)


def make_procedure(
    commune,
    *,
    code: str,
    name: str,
    days: int | None,
    same_day: bool = False,
    fee: int = 0,
    unit_kind: str = "culture_society",
    boundary_free: bool = False,
) -> Procedure:
    field, _ = Field.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    procedure = Procedure.objects.create(
        commune=commune,
        national_code=code,
        name=name,
        field=field,
        implementing_unit_kind=unit_kind,
        online_level="full",
        deadline_working_days=days,
        deadline_same_day=same_day,
        boundary_free=boundary_free,
    )
    for channel in ("1", "2"):
        ChannelOption.objects.create(procedure=procedure, channel=channel, fee_amount=fee)
    RequiredDocument.objects.create(procedure=procedure, order=1, name="Tờ khai", mandatory=True)
    RequiredDocument.objects.create(
        procedure=procedure, order=2, name="Giấy tờ khác", mandatory=False
    )
    return procedure


def papers_for(procedure: Procedure, *, with_files: bool = False) -> list[Paper]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phuongso.core import testing

    result = []
    for document in procedure.documents.filter(mandatory=True):
        upload = SimpleUploadedFile("to-khai.pdf", testing.PDF) if with_files else None
        result.append(Paper(name=document.name, file=upload, required_document_id=document.pk))
    return result


def walk_in(procedure: Procedure, officer, when: dt.datetime, **kwargs):
    return services.receive_at_counter(
        procedure=procedure,
        actor=officer,
        applicant=Applicant(name="Nguyễn Văn Dân", phone="+84912000001"),
        papers=papers_for(procedure),
        at=when,
        **kwargs,
    )


def submitted_online(procedure: Procedure, citizen, **kwargs):
    """A citizen's online submission with every mandatory paper as a file."""
    return services.submit_online(
        procedure=procedure,
        applicant=citizen,
        papers=papers_for(procedure, with_files=True),
        **kwargs,
    )
