"""The registry: households with members, and their changes kept as history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from phuongso.households import members, services
from phuongso.households.access import households_for
from phuongso.households.models import HouseholdEventKind, Relation
from phuongso.households.queries import search_households
from phuongso.households.tests.conftest import make_household, person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def family(commune, groups):
    return make_household(
        commune,
        groups["tien_cat"],
        "H001",
        "Nguyễn Văn Hùng",
        person("Lê Thị Hoa", born=dt.date(1972, 3, 1), sex="female", relation=Relation.SPOUSE),
        person("Nguyễn Văn Nam", born=dt.date(2000, 6, 1), relation=Relation.CHILD),
    )


def kinds(household) -> list[str]:
    return list(household.events.order_by("pk").values_list("kind", flat=True))


def test_a_new_household_has_its_head_members_area_and_former_unit(family) -> None:
    assert family.head_name == "Nguyễn Văn Hùng"
    assert family.members.count() == 3
    assert family.area == "urban" and family.former_unit.name == "Tiên Cát"
    assert kinds(family) == [HouseholdEventKind.CREATED]


def test_a_birth_is_recorded_on_the_birth_date(family, specialist) -> None:
    born = TODAY - dt.timedelta(days=10)
    baby = services.add_member(
        household=family,
        kind=HouseholdEventKind.BIRTH,
        actor=specialist,
        member=person("Nguyễn Văn Bé", born=born, relation=Relation.GRANDCHILD),
    )
    event = family.events.get(kind=HouseholdEventKind.BIRTH)
    assert (event.member, event.occurred_on, event.actor) == (baby, born, specialist)


def test_when_the_head_dies_a_new_head_is_needed(family) -> None:
    head = family.members.get(relation=Relation.HEAD)
    spouse = family.members.get(relation=Relation.SPOUSE)
    with pytest.raises(services.HouseholdError, match="chủ hộ mới"):
        services.record_death(member=head, died_on=TODAY, actor=None)
    services.record_death(member=head, died_on=TODAY, actor=None, new_head=spouse)
    family.refresh_from_db()
    assert family.head_name == "Lê Thị Hoa"
    assert kinds(family)[-1] == HouseholdEventKind.DEATH
    assert family.events.get(kind=HouseholdEventKind.DEATH).data == {"was_head": True}


def test_a_move_changes_group_area_and_address_and_keeps_both(family, groups) -> None:
    services.move_household(
        household=family,
        residential_group=groups["song_lo"],
        address="Xóm 3",
        occurred_on=TODAY,
        actor=None,
    )
    family.refresh_from_db()
    assert family.area == "rural" and family.former_unit.name == "Sông Lô"
    event = family.events.get(kind=HouseholdEventKind.MOVED)
    assert event.data["from"]["residential_group"] == "Tổ dân phố 1 Tiên Cát"
    assert event.data["to"] == {"residential_group": "Tổ dân phố 1 Sông Lô", "address": "Xóm 3"}


def test_a_split_moves_members_to_a_new_household_with_history_on_both(family, groups) -> None:
    son = family.members.get(full_name="Nguyễn Văn Nam")
    new = services.split_household(
        household=family,
        relations={son.pk: Relation.HEAD},
        new_code="H002",
        residential_group=groups["tien_cat"],
        address="Số 5",
        occurred_on=TODAY,
        actor=None,
    )
    assert new.head_name == "Nguyễn Văn Nam" and family.members.count() == 2
    assert kinds(family)[-1] == HouseholdEventKind.SPLIT
    assert kinds(new) == [HouseholdEventKind.SPLIT_FROM]
    assert new.events.get().related_household == family


def test_a_split_without_a_new_head_is_refused(family, groups) -> None:
    son = family.members.get(full_name="Nguyễn Văn Nam")
    with pytest.raises(services.HouseholdError, match="đúng một chủ hộ"):
        services.split_household(
            household=family,
            relations={son.pk: Relation.CHILD},
            new_code="H002",
            residential_group=groups["tien_cat"],
            address="Số 5",
            occurred_on=TODAY,
            actor=None,
        )


def test_search_ignores_diacritics_and_finds_members(family, specialist) -> None:
    households = households_for(specialist)
    assert list(search_households(households, query="nguyen van hung")) == [family]
    assert list(search_households(households, query="LE THI HOA")) == [family]
    assert list(search_households(households, query="hùng vương")) == [family]
    assert not search_households(households, query="Trần").exists()


def test_working_age_and_dependants_are_derived_from_the_birth_date() -> None:
    on = dt.date(2025, 6, 1)
    child = person(born=dt.date(2012, 1, 1))
    worker = person(born=dt.date(1985, 1, 1))
    retired_man = person(born=dt.date(1963, 1, 1))  # 62 years 5 months > 61 years 3 months
    assert not members.is_working_age(child, on) and members.is_dependant(child, on)
    assert members.is_working_age(worker, on) and not members.is_dependant(worker, on)
    assert not members.is_working_age(retired_man, on) and members.is_dependant(retired_man, on)
    assert members.dependant_share([child, worker, retired_man], on) == (2, 3)


def test_the_registry_pages_create_a_household(client, specialist, groups) -> None:
    client.force_login(specialist)
    response = client.post(
        "/ho-gia-dinh/them/",
        {
            "code": "H777",
            "residential_group": groups["tho_son"].pk,
            "address": "Số 7",
            "full_name": "Đỗ Văn Bảy",
            "birth_date": "1980-07-07",
            "sex": "male",
        },
    )
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
