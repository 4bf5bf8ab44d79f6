"""Which dossier changes the applicant hears about, and by which template.

Called by dossiers/services.py inside the change's transaction: the messages are written to
the outbox with the change and sent after commit; the notifications module retries failures.
"""

from __future__ import annotations

from phuongso.core.inserts import KeyOf
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.workflow import Action
from phuongso.notifications.models import Notification
from phuongso.notifications.services import Recipient, prepare, send_after_commit

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


def messages(dossier: Dossier, action: str, *, note: str = "") -> list[Notification]:
    """The applicant's messages about this change, rendered and not yet written. A dossier
    not yet written is named by the key it will get (`KeyOf`)."""
    event = EVENTS.get(action)
    if event is None or not (dossier.applicant_email or dossier.applicant_phone):
        return []
    return prepare(
        event=event,
        recipient=Recipient(
            name=dossier.applicant_name,
            email=dossier.applicant_email,
            phone=dossier.applicant_phone,
        ),
        context={"dossier": dossier, "note": note},
        about=f"dossier:{dossier.pk}" if dossier.pk else KeyOf("dossier:"),
    )


def queue(dossier: Dossier, action: str, *, note: str = "") -> None:
    """Write the messages about a change with it; they leave after it commits."""
    if dossier.pk is None:  # a new dossier's messages are written with it (services._create)
        raise ValueError("queue() needs a dossier that is already written")
    rows = messages(dossier, action, note=note)
    for row in rows:
        row.save()
    send_after_commit(rows)
