"""Who hears about a report's public steps, and by which template.

Called by feedback/services.py inside the change's transaction: the messages are written to
the outbox with the change and sent after commit (the notifications module's transactional
outbox); `send_notifications` retries failures, so neither the change nor the reply is lost.
The reporter hears of every public step; followers (citizens who chose to follow, reporters
of merged duplicates) hear of the ward's answers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.urls import reverse

from phuongso.feedback.models import Follower, Report, ReportEvent
from phuongso.feedback.workflow import Action
from phuongso.notifications.services import Recipient, queue_and_send_after_commit

TO_REPORTER: dict[str, str] = {
    Action.SUBMIT: "feedback_received",
    Action.ACCEPT: "feedback_accepted",
    Action.REFUSE: "feedback_refused",
    Action.REQUEST_INFO: "feedback_info_requested",
    Action.REPLY: "feedback_replied",
    Action.RESOLVE: "feedback_resolved",
    Action.MERGE: "feedback_merged",
}
TO_FOLLOWERS = frozenset(
    {Action.ACCEPT, Action.REFUSE, Action.REPLY, Action.RESOLVE, Action.REOPEN}
)
FOLLOWER_EVENT = "feedback_followed_update"

_state = threading.local()


def enabled() -> bool:
    return not getattr(_state, "quiet", False)


@contextmanager
def quietly() -> Iterator[None]:
    """Write without messaging anyone (the demo seeding its history)."""
    previous = getattr(_state, "quiet", False)
    _state.quiet = True
    try:
        yield
    finally:
        _state.quiet = previous


def report_changed(event: ReportEvent) -> None:
    event = ReportEvent.objects.select_related(
        "report", "report__commune", "report__category", "report__current_unit"
    ).get(pk=event.pk)
    report = event.report
    context = {
        "report": report,
        "event": event,
        "note": event.note,
        "reporter_path": _reporter_path(report),
        "public_path": reverse("feedback:detail", args=[report.pk]) if report.may_publish else "",
    }
    template = TO_REPORTER.get(event.action)
    if template:
        reporter = Recipient(
            name=report.reporter_name, email=report.reporter_email, phone=report.reporter_phone
        )
        queue_and_send_after_commit(
            event=template, recipient=reporter, context=context, about=f"feedback:{report.pk}"
        )
    if event.action in TO_FOLLOWERS:
        for follower in _followers(report):
            queue_and_send_after_commit(
                event=FOLLOWER_EVENT,
                recipient=follower,
                context=context,
                about=f"feedback:{report.pk}",
            )


def _reporter_path(report: Report) -> str:
    if report.reporter_id:
        return reverse("feedback:my_report", args=[report.pk])
    return reverse("feedback:detail", args=[report.pk]) if report.may_publish else ""


def _followers(report: Report) -> list[Recipient]:
    people = Follower.objects.filter(report=report).select_related("user")
    result = []
    for person in people:
        user = person.user
        email = (user.email if user else "") or person.email
        phone = (user.phone if user else "") or person.phone
        if email or phone:
            name = (user.full_name if user else "") or person.name
            result.append(Recipient(name=name, email=email or "", phone=phone or ""))
    return result
