"""Send a message to a person by e-mail and SMS, from templates, after the change commits.

`notify()` writes one outbox row per medium and tries to deliver it at once; a failure is
logged on the row and `send_pending()` (the send_notifications command) retries it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from phuongso.notifications import sms
from phuongso.notifications.models import DeliveryStatus, Medium, Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# Messages that carry a credential (a link to set a password, a one-time code).
SECRET_EVENTS = frozenset({"password_link", "verification_code"})
SECRET_REMOVED = "(Nội dung có đường dẫn đặt mật khẩu hoặc mã xác minh, đã xóa sau khi gửi.)"
EXPIRED = "Đường dẫn đặt mật khẩu đã hết hạn trước khi gửi được nên không gửi nữa."


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str = ""
    phone: str = ""


def notify(
    *, event: str, recipient: Recipient, context: dict, about: str = ""
) -> list[Notification]:
    """Render the event's templates and send them now to whichever contacts the person has."""
    rows = queue(event=event, recipient=recipient, context=context, about=about)
    for row in rows:
        deliver(row)
    return rows


def prepare(
    *, event: str, recipient: Recipient, context: dict, about: str = ""
) -> list[Notification]:
    """Render the messages, one per contact the person has, not yet written: the caller writes
    them with the change they announce (`queue` here, or `dossiers.notifications.queue`)."""
    context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
    rows = []
    if recipient.email:
        subject, body = _render_email(event, context)
        rows.append(_message(Medium.EMAIL, event, recipient.email, subject, body, about))
    if recipient.phone:
        text = sms.plain_text(render_to_string(f"notifications/{event}.sms.txt", context).strip())
        rows.append(_message(Medium.SMS, event, recipient.phone, "", text, about))
    return rows


def queue(
    *, event: str, recipient: Recipient, context: dict, about: str = ""
) -> list[Notification]:
    """Write the messages to the outbox inside the caller's transaction (sent later)."""
    rows = prepare(event=event, recipient=recipient, context=context, about=about)
    for row in rows:
        row.save()
    return rows


def queue_and_send_after_commit(
    *, event: str, recipient: Recipient, context: dict, about: str = ""
) -> list[Notification]:
    """The transactional outbox: the messages commit with the change they announce and leave
    after the commit; if the process dies first, `send_notifications` sends them."""
    rows = queue(event=event, recipient=recipient, context=context, about=about)
    send_after_commit(rows)
    return rows


def send_after_commit(rows: list[Notification]) -> None:
    """Deliver outbox rows written in the current transaction once it commits."""
    if rows:
        transaction.on_commit(lambda: [deliver(row) for row in rows])


def _render_email(event: str, context: dict) -> tuple[str, str]:
    text = render_to_string(f"notifications/{event}.email.txt", context).strip()
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"


def _message(medium: str, event: str, to: str, subject: str, body: str, about: str) -> Notification:
    return Notification(
        medium=medium, event=event, recipient=to, subject=subject, body=body, about=about
    )


def deliver(row: Notification) -> bool:
    """Try once; record the outcome on the row. Never raises."""
    row.attempts += 1
    try:
        if row.medium == Medium.EMAIL:
            send_mail(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.recipient])
            row.gateway = "email"
        else:
            gateway = sms.gateway()
            gateway.send(phone=row.recipient, text=row.body)
            row.gateway = gateway.name
    except Exception as exc:  # a gateway down must never undo what the message is about
        logger.warning("Gửi thông báo %s thất bại: %s", row.pk, exc)
        row.status = (
            DeliveryStatus.GAVE_UP if row.attempts >= MAX_ATTEMPTS else DeliveryStatus.FAILED
        )
        row.last_error = str(exc)[:2000]
        if row.status == DeliveryStatus.GAVE_UP:
            _drop_secret(row)  # never sent: no reason to keep the link readable
        row.save(update_fields=["attempts", "status", "last_error", "gateway", "body"])
        return False
    row.status = DeliveryStatus.SENT
    row.sent_at = timezone.now()
    row.last_error = ""
    if row.gateway != "outbox":
        # Delivered elsewhere: the link must not stay readable here (the outbox gateway's row
        # is itself the delivery, so it keeps it).
        _drop_secret(row)
    row.save(update_fields=["attempts", "status", "last_error", "gateway", "sent_at", "body"])
    return True


class Retried(NamedTuple):
    sent: int
    failing: int
    expired: int  # password links dropped because their token had expired


# A message still pending this soon after it was queued is being sent by the request that
# queued it (after its commit): a retry now would send it twice.
IN_FLIGHT = timedelta(minutes=1)


def send_pending() -> Retried:
    """Retry every unsent message but those just queued (IN_FLIGHT: their request is sending
    them). Each row is retried under a lock and only if still unsent, so two runs at once never
    send a message twice; a password link whose token has expired is dropped, not sent late."""
    sent = failing = expired = 0
    waiting = Notification.objects.filter(_waiting(timezone.now())).order_by("created_at")
    for pk in list(waiting.values_list("pk", flat=True)):
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(_waiting(timezone.now()), pk=pk)
                .first()
            )
            if row is None:
                continue  # sent, or being sent, by another run
            if _link_expired(row, timezone.now()):
                _give_up_expired(row)
                expired += 1
            elif deliver(row):
                sent += 1
            else:
                failing += 1
    return Retried(sent, failing, expired)


def _waiting(now: datetime) -> Q:
    """Unsent, and not just queued: failed once already, or pending for over IN_FLIGHT."""
    return Q(status=DeliveryStatus.FAILED) | Q(
        status=DeliveryStatus.PENDING, created_at__lte=now - IN_FLIGHT
    )


def _link_expired(row: Notification, now: datetime) -> bool:
    """A password link outlives its token only as a useless message (and a credential in the
    outbox): once the token has expired it is not sent late."""
    lifetime = timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return row.event in SECRET_EVENTS and now - row.created_at > lifetime


def _give_up_expired(row: Notification) -> None:
    row.status = DeliveryStatus.GAVE_UP
    row.last_error = EXPIRED
    _drop_secret(row)
    row.save(update_fields=["status", "last_error", "body"])


def _drop_secret(row: Notification) -> None:
    """A message carrying a credential loses it once it no longer has to be sent."""
    if row.event in SECRET_EVENTS:
        row.body = SECRET_REMOVED
