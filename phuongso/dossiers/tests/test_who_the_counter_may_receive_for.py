"""A counter receives its own commune's procedures, another commune's only when the province
lists them as boundary-free (Decree 118/2025), and never a procedure the police handle on their
own system: the officer is told where to send the citizen."""

from __future__ import annotations

import pytest

from phuongso.dossiers.models import Dossier
from phuongso.dossiers.services import DossierError
from phuongso.dossiers.testing import at, make_procedure, walk_in
from phuongso.procedures import services as catalogue

pytestmark = pytest.mark.django_db


def test_a_procedure_not_on_the_province_list_is_refused_to_another_communes_counter(
    three_day_procedure, other_commune_officer
) -> None:
    with pytest.raises(DossierError) as refused:
        walk_in(three_day_procedure, other_commune_officer, at("02/03/2026"))
    message = refused.value.message
    assert "không thuộc danh mục tiếp nhận không phụ thuộc địa giới hành chính" in message
    assert "nộp hồ sơ tại Phường Thanh Miếu" in message
    assert not Dossier.objects.exists()


def test_the_province_list_opens_the_procedure_to_every_counter_of_the_province(
    commune, three_day_procedure, other_commune_officer
) -> None:
    assert catalogue.set_boundary_free(province_code=25, national_codes=["1.000001"]) == 1
    three_day_procedure.refresh_from_db()
    assert three_day_procedure.boundary_free
    dossier = walk_in(three_day_procedure, other_commune_officer, at("02/03/2026"))
    assert dossier.commune == commune
    assert dossier.receiving_commune == other_commune_officer.commune


def test_a_procedure_taken_off_the_list_is_refused_again(
    three_day_procedure, other_commune_officer
) -> None:
    catalogue.set_boundary_free(province_code=25, national_codes=["1.000001"])
    catalogue.set_boundary_free(province_code=25, national_codes=[])
    three_day_procedure.refresh_from_db()
    with pytest.raises(DossierError, match="địa giới hành chính"):
        walk_in(three_day_procedure, other_commune_officer, at("02/03/2026"))


def test_the_own_counter_receives_without_the_list(three_day_procedure, counter_officer) -> None:
    assert not three_day_procedure.boundary_free
    assert walk_in(three_day_procedure, counter_officer, at("02/03/2026")).code


def test_a_police_procedure_is_not_received_and_the_officer_is_told_where_to_go(
    commune, counter_officer
) -> None:
    procedure = make_procedure(
        commune, code="1.004194", name="Đăng ký thường trú", days=7, unit_kind="police"
    )
    procedure.handled_elsewhere = (
        "Công an phường tiếp nhận và giải quyết trên hệ thống của Bộ Công an (Cổng dịch vụ "
        "công Bộ Công an, ứng dụng VNeID)"
    )
    procedure.save()
    with pytest.raises(DossierError) as refused:
        walk_in(procedure, counter_officer, at("02/03/2026"))
    message = refused.value.message
    assert "không tiếp nhận tại Bộ phận Một cửa" in message
    assert "Công an phường tiếp nhận và giải quyết trên hệ thống của Bộ Công an" in message
    assert "hướng dẫn công dân nộp hồ sơ tại đó" in message
    assert not Dossier.objects.exists()
