"""The rollups behind the service-quality figures, derived from the dossiers and their log.

Nothing here is typed in: `rollups.refresh()` computes one DossierFact per dossier from the
dossier, its events, supplement cycles, papers and rating (facts.py), and keeps two sums of
those facts per day (ProcedureDay for the commune's figures, SliceDay for any other slice).
A full recomputation gives the same rows (tests/test_rollups_equal_a_recomputation.py).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from phuongso.core.models import Commune
from phuongso.dossiers.models import Dossier
from phuongso.procedures.models import Procedure

# What a day adds to each figure; a dossier adds to the day of each of its moments (received,
# ended, judged, returned, apology, withdrawn, refused), see facts.contributions().
COUNTERS: tuple[str, ...] = (
    "received",
    "online",
    "online_file",
    "fee",
    "paid_online",
    "reused",
    "ended",
    "with_result",
    "result_file",
    "digitised",
    "digitised_file",
    "processing_seconds",
    "judged",
    "early",
    "on_time",
    "late",
    "unsatisfied",
    "rated",
    "satisfied",
    "returned",
    "apologised",
    "withdrawn",
    "refused",
    "r_result_file",
    "r_digitised",
    "r_digitised_file",
    "fully_online",
)


class RollupState(models.Model):
    """How far the scheduled fold has read the logs (one row); see rollups.py."""

    last_event_id = models.BigIntegerField("sự kiện cuối đã tổng hợp", default=0)
    last_report_id = models.BigIntegerField("phản ánh cuối đã tổng hợp", default=0)
    # The newest ids seen by the previous fold, and when: folded by the next one after the lag.
    seen_event_id = models.BigIntegerField("sự kiện mới nhất đã thấy", default=0)
    seen_report_id = models.BigIntegerField("phản ánh mới nhất đã thấy", default=0)
    seen_at = models.DateTimeField("thấy lúc", null=True, blank=True)
    calendar_signature = models.CharField("dấu lịch làm việc", max_length=120, blank=True)
    refreshed_at = models.DateTimeField("tổng hợp lúc", null=True, blank=True)

    class Meta:
        verbose_name = "trạng thái tổng hợp chỉ số"
        verbose_name_plural = "trạng thái tổng hợp chỉ số"

    def __str__(self) -> str:
        return f"Đã tổng hợp đến sự kiện {self.last_event_id}"


class DossierFact(models.Model):
    """What the index needs to know about one dossier, as of the last refresh."""

    dossier = models.OneToOneField(
        Dossier,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="quality_fact",
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    channel = models.CharField(max_length=1)
    unit_id = models.BigIntegerField(default=0)
    official_id = models.BigIntegerField(default=0)
    former_unit_id = models.BigIntegerField(default=0)
    received_day = models.DateField(null=True)
    ended_day = models.DateField(null=True)
    judged_day = models.DateField(null=True)
    returned_day = models.DateField(null=True)
    withdrawn_day = models.DateField(null=True)
    refused_day = models.DateField(null=True)
    verdict = models.CharField(max_length=8, blank=True)  # the index's (national) verdict
    legal_verdict = models.CharField(max_length=8, blank=True)  # by the law's clock
    national_due = models.DateTimeField(null=True)  # for a dossier open at the period's end
    processing_seconds = models.BigIntegerField(default=0)
    online = models.BooleanField(default=False)
    has_result_file = models.BooleanField(default=False)
    with_result = models.BooleanField(default=False)
    docs_digitised = models.BooleanField(default=False)
    docs_with_file = models.BooleanField(default=False)
    fully_online = models.BooleanField(default=False)
    complained = models.BooleanField(default=False)
    reused = models.BooleanField(default=False)
    fee = models.BooleanField(default=False)
    paid_online = models.BooleanField(default=False)
    rated = models.BooleanField(default=False)
    satisfied = models.BooleanField(default=False)
    is_open = models.BooleanField(default=False)
    running = models.BooleanField(default=False)
    due_at = models.DateTimeField(null=True)
    apology_at = models.DateTimeField(null=True)
    new_appointment_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "dữ kiện hồ sơ (chỉ số)"
        verbose_name_plural = "dữ kiện hồ sơ (chỉ số)"
        indexes = [
            models.Index(fields=["commune", "received_day"], name="quality_fact_received"),
            models.Index(fields=["commune", "judged_day"], name="quality_fact_judged"),
            models.Index(fields=["commune", "ended_day"], name="quality_fact_ended"),
            models.Index(
                fields=["commune", "received_day"],
                name="quality_fact_open",
                condition=Q(is_open=True),
            ),
            models.Index(
                fields=["commune", "received_day"],
                name="quality_fact_unjudged",
                condition=Q(judged_day__isnull=True),
            ),
            models.Index(
                fields=["commune", "withdrawn_day"],
                name="quality_fact_withdrawn",
                condition=Q(withdrawn_day__isnull=False),
            ),
            models.Index(
                fields=["commune", "refused_day"],
                name="quality_fact_refused",
                condition=Q(refused_day__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Dữ kiện hồ sơ #{self.dossier_id}"


class Counters(models.Model):
    received = models.IntegerField(default=0)
    online = models.IntegerField(default=0)
    online_file = models.IntegerField(default=0)
    fee = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    ended = models.IntegerField(default=0)
    with_result = models.IntegerField(default=0)
    result_file = models.IntegerField(default=0)
    digitised = models.IntegerField(default=0)
    digitised_file = models.IntegerField(default=0)
    processing_seconds = models.BigIntegerField(default=0)
    judged = models.IntegerField(default=0)
    early = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    unsatisfied = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    apologised = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    # Counted on the day of receipt (4.1 and 4.2 over every dossier of the period; the
    # resolution's fully online share).
    r_result_file = models.IntegerField(default=0)
    r_digitised = models.IntegerField(default=0)
    r_digitised_file = models.IntegerField(default=0)
    fully_online = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ProcedureDay(Counters):
    """Sums of the facts per commune, day and procedure: the commune's figures of any period."""

    commune_id = models.BigIntegerField()
    day = models.DateField()
    procedure_id = models.BigIntegerField()

    KEY = ("commune_id", "day", "procedure_id")

    class Meta:
        verbose_name = "tổng hợp theo ngày, thủ tục"
        verbose_name_plural = "tổng hợp theo ngày, thủ tục"
        constraints = [
            models.UniqueConstraint(
                fields=["commune_id", "day", "procedure_id"], name="quality_procedure_day_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.day} {self.procedure_id}"


class SliceDay(Counters):
    """Sums per commune, day, procedure, channel, unit, official and former unit (any slice)."""

    commune_id = models.BigIntegerField()
    day = models.DateField()
    procedure_id = models.BigIntegerField()
    channel = models.CharField(max_length=1)
    unit_id = models.BigIntegerField()
    official_id = models.BigIntegerField()
    former_unit_id = models.BigIntegerField()

    KEY = (
        "commune_id",
        "day",
        "procedure_id",
        "channel",
        "unit_id",
        "official_id",
        "former_unit_id",
    )

    class Meta:
        verbose_name = "tổng hợp theo ngày và mọi chiều"
        verbose_name_plural = "tổng hợp theo ngày và mọi chiều"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "commune_id",
                    "day",
                    "procedure_id",
                    "channel",
                    "unit_id",
                    "official_id",
                    "former_unit_id",
                ],
                name="quality_slice_day_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.day} {self.procedure_id} {self.channel}"
