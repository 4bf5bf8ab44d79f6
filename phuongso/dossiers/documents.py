"""The official one-stop forms as PDF: Django templates rendered by WeasyPrint.

Layouts are data: versioned templates `dossiers/forms/<version>/<form>.html` sharing
`dossiers/forms/_base.html` (A4, issuing body at top left, national motto at top right,
place and date line, signature blocks). The 2018 forms of Circular 01/2018/TT-VPCP are the
default; the setting DOSSIER_FORMS_VERSION picks another set (Circular 03/2025 renumbers them).

Decree 30/2020/NĐ-CP asks for Times New Roman in administrative documents, but that font may
not be shipped with the software; the forms use Noto Serif (package `fontpkg-noto-serif`,
SIL Open Font License), a serif with every Vietnamese glyph, embedded in each PDF so that
every machine prints the same letters.

Every value reaches the templates already formatted: dates dd/mm/yyyy, moments
"hh:mm, ngày dd/mm/yyyy" in the ward's time zone, numbers as official texts write them,
phone numbers in the national format (0912 345 678).

A form is a record of what the citizen was told: `issue` keeps its filled-in values
(IssuedForm) when the step that issues it is taken, with the numbers the registers give
(the receipt's register book and serial; the apology's and stop notice's "Số: …/…"), and
`render_html` reprints those values, never the dossier as it stands now. Only a dossier
older than this record, and the control sheet (a running record of hand-overs built from the
event log, which never changes), are rendered from the live data.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import fontpkg_noto_serif
import segno
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.backends.django import Template
from django.template.loader import get_template
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from phuongso.core.models import Commune, DivisionType, GovernmentUnit, UnitKind
from phuongso.core.templatetags.phuongso import vnd
from phuongso.core.text import format_number, phone_text
from phuongso.dossiers.codes import next_serial
from phuongso.dossiers.deadlines import rule_for
from phuongso.dossiers.handovers import Handover, handovers, legal_working_time
from phuongso.dossiers.models import Dossier, DossierEvent, IssuedForm, SupplementCycle
from phuongso.dossiers.workflow import Action
from phuongso.procedures.models import CopyKind

FONT_DIR = Path(fontpkg_noto_serif.__file__).parent / "files"
FONT_REGULAR = FONT_DIR / "NotoSerif[wdth,wght].ttf"
FONT_ITALIC = FONT_DIR / "NotoSerif-Italic[wdth,wght].ttf"
DEFAULT_VERSION = "2018"
QR_BORDER = 4  # the quiet zone, in modules, that QR readers need around the code
_VERSION = re.compile(r"[0-9A-Za-z_-]+")
DOTS = "…………"


class FormUnavailable(ValueError):
    """The form does not exist, or does not apply to this dossier yet."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- public -------------------------------------------------------------------------------


# The forms each step issues. The control sheet is a running record while the dossier is
# worked on (rendered from the event log, which never changes); it is closed, and kept as it
# then reads, when the dossier leaves the commune's hands (stopped, withdrawn, returned).
ISSUED_BY: dict[str, tuple[str, ...]] = {
    Action.RECEIVE: ("receipt",),
    Action.RECEIVE_AT_COUNTER: ("receipt",),
    Action.REQUEST_INTAKE_SUPPLEMENT: ("supplement",),
    Action.REQUEST_SUPPLEMENT: ("supplement",),
    Action.REFUSE: ("refusal",),
    Action.APOLOGISE: ("apology",),
    Action.STOP: ("stop", "control_sheet"),
    Action.WITHDRAW: ("control_sheet",),
    Action.RETURN_RESULT: ("control_sheet",),
}
# Letters numbered in the issuing body's yearly sequence (Decree 30/2020/NĐ-CP, Art. 15: the
# number is the order of the body's documents in the year, registered by its clerical
# office), with the abbreviation of the kind of document: "TB" is Thông báo in Annex III of
# the decree; the apology has no abbreviation there, "PXL" (phiếu xin lỗi) is this software's.
LETTER_SYMBOLS = {"apology": "PXL", "stop": "TB"}
# Values rebuilt at every rendering: where this machine keeps the fonts, and the QR image.
NOT_KEPT = ("font_regular", "font_italic", "qr")


