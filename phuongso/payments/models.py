from __future__ import annotations

from django.conf import settings
from django.db import models

from phuongso.dossiers.models import Dossier


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ thanh toán"
    PAID = "paid", "Đã thanh toán"
    FAILED = "failed", "Không thành công"
    # Paid at the gateway but not applicable to the dossier any more (its fee changed, it was
    # paid another way, or it was withdrawn meanwhile): the ward refunds the money.
    REFUND_DUE = "refund", "Đã thu tiền, cần hoàn lại"
    REFUNDED = "refunded", "Đã hoàn tiền"


class Payment(models.Model):
    """One attempt to pay a dossier's fees through the online payment gateway."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="payments", verbose_name="hồ sơ"
    )
    reference = models.CharField("mã giao dịch", max_length=40, unique=True)
    amount = models.PositiveIntegerField("số tiền (đồng)")
    status = models.CharField(
        "trạng thái", max_length=8, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    gateway = models.CharField("cổng thanh toán", max_length=40)
    gateway_transaction = models.CharField("mã giao dịch của cổng", max_length=40, blank=True)
    response_code = models.CharField("mã phản hồi", max_length=4, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    refunded_at = models.DateTimeField("hoàn tiền lúc", null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người hoàn tiền",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "giao dịch thanh toán"
        verbose_name_plural = "giao dịch thanh toán"

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_status_display()})"
