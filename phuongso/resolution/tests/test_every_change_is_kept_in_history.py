from __future__ import annotations

import datetime as dt

from phuongso.resolution import services
from phuongso.resolution.models import ChangeRecord, TaskStatus


def rows(**filters) -> list[tuple[str, str, str, str]]:
    return [
        (change.field, change.old_value, change.new_value, str(change.actor))
        for change in ChangeRecord.objects.filter(**filters).order_by("at", "pk")
    ]


def test_entering_and_correcting_a_figure_keeps_who_when_old_and_new(
    revenue, other_unit_specialist, leader
) -> None:
    economy = other_unit_specialist  # Phòng Kinh tế follows the budget revenue
    services.record_actual(indicator=revenue, year=2026, value="440", source="Ước lần 1",
                           actor=economy)  # fmt: skip
    actual = services.verify_actual(actual=revenue.actuals.get(year=2026, quarter=0), actor=leader)
    assert actual.verified_by == leader
    corrected = services.record_actual(indicator=revenue, year=2026, value="452.3",
                                       source="Ước lần 2", actor=economy)  # fmt: skip
    assert corrected.verified_by is None  # a correction needs a new verification
    assert rows(indicator=revenue, subject="Số liệu năm 2026") == [
        ("giá trị", "", "440", str(economy)),
        ("nguồn", "", "Ước lần 1", str(economy)),
        ("người xác nhận", "", str(leader), str(leader)),
        ("người xác nhận", str(leader), "", str(economy)),
        ("giá trị", "440", "452,3", str(economy)),
        ("nguồn", "Ước lần 1", "Ước lần 2", str(economy)),
    ]
    assert all(c.at is not None for c in ChangeRecord.objects.filter(indicator=revenue))


def test_a_task_change_and_a_progress_report_are_kept(culture_task, specialist, leader) -> None:
    ChangeRecord.objects.filter(task=culture_task).delete()
    services.update_task(task=culture_task, actor=leader, deadline=dt.date(2026, 12, 15))
    services.report_progress(task=culture_task, actor=specialist, percent=100,
                             text="Hoàn thành rà soát.", reported_on=dt.date(2026, 11, 20))  # fmt: skip
    assert rows(task=culture_task) == [
        ("hạn hoàn thành", "15/11/2026", "15/12/2026", str(leader)),
        ("tiến độ (%)", "30", "100", str(specialist)),
        ("trạng thái", "Đang thực hiện", "Hoàn thành", str(specialist)),
        ("ngày hoàn thành", "", "20/11/2026", str(specialist)),
        ("nội dung báo cáo", "", "Hoàn thành rà soát.", str(specialist)),
    ]
    culture_task.refresh_from_db()
    assert culture_task.status == TaskStatus.DONE


def test_the_history_shows_on_the_indicator_page(client, revenue, leader) -> None:
    services.record_actual(indicator=revenue, year=2026, value="452.3", source="Báo cáo 215",
                           actor=leader)  # fmt: skip
    client.force_login(leader)
    page = client.get(f"/nghi-quyet/chi-tieu/{revenue.pk}/").content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Số liệu năm 2026: giá trị" in page
    assert "452,3" in page


def test_entering_the_same_figure_again_changes_nothing(
    revenue, other_unit_specialist, leader
) -> None:
    economy = other_unit_specialist
    services.record_actual(indicator=revenue, year=2026, value="440", source="Ước", actor=economy)
    actual = services.verify_actual(actual=revenue.actuals.get(year=2026, quarter=0), actor=leader)
    count = ChangeRecord.objects.count()
    again = services.record_actual(indicator=revenue, year=2026, value="440.0", source="Ước",
                                   actor=economy)  # fmt: skip
    assert again.pk == actual.pk
    assert again.verified_by == leader
    assert ChangeRecord.objects.count() == count