def render_form(form: str, dossier: Dossier, *, version: str | None = None) -> bytes:
    """The form as PDF bytes, with its fonts embedded."""
    from weasyprint import HTML  # heavy: loaded when a PDF is made, not with the services

    return HTML(string=render_html(form, dossier, version=version)).write_pdf()


def render_html(form: str, dossier: Dossier, *, version: str | None = None) -> str:
    """The form as the HTML WeasyPrint lays out (also useful as a preview): as issued when
    it was issued, else from the dossier as it stands."""
    if form not in FORMS:
        raise FormUnavailable(f"Không có biểu mẫu «{form}».")
    template = _template(form, version)
    issued = dossier.issued_forms.filter(form=form).last()
    content = issued.content if issued is not None else filled_in(form, dossier)
    return template.render({**content, **_rebuilt(content)})


def filled_in(form: str, dossier: Dossier) -> dict[str, Any]:
    """The form's values from the dossier as it stands now (what `issue` keeps)."""
    builder = FORMS.get(form)
    if builder is None:
        raise FormUnavailable(f"Không có biểu mẫu «{form}».")
    context = {**_common(dossier), **builder(dossier)}
    return {key: value for key, value in context.items() if key not in NOT_KEPT}


def _rebuilt(content: dict[str, Any]) -> dict[str, Any]:
    extra = {"font_regular": FONT_REGULAR.as_uri(), "font_italic": FONT_ITALIC.as_uri()}
    if content.get("status_url"):
        extra["qr"] = qr_data_uri(content["status_url"])
    return extra


def issue(dossier: Dossier, action: str) -> list[IssuedForm]:
    """Keep what the forms that `action` issues say now, numbered from their registers;
    called by the services inside the step's transaction (a lost step keeps nothing). A
    form that does not apply (the control sheet of a dossier never received) is skipped."""
    issued = []
    for form in ISSUED_BY.get(action, ()):
        try:
            issued.append(_issue(dossier, form))
        except FormUnavailable:
            continue
    return issued


def _issue(dossier: Dossier, form: str) -> IssuedForm:
    content = filled_in(form, dossier)
    number = ""
    if form == "receipt":
        book, serial = _register_entry(dossier)
        content |= {"register_book": book, "register_number": serial}
        number = f"{book}/{serial}"
    elif form in LETTER_SYMBOLS:
        number = _letter_number(dossier, form)
        content["number"] = number
    return IssuedForm.objects.create(
        dossier=dossier,
        form=form,
        number=number,
        issued_at=_issued_at(dossier, form),
        content=content,
    )


def _issued_at(dossier: Dossier, form: str) -> datetime:
    if form == "receipt" and dossier.received_at:
        return dossier.received_at
    event = dossier.events.order_by("at", "pk").last()
    return event.at if event else timezone.now()


def _register_entry(dossier: Dossier) -> tuple[str, str]:
    """The book (one a year) and the serial of the dossier in the receiving commune's
    register of dossiers (Sổ theo dõi hồ sơ, form 06)."""
    commune = _receiving_commune(dossier)
    year = _local(dossier.received_at or timezone.now()).year
    serial = next_serial(prefix=f"so-theo-doi-ho-so:{commune.pk}", day=date(year, 1, 1))
    return str(year), str(serial)


