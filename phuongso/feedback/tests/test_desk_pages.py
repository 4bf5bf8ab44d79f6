"""The responsible unit's inbox, sorted by deadline, and the report page's actions."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from phuongso.feedback import services
from phuongso.feedback.tests.conftest import at
from phuongso.feedback.workflow import Status

pytestmark = pytest.mark.django_db


def test_the_unit_inbox_lists_its_reports_soonest_deadline_first(
    client, make_report, categories, economy_specialist
) -> None:
    late = make_report(when=at("02/02/2026"), description="Cống tắc ngõ 3.")
    fresh = make_report(description="Đèn nhấp nháy.")
    make_report(category=categories["trat-tu-tieng-on"], description="Karaoke khuya.")
    client.force_login(economy_specialist)
    page = client.get("/phan-anh/xu-ly/").content.decode()
    numbers = re.findall(r"Phản ánh số (\d+)</a>", page)
    assert numbers == [str(late.pk), str(fresh.pk)]  # the police's report is not here
    assert "Quá hạn" in page and "04/02/2026" in page
    assert f"{timezone.localtime(fresh.due_at):%d/%m/%Y}" in page


def test_a_leader_sees_every_report_of_the_commune(client, make_report, categories, leader) -> None:
    make_report()
    make_report(category=categories["trat-tu-tieng-on"])
    client.force_login(leader)
    page = client.get("/phan-anh/xu-ly/").content.decode()
    assert page.count("Phản ánh số ") == 2


def test_the_overdue_box(client, make_report, economy_specialist) -> None:
    late = make_report(when=at("02/02/2026"))
    make_report()
    client.force_login(economy_specialist)
    page = client.get("/phan-anh/xu-ly/hop/qua-han/").content.decode()
    assert re.findall(r"Phản ánh số (\d+)</a>", page) == [str(late.pk)]


def test_another_unit_gets_404_on_the_report_page(client, make_report, specialist) -> None:
    client.force_login(specialist)
    assert client.get(f"/phan-anh/xu-ly/{make_report().pk}/").status_code == 404


def test_the_report_page_shows_the_contact_and_the_allowed_actions(
    client, make_report, citizen, economy_specialist
) -> None:
    report = make_report(reporter=citizen)
    client.force_login(economy_specialist)
    page = client.get(f"/phan-anh/xu-ly/{report.pk}/").content.decode()
    assert "Nguyễn Văn Dân" in page and "0912 000 001" in page
    for label in ("Tiếp nhận phản ánh", "Từ chối tiếp nhận", "Chuyển đơn vị xử lý"):
        assert f"<summary>{label}</summary>" in page
    assert "<summary>Trả lời kết quả giải quyết</summary>" not in page


def test_accept_reply_and_resolve_from_the_page(client, make_report, economy_specialist) -> None:
    report = make_report()
    client.force_login(economy_specialist)
    url = f"/phan-anh/xu-ly/{report.pk}/thao-tac"
    client.post(f"{url}/accept/", {"accept-version": 0, "accept-note": ""})
    client.post(f"{url}/reply/", {"reply-version": 1, "reply-note": "Tuần này thay bóng."})
    response = client.post(
        f"{url}/resolve/", {"resolve-version": 2, "resolve-note": "Đã thay bóng."}, follow=True
    )
    assert "Đã thực hiện: Trả lời kết quả giải quyết" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    assert report.published_at == report.resolved_at


def test_an_answer_without_text_is_refused_and_the_form_comes_back(
    client, make_report, economy_specialist
) -> None:
    report = services.accept(make_report(), actor=economy_specialist)
    client.force_login(economy_specialist)
    response = client.post(
        f"/phan-anh/xu-ly/{report.pk}/thao-tac/resolve/", {"resolve-version": 1, "resolve-note": ""}
    )
    assert "Vui lòng nhập kết quả giải quyết" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED


def test_a_stale_page_is_told_to_reload(client, make_report, economy_specialist) -> None:
    report = services.accept(make_report(), actor=economy_specialist)
    client.force_login(economy_specialist)
    response = client.post(
        f"/phan-anh/xu-ly/{report.pk}/thao-tac/reply/", {"reply-version": 0, "reply-note": "Hi"}
    )
    assert "vừa được người khác cập nhật" in response.content.decode()


def test_after_a_transfer_the_specialist_still_reads_it_but_may_not_act(
    client, make_report, commune, economy_specialist
) -> None:
    report = make_report()
    client.force_login(economy_specialist)
    police = commune.units.get(kind="police")
    response = client.post(
        f"/phan-anh/xu-ly/{report.pk}/thao-tac/transfer/",
        {"transfer-version": 0, "transfer-note": "Trật tự", "transfer-unit": police.pk},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã thực hiện: Chuyển đơn vị xử lý" in page
    assert "Bạn không có thao tác nào với phản ánh ở trạng thái này." in page
    assert "Công an phường" in page
