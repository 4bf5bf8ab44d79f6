"""Retention of personal data: what each kind of record keeps, and the purge that enforces it.

Periods are settings (RETENTION_DAYS in settings.py, with the caveat written there). The purge
is idempotent: it removes what passed its period at the moment it runs, so running it twice,
or every night, removes nothing more the second time. Records the archives law requires are
never touched: dossiers, their events, papers and results, registers, households and reviews.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone


def cutoff(kind: str, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.RETENTION_DAYS[kind])


def purge(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Remove every record past its retention period; returns how many of each went."""
    now = now or timezone.now()
    done = {
        "draft": _drafts(cutoff("draft", now)),
        "notification": _notifications(cutoff("notification", now)),
        "sign_in_record": _sign_in_records(cutoff("sign_in_record", now)),
        "unconfirmed_second_factor": _unconfirmed_devices(cutoff("unconfirmed_second_factor", now)),
        "access_log": _access_logs(cutoff("access_log", now)),
        "correction_request": _correction_requests(cutoff("correction_request", now)),
        "feedback_contact": _feedback_contacts(cutoff("feedback_contact", now)),
    }
    done["expired_session"] = Session.objects.filter(expire_date__lt=now).delete()[0]
    return done


def _drafts(before: dt.datetime) -> int:
    from phuongso.core.uploads import remove_stored
    from phuongso.dossiers.models import Draft, DraftDocument

    drafts = Draft.objects.filter(updated_at__lt=before)
    with transaction.atomic():
        papers = DraftDocument.objects.filter(draft__in=drafts)
        files = [(paper.file.storage, paper.file.name) for paper in papers if paper.file]
        count = drafts.count()
        drafts.delete()

        def remove_files() -> None:
            for storage, name in files:
                remove_stored(storage, [name])

        transaction.on_commit(remove_files)
    return count


def _notifications(before: dt.datetime) -> int:
    from phuongso.notifications.models import DeliveryStatus, Notification

    ended = [DeliveryStatus.SENT, DeliveryStatus.GAVE_UP]
    return Notification.objects.filter(created_at__lt=before, status__in=ended).delete()[0]


def _sign_in_records(before: dt.datetime) -> int:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return sum(
        model.objects.filter(attempt_time__lt=before).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def _unconfirmed_devices(before: dt.datetime) -> int:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(confirmed=False, created_at__lt=before).delete()[0]


def _access_logs(before: dt.datetime) -> int:
    from phuongso.households.models import AccessLog

    return AccessLog.objects.filter(at__lt=before).delete()[0]


def _correction_requests(before: dt.datetime) -> int:
    from phuongso.accounts.models import CorrectionRequest, CorrectionStatus

    answered = CorrectionRequest.objects.exclude(status=CorrectionStatus.OPEN)
    return answered.filter(answered_at__lt=before).delete()[0]


def _feedback_contacts(before: dt.datetime) -> int:
    """A report ended long ago keeps its text and figures, not how to reach its reporter."""
    from phuongso.feedback.models import Report
    from phuongso.feedback.workflow import FINAL

    reports = Report.objects.filter(status__in=FINAL, updated_at__lt=before).exclude(
        reporter_name="", reporter_phone="", reporter_email=""
    )
    return reports.update(reporter_name="", reporter_phone="", reporter_email="")
