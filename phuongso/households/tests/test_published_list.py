"""The public list: counts by residential group; heads' names only when the ward decided so;
never an income, a deprivation or an identification number."""

from __future__ import annotations

import pytest

from phuongso.households import review_services
from phuongso.households.tests.conftest import run_to_approval

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(answered):
    run_to_approval(answered)
    return review_services.publish_review(review_year=answered, publish_names=False, actor=None)


def url(review_year) -> str:
    return f"/ho-gia-dinh/cong-bo/{review_year.commune.code}/{review_year.year}/"


def test_an_unpublished_list_is_not_found(client, answered) -> None:
    run_to_approval(answered)
    assert client.get(url(answered)).status_code == 404


def test_by_default_only_counts_are_shown(client, published, ward) -> None:
    page = client.get(url(published)).content.decode()
    assert "Tổ dân phố 1 Tiên Cát" in page
    assert "Hộ nghèo: 1 · Hộ cận nghèo: 1 · Tổng số hộ: 10" in page
    assert "10,00%" in page  # 2 poor households of 20
    for household in ward["tien_cat"][:2]:
        assert household.head_name not in page


def test_names_appear_only_when_the_ward_publishes_them(
    client, specialist, published, ward
) -> None:
    review_services.set_name_publication(
        review_year=published, publish_names=True, actor=specialist
    )
    page = client.get(url(published)).content.decode()
    assert "Trần Văn Hộ 1 <" in page or "Trần Văn Hộ 1 " in page
    assert "Trần Văn Hộ 11" in page  # the poor household of Thọ Sơn
    assert "Trần Văn Hộ 5 " not in page  # not poor: never listed


def test_the_public_page_shows_no_income_address_or_number(
    client, specialist, published, ward
) -> None:
    review_services.set_name_publication(
        review_year=published, publish_names=True, actor=specialist
    )
    page = client.get(url(published)).content.decode()
    assert "1.200.000" not in page and "1200000" not in page
    assert "Bảo hiểm y tế" not in page
    assert ward["tien_cat"][0].address not in page
    assert ward["tien_cat"][0].code not in page


def test_the_index_lists_published_years_to_anyone(client, published) -> None:
    page = client.get("/ho-gia-dinh/cong-bo/").content.decode()
    assert url(published) in page
