"""Warnings sent about work running late: each one recorded, so it is sent once."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from phuongso.core.models import Commune


class Reminder(models.Model):
    """One warning to one official about one dossier or report at one stage ("due_soon",
    "overdue", "waiting:<version>"): the unique row is what makes it go out once."""

    about = models.CharField("về", max_length=40)  # "dossier:42", "report:7"
    stage = models.CharField("mức nhắc", max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name="người nhận",
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="+", verbose_name="xã, phường"
    )
    sent_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "lần nhắc việc"
        verbose_name_plural = "nhắc việc"
        constraints = [
            models.UniqueConstraint(
                fields=["about", "stage", "recipient"], name="one_reminder_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.about} {self.stage} → {self.recipient}"
