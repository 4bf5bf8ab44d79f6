from __future__ import annotations

import pytest

from phuongso.resolution import services
from phuongso.resolution.models import ChangeRecord, ProgressReport, TaskStatus


def test_a_unit_editing_another_units_task_is_refused_and_nothing_saved(
    culture_task, other_unit_specialist
) -> None:
    reports, changes = ProgressReport.objects.count(), ChangeRecord.objects.count()
    progress = culture_task.progress
    with pytest.raises(services.NotAllowed) as error:
        services.report_progress(task=culture_task, actor=other_unit_specialist, percent=90,
                                 text="Đã xong")  # fmt: skip
    assert error.value.message == (
        "Nhiệm vụ này do Phòng Văn hóa – Xã hội chủ trì: chỉ cán bộ của đơn vị chủ trì "
        "hoặc lãnh đạo phường được cập nhật."
    )
    with pytest.raises(services.NotAllowed):
        services.update_task(task=culture_task, actor=other_unit_specialist,
                             status=TaskStatus.DONE)  # fmt: skip
    culture_task.refresh_from_db()
    assert culture_task.progress == progress
    assert culture_task.status == TaskStatus.IN_PROGRESS
    assert (ProgressReport.objects.count(), ChangeRecord.objects.count()) == (reports, changes)


def test_the_lead_units_specialist_reports_progress(client, culture_task, specialist) -> None:
    client.force_login(specialist)
    response = client.post(
        f"/nghi-quyet/nhiem-vu/{culture_task.pk}/bao-cao-tien-do/",
        {"reported_on": "20/11/2026", "percent": "80", "text": "Đã rà soát xong 40 tổ dân phố."},
    )
    assert response.status_code == 302
    culture_task.refresh_from_db()
    assert culture_task.progress == 80
    assert culture_task.reports.first().reported_by == specialist


def test_a_coordinating_unit_sees_the_task_but_cannot_report(
    client, resolution, other_unit_specialist
) -> None:
    # Phòng Kinh tế coordinates the culture unit's relic task.
    task = resolution.programmes.get(kind="key_task", lead_unit__kind="culture_society") \
        .plans.get().tasks.get(name__startswith="Lập hồ sơ xếp hạng")  # fmt: skip
    client.force_login(other_unit_specialist)
    assert client.get(f"/nghi-quyet/nhiem-vu/{task.pk}/").status_code == 200
    response = client.post(f"/nghi-quyet/nhiem-vu/{task.pk}/bao-cao-tien-do/",
                           {"reported_on": "20/11/2026", "percent": "50", "text": "x"})  # fmt: skip
    assert response.status_code == 403
    assert "Phòng Văn hóa – Xã hội chủ trì" in response.content.decode()
    assert task.reports.count() == 1


def test_a_unit_does_not_see_tasks_it_has_no_part_in(
    client, resolution, other_unit_specialist
) -> None:
    task = resolution.programmes.get(lead_unit__kind="culture_society").plans.get() \
        .tasks.get(name__startswith="Rà soát hộ nghèo")  # fmt: skip
    client.force_login(other_unit_specialist)
    assert client.get(f"/nghi-quyet/nhiem-vu/{task.pk}/").status_code == 404


def test_leaders_see_and_update_every_task(client, culture_task, leader) -> None:
    client.force_login(leader)
    assert client.get(f"/nghi-quyet/nhiem-vu/{culture_task.pk}/").status_code == 200
    response = client.post(f"/nghi-quyet/nhiem-vu/{culture_task.pk}/", {
        "status": "paused", "deadline": "31/12/2026", "version": culture_task.version,
    })  # fmt: skip
    assert response.status_code == 302
    culture_task.refresh_from_db()
    assert culture_task.status == TaskStatus.PAUSED


def test_a_stale_page_does_not_overwrite_a_newer_change(client, culture_task, leader) -> None:
    client.force_login(leader)
    stale = culture_task.version
    services.report_progress(task=culture_task, actor=leader, percent=60, text="Cập nhật")
    response = client.post(f"/nghi-quyet/nhiem-vu/{culture_task.pk}/", {
        "status": "paused", "deadline": "31/12/2026", "version": stale,
    })  # fmt: skip
    assert "vừa được người khác cập nhật" in response.content.decode()
    culture_task.refresh_from_db()
    assert culture_task.status == TaskStatus.IN_PROGRESS
