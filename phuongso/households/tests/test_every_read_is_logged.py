"""Every read of household data is logged, including a search (by an identity number too) and
the review list; the list shows incomes only to the officials who run the review."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phuongso.households import services
from phuongso.households.models import AccessAction, AccessLog
from phuongso.households.tests.conftest import make_household, person

pytestmark = pytest.mark.django_db


def test_a_search_by_an_identity_number_is_logged(client, specialist, commune, groups) -> None:
    make_household(
        commune,
        groups["tien_cat"],
        "H900",
        "Lê Văn Số",
        person("Lê Văn Con", personal_id="025070000123", relation="child"),
    )
    client.force_login(specialist)
    response = client.get(reverse("households:list"), {"q": "025070000123"})
    assert "H900" in response.content.decode()
    log = AccessLog.objects.get(action=AccessAction.SEARCH_HOUSEHOLDS)
    assert log.user == specialist and "025070000123" in log.detail and "1 hộ" in log.detail
    assert log.purpose and log.legal_basis


def test_the_review_list_is_logged_and_shows_incomes_only_to_those_running_it(
    client, specialist, leader, answered
) -> None:
    url = reverse("households:review_households", kwargs={"pk": answered.pk})
    client.force_login(specialist)
    html = client.get(url).content.decode()
    assert "Thu nhập bình quân" in html and "1.200.000 đồng" in html
    client.force_login(leader)  # approves the list: needs the classification, not incomes
    html = client.get(url).content.decode()
    assert "Hộ nghèo" in html
    assert "Thu nhập bình quân" not in html and "1.200.000" not in html
    logs = AccessLog.objects.filter(action=AccessAction.VIEW_REVIEW_LIST).order_by("pk")
    assert [(log.user, log.review_year) for log in logs] == [
        (specialist, answered),
        (leader, answered),
    ]
    assert "có thu nhập" in logs[0].detail and "không có thu nhập" in logs[1].detail


def test_the_log_records_whose_account_was_read(specialist, citizen) -> None:
    log = services.log_access(
        user=specialist, action=AccessAction.VIEW_ACCOUNT_IDENTITY, subject=citizen
    )
    assert log.subject == citizen and "91/2025/QH15" in log.legal_basis