def _letter_number(dossier: Dossier, form: str) -> str:
    """ "03/PXL-UBND": the issuing body's next number of the year, the kind, the body."""
    event = _last_event(dossier, _ACTION_OF[form], "")
    unit = (event.actor.unit if event.actor else None) or dossier.current_unit
    year = _local(event.at).year
    body = "UBND" if unit is None or unit.kind == UnitKind.LEADERSHIP else unit.short_name
    owner = unit.pk if unit is not None and body != "UBND" else 0
    serial = next_serial(prefix=f"van-ban:{dossier.commune_id}:{owner}", day=date(year, 1, 1))
    return f"{serial:02d}/{LETTER_SYMBOLS[form]}-{body or 'UBND'}"


_ACTION_OF = {"apology": Action.APOLOGISE, "stop": Action.STOP}


def status_url(dossier: Dossier) -> str:
    """The public status page of a dossier (the QR code on the receipt points here)."""
    return f"{settings.SITE_URL}/tra-cuu/{quote(dossier.code or '')}"


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI (vector: sharp at any print size)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(border=QR_BORDER)


def _template(form: str, version: str | None) -> Template:
    version = version or getattr(settings, "DOSSIER_FORMS_VERSION", DEFAULT_VERSION)
    if not _VERSION.fullmatch(version):
        raise FormUnavailable(f"Phiên bản biểu mẫu «{version}» không hợp lệ.")
    try:
        return get_template(f"dossiers/forms/{version}/{form}.html")
    except TemplateDoesNotExist:
        raise FormUnavailable(f"Chưa có mẫu «{form}» theo phiên bản {version}.") from None


# --- formatting ---------------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE))


def date_text(moment: datetime | None) -> str:
    """dd/mm/yyyy in the ward's time zone; empty when there is no date."""
    return f"{_local(moment):%d/%m/%Y}" if moment else ""


def moment_text(moment: datetime | None) -> str:
    """The moment as "hh:mm, ngày dd/mm/yyyy" in the ward's time zone; empty without one."""
    return f"{_local(moment):%H:%M}, ngày {_local(moment):%d/%m/%Y}" if moment else ""


def duration_text(duration: timedelta | None) -> str:
    """Working time in words: "2 giờ 30 phút"."""
    if duration is None:
        return ""
    hours, minutes = divmod(round(duration.total_seconds() / 60), 60)
    parts = [f"{format_number(hours)} giờ"] if hours else []
    parts += [f"{minutes} phút"] if minutes else []
    return " ".join(parts) or "0 phút"


def short_name(commune: Commune) -> str:
    """The commune's name without its kind ("Phường Thanh Miếu" -> "Thanh Miếu")."""
    for kind in DivisionType:
        if commune.name.startswith(f"{kind.label} "):
            return commune.name[len(kind.label) + 1 :]
    return commune.name


def place_date(commune: Commune, moment: datetime | None) -> str:
    """The place and date line of Decree 30/2020: days below 10 and months 1, 2 get a 0."""
    if moment is None:
        return f"{short_name(commune)}, ngày {DOTS} tháng {DOTS} năm {DOTS}"
    day = _local(moment).date()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{short_name(commune)}, ngày {day.day:02d} tháng {month} năm {day.year}"


# --- shared context -----------------------------------------------------------------------


def _common(dossier: Dossier) -> dict[str, Any]:
    return {
        "font_regular": FONT_REGULAR.as_uri(),
        "font_italic": FONT_ITALIC.as_uri(),
        "code": dossier.code or "",
        "procedure": dossier.procedure.name,
        "applicant": {
            "name": dossier.applicant_name,
            "address": dossier.applicant_address,
            "phone": phone_text(dossier.applicant_phone),
            "email": dossier.applicant_email,
        },
        "submitted": moment_text(dossier.submitted_at),
        "received": moment_text(dossier.received_at),
        "received_date": date_text(dossier.received_at),
        "appointment": moment_text(dossier.appointment_at),
        "appointment_date": date_text(dossier.appointment_at),
    }


def _receiving_commune(dossier: Dossier) -> Commune:
    return dossier.receiving_commune or dossier.commune


def _one_stop(commune: Commune) -> GovernmentUnit | None:
    return commune.units.filter(is_one_stop=True).first()


