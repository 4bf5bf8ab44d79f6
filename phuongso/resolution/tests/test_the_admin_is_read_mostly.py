from __future__ import annotations

from django.urls import reverse

from phuongso.resolution.models import ActualValue, ChangeRecord


def test_the_province_administrator_reads_every_list_but_cannot_edit_figures_or_tasks(
    client, province_administrator, resolution, culture_task
) -> None:
    client.force_login(province_administrator)
    for name in ["resolution", "indicator", "actualvalue", "programme", "plan", "task",
                 "progressreport", "evidencefile", "changerecord"]:  # fmt: skip
        assert client.get(reverse(f"admin:resolution_{name}_changelist")).status_code == 200, name
    actual = ActualValue.objects.first()
    url = reverse("admin:resolution_actualvalue_change", args=[actual.pk])
    response = client.post(url, {"value": "999", "source": "sửa tay"})
    assert response.status_code == 403
    task_url = reverse("admin:resolution_task_change", args=[culture_task.pk])
    assert client.post(task_url, {"progress": "100"}).status_code == 403
    actual.refresh_from_db()
    assert actual.value != 999


def test_the_verify_action_goes_through_the_service(
    client, province_administrator, resolution
) -> None:
    client.force_login(province_administrator)
    actual = ActualValue.objects.first()
    changes = ChangeRecord.objects.count()
    response = client.post(
        reverse("admin:resolution_actualvalue_changelist"),
        {"action": "verify", "_selected_action": [actual.pk]},
        follow=True,
    )
    assert "Chỉ lãnh đạo của xã, phường mới xác nhận số liệu." in response.content.decode()
    actual.refresh_from_db()
    assert actual.verified_by is None
    assert ChangeRecord.objects.count() == changes
