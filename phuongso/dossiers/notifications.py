"""Which dossier changes the applicant hears about, and by which template.

Called by dossiers/services.py inside the change's transaction: the messages are written to
the outbox with the change and sent after commit; the notifications module retries failures.
"""

from __future__ import annotations

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
    """The applicant's messages about this change (of a dossier already written), rendered
    and not yet written."""
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
        about=f"dossier:{dossier.pk}",
    )


def queue(dossier: Dossier, action: str, *, note: str = "") -> None:
    """Write the messages about a change with it (one INSERT); they leave after it commits."""
    if dossier.pk is None:  # services._create writes a new dossier first
        raise ValueError("queue() needs a dossier that is already written")
    rows = Notification.objects.bulk_create(messages(dossier, action, note=note))
    send_after_commit(rows)
