"""Every message sent to a person, kept as an outbox row: what, to whom, whether it left.

The SMS outbox is what the administrator reads when no SMS gateway is connected; failed sends
stay pending and are retried by `manage.py send_notifications`.
"""

from __future__ import annotations

from django.db import models


class Medium(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi lỗi, sẽ thử lại"
    GAVE_UP = "gave_up", "Đã ngừng thử"


class Notification(models.Model):
    medium = models.CharField("kênh", max_length=5, choices=Medium.choices)
    event = models.CharField("sự kiện", max_length=60)
    recipient = models.CharField("người nhận", max_length=254)
    subject = models.CharField("tiêu đề", max_length=255, blank=True)
    body = models.TextField("nội dung")
    # What the message is about, for the audit trail ("dossier:42", "feedback:7").
    about = models.CharField("liên quan", max_length=60, blank=True, db_index=True)
    status = models.CharField(
        "trạng thái", max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    gateway = models.CharField("cổng gửi", max_length=60, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo đã gửi (hộp thư đi)"
        indexes = [models.Index(fields=["status", "created_at"], name="notification_status")]

    def __str__(self) -> str:
        return f"{self.get_medium_display()} → {self.recipient}: {self.subject or self.body[:40]}"
