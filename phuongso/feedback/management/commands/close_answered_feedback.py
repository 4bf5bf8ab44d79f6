from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from phuongso.feedback import deadlines, services
from phuongso.feedback.models import Report
from phuongso.feedback.services import FeedbackError
from phuongso.feedback.workflow import Status


class Command(BaseCommand):
    help = (
        "Đóng các phản ánh đã giải quyết quá thời hạn được mở lại (FEEDBACK_REOPEN_DAYS). "
        "Chạy hằng ngày; chạy lại nhiều lần vẫn an toàn."
    )

    def handle(self, *args: object, **options: object) -> None:
        limit = deadlines.reopen_expired_before(timezone.now())
        closed = 0
        for report in Report.objects.filter(status=Status.RESOLVED, resolved_at__lt=limit):
            try:
                services.close(report, actor=None, note="Tự động đóng khi hết thời hạn mở lại.")
            except FeedbackError:
                continue  # changed meanwhile: the next run sees it again
            closed += 1
        self.stdout.write(f"Đã đóng {closed} phản ánh.")
