"""The apology comes at the latest one working day before the result is due; an appointment
moved by the citizen's supplement time lands at the end of a working day, as at receipt."""

from __future__ import annotations

from datetime import timedelta

import pytest

from phuongso.core import calendar
from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.services import DossierError
from phuongso.dossiers.tests.conftest import at, walk_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_processing(three_day_procedure, counter_officer, specialist) -> Dossier:
    # Received Mon 02/03/2026: due at the end of Thu 05/03/2026.
    dossier = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    return services.assign(
        dossier, actor=specialist, assignee=specialist, at=at("02/03/2026", "10:00")
    )


def test_the_appointment_is_due_at_the_end_of_thursday(in_processing) -> None:
    assert in_processing.appointment_at == at("05/03/2026", "17:00")


def test_an_apology_on_the_last_day_is_refused_with_the_deadline_it_missed(
    in_processing, specialist
) -> None:
    with pytest.raises(DossierError) as refused:
        services.apologise(
            in_processing,
            actor=specialist,
            reason="Cần xác minh thêm",
            new_appointment_at=at("10/03/2026", "17:00"),
            at=at("05/03/2026", "07:45"),
        )
    assert "chậm nhất 01 ngày làm việc trước hạn trả" in refused.value.message
    assert "17:00, ngày 04/03/2026" in refused.value.message
    fresh = Dossier.objects.get(pk=in_processing.pk)
    assert fresh.new_appointment_at is None
    assert not fresh.events.filter(action="apologise").exists()


def test_an_apology_at_the_end_of_the_day_before_is_accepted(in_processing, specialist) -> None:
    dossier = services.apologise(
        in_processing,
        actor=specialist,
        reason="Cần xác minh thêm",
        new_appointment_at=at("10/03/2026", "17:00"),
        at=at("04/03/2026", "16:59"),
    )
    assert dossier.new_appointment_at == at("10/03/2026", "17:00")


def test_the_day_before_skips_the_weekend(counter_officer, three_day_procedure) -> None:
    # Due on Mon 09/03/2026: the last day for an apology is Fri 06/03/2026.
    assert calendar.latest_apology(at("09/03/2026", "17:00")) == at("06/03/2026", "17:00")


def test_a_shift_by_ten_minutes_lands_at_the_end_of_the_next_working_day(
    in_processing, specialist, counter_officer
) -> None:
    dossier = services.request_supplement(
        in_processing,
        actor=specialist,
        items="Bản sao giấy khai sinh",
        at=at("03/03/2026", "16:50"),
    )
    dossier = services.supplement_received(
        dossier, actor=counter_officer, papers=[], at=at("04/03/2026", "07:30")
    )
    # Ten working minutes waited (16:50-17:00): due at the end of Fri 06/03, not at 07:40.
    assert dossier.appointment_at == at("06/03/2026", "17:00")
    assert Dossier.objects.get(pk=dossier.pk).appointment_at == at("06/03/2026", "17:00")


def test_a_shift_always_ends_a_working_day() -> None:
    due = at("05/03/2026", "17:00")
    for minutes in (1, 10, 90, 60 * 7 + 29, 60 * 7 + 30, 60 * 7 + 31, 60 * 40):
        moved = calendar.shift_appointment(due, timedelta(minutes=minutes))
        assert moved == calendar.end_of_working_day(moved.date())
        assert moved > due
    assert calendar.shift_appointment(due, timedelta(0)) == due
