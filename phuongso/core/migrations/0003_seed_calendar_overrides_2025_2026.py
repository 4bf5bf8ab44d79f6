"""Seed the 2025–2026 differences between the holidays package and the official schedule.

The package (holidays 0.109) misses Friday 2/1/2026 off and lists no make-up working
Saturday in its holiday table, so these rows put the state sector's schedule
(shared/data/calendar-vn.md) in the administrator's hands. 24/11 is decided by the
OBSERVE_CULTURE_DAY setting, not here. Re-runnable: existing dates are left as they are.
"""

from django.db import migrations

SEED = [
    (
        "2025-04-26",
        "working_day",
        "Thứ Bảy làm bù cho ngày nghỉ Thứ Sáu 2/5/2025 (dịp 30/4 – 1/5/2025).",
    ),
    (
        "2026-01-02",
        "day_off",
        "Nghỉ Tết Dương lịch 2026, hoán đổi với Thứ Bảy 10/1/2026 "
        "(Công văn 12729/VPCP-KGVX ngày 25/12/2025).",
    ),
    (
        "2026-01-10",
        "working_day",
        "Thứ Bảy làm bù cho ngày nghỉ Thứ Sáu 2/1/2026 (Công văn 12729/VPCP-KGVX ngày 25/12/2025).",
    ),
    (
        "2026-08-22",
        "working_day",
        "Thứ Bảy làm bù cho ngày nghỉ Thứ Hai 31/8/2026 dịp Quốc khánh "
        "(Thủ tướng Chính phủ phê duyệt tháng 10/2025).",
    ),
]


def seed(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    for day, kind, reason in SEED:
        CalendarOverride.objects.get_or_create(date=day, defaults={"kind": kind, "reason": reason})


def unseed(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    for day, kind, _reason in SEED:
        CalendarOverride.objects.filter(date=day, kind=kind).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_calendar_overrides"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