def _issuer(commune: Commune, unit: GovernmentUnit | None) -> dict[str, str]:
    """The issuing body at top left: "UBND <commune>" over the unit; the UBND alone for
    its leadership."""
    parent = f"UBND {commune.name}"
    if unit is None or unit.kind == UnitKind.LEADERSHIP:
        return {"parent": "", "body": parent}
    return {"parent": parent, "body": unit.name}


def _one_stop_issuer(dossier: Dossier, moment: datetime | None) -> dict[str, Any]:
    commune = _receiving_commune(dossier)
    unit = _one_stop(commune)
    return {
        "issuer": _issuer(commune, unit),
        "place_date": place_date(commune, moment),
        "one_stop": unit.name if unit else "Bộ phận Một cửa",
        "one_stop_contact": _contact(commune),
    }


def _unit_issuer(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    actor_unit = event.actor.unit if event.actor else None
    unit = actor_unit or dossier.current_unit
    return {
        "issuer": _issuer(dossier.commune, unit),
        "issuing_body": _body_in_prose(dossier.commune, unit),
        "place_date": place_date(dossier.commune, event.at),
        **_signer(event),
    }


def _signer(event: DossierEvent) -> dict[str, str]:
    """Who signs the letter: the official who issued it, under their title (chức vụ) as the
    accounts record it; without one, the head of the issuing body that the form names."""
    actor = event.actor
    title = actor.job_title.strip() if actor and actor.job_title else ""
    return {
        "signer_title": title or "Thủ trưởng cơ quan, đơn vị",
        "signer_name": actor.full_name if actor else "",
    }


def _body_in_prose(commune: Commune, unit: GovernmentUnit | None) -> str:
    """The issuing body as a sentence names it ("Ủy ban nhân dân phường Thanh Miếu")."""
    if unit is None or unit.kind == UnitKind.LEADERSHIP:
        kind = commune.get_division_type_display().lower()
        return f"Ủy ban nhân dân {kind} {short_name(commune)}"
    return unit.name


def _contact(commune: Commune) -> str:
    parts = [commune.address, f"điện thoại {phone_text(commune.phone)}" if commune.phone else ""]
    return "; ".join(part for part in parts if part)


def _last_event(dossier: Dossier, action: str, missing: str) -> DossierEvent:
    event = dossier.events.filter(action=action).select_related("actor__unit").last()
    if event is None:
        raise FormUnavailable(missing)
    return event


# --- 01 receipt and appointment slip ------------------------------------------------------


def _receipt(dossier: Dossier) -> dict[str, Any]:
    if dossier.received_at is None or not dossier.code:
        raise FormUnavailable("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận.")
    url = status_url(dossier)
    return {
        **_one_stop_issuer(dossier, dossier.received_at),
        "documents": _documents(dossier),
        "sets": format_number(dossier.sets),
        "legal_time": _legal_time(dossier),
        "fee": _fee(dossier),
        "received_by": str(dossier.received_by or ""),
        "status_url": url,
        "qr": qr_data_uri(url),
    }


def _documents(dossier: Dossier) -> list[dict[str, str]]:
    """The papers received with the dossier (those of later supplements are not on the slip)."""
    rows = []
    received = dossier.documents.filter(added_in_supplement=False)
    for document in received.select_related("required_document"):
        required = document.required_document
        kind = CopyKind(required.copy_kind).label if required else ""
        rows.append(
            {
                "name": document.name,
                "kind": kind,
                "count": format_number(required.count if required else 1),
            }
        )
    return rows


def _legal_time(dossier: Dossier) -> str:
    """The legal time limit as exact data, the rule the appointment was computed from
    ("10 ngày làm việc"), through the dossier's channel when it has its own; never the
    catalogue's free text, which may say "Khoảng …"."""
    rule = rule_for(dossier.procedure, dossier.channel)
    if rule is None:
        return dossier.procedure.deadline_display
    return str(rule)


def _fee(dossier: Dossier) -> str:
    if not dossier.fee_amount:
        return "Không thu"
    paid = "đã nộp" if dossier.fee_paid else "chưa nộp"
    return f"{vnd(dossier.fee_amount)} ({paid})"


# --- 02 supplement request ----------------------------------------------------------------


def _supplement(dossier: Dossier) -> dict[str, Any]:
    cycle = _supplement_cycle(dossier)
    return {
        **_one_stop_issuer(dossier, cycle.requested_at),
        "requested_by": str(cycle.requested_by),
        "items": _items(cycle.items),
        "before_receipt": cycle.at_intake,
    }


def _supplement_cycle(dossier: Dossier) -> SupplementCycle:
    cycles = dossier.supplement_cycles.select_related("requested_by")
    cycle = cycles.filter(completed_at__isnull=True).last() or cycles.last()
    if cycle is None:
        raise FormUnavailable("Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện.")
    return cycle


def _items(text: str) -> list[str]:
    """One item a line, without the bullets or numbers the official may have typed."""
    lines = (re.sub(r"^\s*(?:[-–•*+]|\d+[.)])\s*", "", line) for line in text.splitlines())
    return [line.strip() for line in lines if line.strip()]


# --- 03 refusal --------------------------------------------------------------------------


def _refusal(dossier: Dossier) -> dict[str, Any]:
    event = _last_event(dossier, Action.REFUSE, "Hồ sơ không bị từ chối tiếp nhận.")
    return {
        **_one_stop_issuer(dossier, event.at),
        "refused_by": str(event.actor or ""),
        "reason": event.note,
    }


# --- 04 apology and new date ---------------------------------------------------------------


def _apology(dossier: Dossier) -> dict[str, Any]:
    event = _last_event(dossier, Action.APOLOGISE, "Hồ sơ chưa có thư xin lỗi, hẹn lại.")
    issued = parse_datetime(event.data.get("new_appointment_at", ""))
    new_date = issued or dossier.new_appointment_at
    return {
        **_unit_issuer(dossier, event),
        "reason": event.note,
        "new_appointment": moment_text(new_date),
        "new_appointment_date": date_text(new_date),
    }


# --- stop notice (form 05 of the 2025 list) ---------------------------------------------------


def _stop(dossier: Dossier) -> dict[str, Any]:
    event = _last_event(dossier, Action.STOP, "Hồ sơ không bị dừng xử lý.")
    return {**_unit_issuer(dossier, event), "reason": event.note}


# --- 05 processing control sheet -----------------------------------------------------------


def _control_sheet(dossier: Dossier) -> dict[str, Any]:
    if dossier.received_at is None:
        raise FormUnavailable("Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát.")
    rows = handovers(dossier)
    return {
        **_one_stop_issuer(dossier, dossier.received_at),
        "processing_unit": dossier.current_unit.name if dossier.current_unit else "",
        "legal_working_time": duration_text(legal_working_time(dossier)),
        "rows": [_sheet_row(row) for row in rows],
    }


def _sheet_row(row: Handover) -> dict[str, str]:
    notes = [row.note] if row.note else []
    if row.paused:
        notes.append(f"Không tính {duration_text(row.paused)} chờ bổ sung hồ sơ.")
    return {
        "step": str(row.step),
        "stage": row.stage,
        "from_actor": row.from_actor,
        "from_unit": row.from_unit,
        "to_actor": row.to_actor,
        "to_unit": row.to_unit,
        "at": moment_text(row.at),
        "allotted": duration_text(row.allotted),
        "used": duration_text(row.used) if row.allotted is not None else "",
        "verdict": row.verdict.label if row.verdict else "",
        "note": " ".join(notes),
    }


FORMS = {
    "receipt": _receipt,
    "supplement": _supplement,
    "refusal": _refusal,
    "apology": _apology,
    "stop": _stop,
    "control_sheet": _control_sheet,
}
