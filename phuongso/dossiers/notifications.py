"""Which dossier changes the applicant hears about, and by which template.

Called after commit by dossiers/services.py; the notifications module renders, sends by
e-mail and SMS, keeps the outbox and retries failures, so the dossier change is never lost.
"""

from __future__ import annotations

from phuongso.dossiers.models import Dossier
from phuongso.dossiers.workflow import Action
from phuongso.notifications.services import Recipient, notify

EVENTS: dict[str, str] = {
    Action.SUBMIT_ONLINE: "dossier_submitted",
    Action.RECEIVE: "dossier_received",
    Action.RECEIVE_AT_COUNTER: "dossier_received",
    Action.REQUEST_INTAKE_SUPPLEMENT: "dossier_intake_supplement",
    Action.REQUEST_SUPPLEMENT: "dossier_supplement_requested",
    Action.REFUSE: "dossier_refused",
    Action.APOLOGISE: "dossier_apology",
    Action.APPROVE: "dossier_result_ready",
    Action.REQUEST_FEES: "dossier_fees_requested",
    Action.STOP: "dossier_stopped",
    Action.RETURN_RESULT: "dossier_returned",
}


def dossier_changed(dossier_id: int, action: str) -> None:
    event = EVENTS.get(action)
    if event is None:
        return
    dossier = Dossier.objects.select_related("procedure", "commune").get(pk=dossier_id)
    last = dossier.events.order_by("-at", "-pk").first()
    notify(
        event=event,
        recipient=Recipient(
            name=dossier.applicant_name,
            email=dossier.applicant_email,
            phone=dossier.applicant_phone,
        ),
        context={"dossier": dossier, "note": last.note if last else ""},
        about=f"dossier:{dossier.pk}",
    )
