"""Every source core/cache.py declares for a cached value makes it stale: a change of each one
is seen by the next read. The last test checks that this file covers the whole map."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from phuongso.accounts.models import Role, StaffRole
from phuongso.core import cache, calendar
from phuongso.core.models import CalendarOverride, CalendarOverrideKind, Commune, UnitKind
from phuongso.procedures.models import ChannelOption, RequiredDocument

pytestmark = pytest.mark.django_db

# (entry name, model label or setting) pairs the tests below change.
COVERED: set[tuple[str, str]] = set()


def covers(entry: cache.Entry | cache.InProcess, *sources: str):
    COVERED.update((entry.name, source) for source in sources)
    return lambda test: test


# --- the signed-in user --------------------------------------------------------------------


@covers(cache.USER, "accounts.User")
def test_a_users_own_change_is_read_again(citizen) -> None:
    assert cache.user(citizen.pk).full_name == "Nguyễn Văn Dân"
    citizen.full_name = "Nguyễn Văn Mới"
    citizen.save()
    assert cache.user(citizen.pk).full_name == "Nguyễn Văn Mới"


@covers(cache.USER, "accounts.StaffRole")
def test_a_new_role_is_read_again(specialist) -> None:
    assert not cache.user(specialist.pk).has_role(Role.LEADER)
    StaffRole.objects.create(user=specialist, role=Role.LEADER)
    assert cache.user(specialist.pk).has_role(Role.LEADER)


@covers(cache.USER, "core.Commune")
def test_a_renamed_commune_is_read_again_with_its_people(specialist) -> None:
    assert cache.user(specialist.pk).commune.name == "Phường Thanh Miếu"
    commune = specialist.commune
    commune.name = "Phường Thanh Miếu (tên mới)"
    commune.save()
    assert cache.user(specialist.pk).commune.name == "Phường Thanh Miếu (tên mới)"


@covers(cache.USER, "core.GovernmentUnit")
def test_a_units_new_kind_is_read_again_with_its_officials(specialist) -> None:
    unit = specialist.unit
    assert cache.user(specialist.pk).unit.kind == unit.kind
    unit.kind = UnitKind.ECONOMY
    unit.save()
    assert cache.user(specialist.pk).unit.kind == UnitKind.ECONOMY


@covers(cache.USER, "otp_totp.TOTPDevice", "otp_static.StaticDevice")
def test_a_new_or_removed_second_factor_is_read_again(specialist) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert cache.user(specialist.pk).second_factor_ids == frozenset()
    totp = TOTPDevice.objects.create(user=specialist, name="Điện thoại", confirmed=True)
    static = StaticDevice.objects.create(user=specialist, name="Mã dự phòng", confirmed=True)
    assert len(cache.user(specialist.pk).second_factor_ids) == 2
    totp.delete()
    static.delete()
    assert cache.user(specialist.pk).second_factor_ids == frozenset()


@covers(cache.USER, "households.SurveyorAssignment")
def test_a_survey_assignment_is_read_again(specialist, commune) -> None:
    from phuongso.households import review_services

    review_year = review_services.open_review_year(commune=commune, year=2025, actor=None)
    assert not cache.user(specialist.pk).is_surveyor
    review_services.assign_surveyor(
        review_year=review_year,
        residential_group=commune.residential_groups.first(),
        surveyor=specialist,
        actor=None,
    )
    assert cache.user(specialist.pk).is_surveyor


# --- the default commune -------------------------------------------------------------------


@covers(cache.DEFAULT_COMMUNE, "core.Commune")
def test_a_newly_configured_commune_can_become_the_default(commune) -> None:
    assert cache.default_commune() == commune
    first = Commune.objects.create(
        code=7000, name="Phường Đầu", province_code=25, province_name="Phú Thọ"
    )
    assert cache.default_commune() == commune  # not configured
    first.is_configured = True
    first.save()
    assert cache.default_commune() == first


# --- the procedure the online form reads -------------------------------------------------


def _procedure(procedure):
    return cache.active_procedure(commune=procedure.commune, national_code=procedure.national_code)


@covers(cache.PROCEDURE, "procedures.Procedure")
def test_a_renamed_or_closed_procedure_is_read_again(three_day_procedure) -> None:
    assert _procedure(three_day_procedure).name == three_day_procedure.name
    three_day_procedure.name = "Tên mới"
    three_day_procedure.save()
    assert _procedure(three_day_procedure).name == "Tên mới"
    three_day_procedure.is_active = False
    three_day_procedure.save()
    assert _procedure(three_day_procedure) is None


@covers(cache.PROCEDURE, "procedures.RequiredDocument")
def test_a_new_paper_is_read_again(three_day_procedure) -> None:
    before = len(_procedure(three_day_procedure).documents.all())
    RequiredDocument.objects.create(
        procedure=three_day_procedure, name="Bản sao sổ hộ khẩu", order=9, mandatory=False
    )
    assert len(_procedure(three_day_procedure).documents.all()) == before + 1


@covers(cache.PROCEDURE, "procedures.ChannelOption")
def test_a_closed_channel_is_read_again(three_day_procedure) -> None:
    assert _procedure(three_day_procedure).offers_online
    ChannelOption.objects.filter(procedure=three_day_procedure, channel="2").delete()
    # A queryset delete sends a signal per row, as the admin's does.
    assert not _procedure(three_day_procedure).offers_online


@covers(cache.PROCEDURE, "core.Commune")
def test_a_renamed_commune_is_read_again_with_its_procedures(three_day_procedure) -> None:
    commune = three_day_procedure.commune
    assert _procedure(three_day_procedure).commune.name == commune.name
    commune.name = "Phường mới"
    commune.save()
    assert _procedure(three_day_procedure).commune.name == "Phường mới"


# --- units with a system of their own ------------------------------------------------------


@covers(cache.OWN_SYSTEMS, "core.GovernmentUnit")
def test_a_unit_taking_its_own_dossiers_is_read_again(commune) -> None:
    unit = commune.units.exclude(has_own_system=True).first()
    assert unit.kind not in cache.own_system_kinds(commune)
    unit.has_own_system = True
    unit.save()
    assert unit.kind in cache.own_system_kinds(commune)


@covers(cache.OWN_SYSTEMS, "core.Commune")
def test_a_changed_commune_forgets_its_units(commune) -> None:
    cache.own_system_kinds(commune)
    assert cache.cache.get(cache.OWN_SYSTEMS.key(commune.pk)) is not None
    commune.save()
    assert cache.cache.get(cache.OWN_SYSTEMS.key(commune.pk)) is None


# --- the calendar's tables (in each process) -----------------------------------------------


@covers(cache.CALENDAR, "core.CalendarOverride")
def test_an_override_saved_or_deleted_reaches_the_calendar_at_once() -> None:
    day = date(2026, 6, 10)
    assert calendar.is_working_day(day)
    override = CalendarOverride.objects.create(
        date=day, kind=CalendarOverrideKind.DAY_OFF, reason="Nghỉ thêm (thử)"
    )
    assert not calendar.is_working_day(day)
    override.delete()
    assert calendar.is_working_day(day)


@covers(cache.CALENDAR, "OBSERVE_CULTURE_DAY")
def test_the_culture_day_policy_reaches_the_calendar(settings) -> None:
    day = date(2026, 11, 24)  # a Tuesday
    settings.OBSERVE_CULTURE_DAY = False
    assert calendar.is_working_day(day)
    settings.OBSERVE_CULTURE_DAY = True
    assert not calendar.is_working_day(day)


@covers(cache.CALENDAR, "WORKING_HOURS")
def test_the_working_hours_reach_the_calendar(settings) -> None:
    monday = datetime(2026, 6, 8, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    # 08:00-11:30 then 13:00: four working hours end at 13:30 with the default hours.
    assert calendar.add_working_time(monday, timedelta(hours=4)).strftime("%H:%M") == "13:30"
    settings.WORKING_HOURS = ["08:00-11:00"]
    assert calendar.add_working_time(monday, timedelta(hours=4)) == monday + timedelta(
        days=1, hours=1
    )


@covers(cache.CALENDAR, "SAME_DAY_CUTOFF")
@covers(cache.CALENDAR, "TIME_ZONE")
@pytest.mark.parametrize(
    ("name", "value"), [("SAME_DAY_CUTOFF", "14:00"), ("TIME_ZONE", "Asia/Bangkok")]
)
def test_the_other_calendar_settings_drop_its_tables(settings, name, value) -> None:
    assert calendar.is_working_day(date(2026, 6, 8))  # the tables are built
    assert calendar._state.span is not None
    setattr(settings, name, value)
    assert calendar._state.span is None


def test_every_declared_source_is_covered_here() -> None:
    declared = set()
    for entry in cache.ENTRIES:
        declared |= {(entry.name, label) for label in entry.stale_when}
        declared |= {(entry.name, name) for name in entry.settings}
    assert declared == COVERED


def test_a_cache_outage_reads_the_database_instead_of_failing(citizen, monkeypatch) -> None:
    def down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("cache server refused")

    monkeypatch.setattr(cache.cache, "get", down)
    monkeypatch.setattr(cache.cache, "get_or_set", down)
    assert cache.user(citizen.pk).full_name == "Nguyễn Văn Dân"
