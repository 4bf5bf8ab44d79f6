"""The nightly purge removes personal data past its retention period, keeps what the archives
law requires, and removes nothing more when run again."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from phuongso.core.retention import purge
from phuongso.dossiers.models import Dossier, Draft
from phuongso.dossiers.testing import submitted_online
from phuongso.households.models import AccessAction, AccessLog
from phuongso.households.services import log_access
from phuongso.notifications.models import DeliveryStatus, Notification

pytestmark = pytest.mark.django_db


def aged(model, pk: int, field: str, days: int) -> None:
    model.objects.filter(pk=pk).update(**{field: timezone.now() - dt.timedelta(days=days)})


def test_old_records_go_recent_ones_and_archives_stay(
    settings, citizen, specialist, three_day_procedure
) -> None:
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "draft": 90, "notification": 365}
    old_draft = Draft.objects.create(applicant=citizen, procedure=three_day_procedure)
    new_draft = Draft.objects.create(applicant=citizen, procedure=three_day_procedure)
    aged(Draft, old_draft.pk, "updated_at", 91)
    sent = Notification.objects.create(
        medium="sms", event="x", recipient="+84912000001", body="a", status=DeliveryStatus.SENT
    )
    waiting = Notification.objects.create(
        medium="sms", event="x", recipient="+84912000001", body="b", status=DeliveryStatus.PENDING
    )
    aged(Notification, sent.pk, "created_at", 400)
    aged(Notification, waiting.pk, "created_at", 400)
    old_log = log_access(user=specialist, action=AccessAction.SEARCH_HOUSEHOLDS, detail="x")
    aged(AccessLog, old_log.pk, "at", 6 * 365)
    dossier = submitted_online(three_day_procedure, citizen)
    aged(Dossier, dossier.pk, "created_at", 30 * 365)

    done = purge()
    assert done["draft"] == 1 and done["notification"] == 1 and done["access_log"] == 1
    assert list(Draft.objects.all()) == [new_draft]
    assert Notification.objects.filter(pk=waiting.pk).exists()  # not sent yet: kept
    assert not Notification.objects.filter(pk=sent.pk).exists()
    assert Dossier.objects.filter(pk=dossier.pk).exists()  # archives: never purged

    again = io.StringIO()
    call_command("purge_personal_data", stdout=again)
    assert all(line.endswith(": 0") for line in again.getvalue().splitlines())
