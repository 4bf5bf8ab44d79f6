from __future__ import annotations

import io
import re
from io import StringIO

import pytest
from django.core.management import call_command

from phuongso.procedures.models import (
    ChannelOption,
    Field,
    Procedure,
    ProcessingStep,
    RequiredDocument,
)
from phuongso.procedures.services import read_catalogue_file, seed_catalogue
from phuongso.procedures.tests.snapshots import catalogue_snapshot

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    models = (Field, Procedure, ChannelOption, RequiredDocument, ProcessingStep)
    return tuple(model.objects.count() for model in models)


def test_the_seed_file_has_all_34_rows_of_the_starting_catalogue() -> None:
    assert len(read_catalogue_file()) == 34


def test_the_seed_loads_all_34_procedures(commune, catalogue) -> None:
    assert catalogue.ok, catalogue.errors
    assert catalogue.created == 34
    assert commune.procedures.filter(is_active=True).count() == 34


def test_every_procedure_has_channels_documents_and_a_full_chain_of_steps(catalogue) -> None:
    for procedure in Procedure.objects.prefetch_related("channels", "documents", "steps"):
        steps = list(procedure.steps.all())
        assert procedure.channels.exists(), procedure
        assert procedure.documents.exists(), procedure
        assert [step.role for step in steps][:1] == ["counter_officer"]
        assert [step.role for step in steps][-1] == "counter_officer"
        assert {"specialist", "leader"} <= {step.role for step in steps}
        assert sum(step.share_percent for step in steps) == 100


def test_no_national_code_is_invented(catalogue) -> None:
    national = set(
        Procedure.objects.filter(code_is_local=False).values_list("national_code", flat=True)
    )
    local = Procedure.objects.filter(code_is_local=True).values_list("national_code", flat=True)
    assert national == {"1.001193", "2.000908"}
    assert all(re.fullmatch(r"TM-\d\d", code) for code in local)


def test_running_the_seed_twice_changes_nothing(commune, catalogue) -> None:
    before, counts = catalogue_snapshot(commune), _counts()
    again = seed_catalogue(commune=commune)
    assert (again.created, again.updated) == (0, 34)
    assert catalogue_snapshot(commune) == before
    assert _counts() == counts


def test_residence_procedures_are_marked_as_handled_by_the_police(catalogue) -> None:
    police = Procedure.objects.filter(implementing_unit_kind="police")
    assert police.count() == 4
    assert all("Công an phường" in procedure.handled_elsewhere for procedure in police)


def test_temporary_residence_costs_less_online(catalogue) -> None:
    procedure = Procedure.objects.get(name="Đăng ký tạm trú")
    fees = dict(procedure.channels.values_list("channel", "fee_amount"))
    assert fees == {"1": 15000, "2": 7000}


def test_birth_registration_is_due_the_same_day(catalogue) -> None:
    from phuongso.core.calendar import DeadlineRule

    procedure = Procedure.objects.get(national_code="1.001193")
    assert procedure.deadline_rule == DeadlineRule(working_days=0, same_day=True)
    assert procedure.deadline_text == "Trong ngày (sau 15 giờ trả ngày làm việc tiếp theo)"


def test_a_procedure_without_a_fixed_deadline_has_no_rule(catalogue) -> None:
    assert Procedure.objects.get(national_code="TM-34").deadline_rule is None


def test_the_command_seeds_thanh_mieu_by_default(commune) -> None:
    out = StringIO()
    call_command("seed_catalogue", stdout=out)
    call_command("seed_catalogue", stdout=out)
    assert commune.procedures.count() == 34
    assert "0 thủ tục mới, 34 thủ tục cập nhật" in out.getvalue()


def test_the_demo_loads_the_catalogue(settings) -> None:
    settings.DEBUG = True
    call_command("load_demo", households=200, dossiers=0, stdout=io.StringIO())
    assert Procedure.objects.filter(commune__code=7909, is_active=True).count() == 34
