"""The demo catalogue, seeded into the test commune."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from phuongso.core.models import Commune
from phuongso.procedures.services import ImportResult, seed_catalogue
from phuongso.procedures.workbook import export_catalogue


@pytest.fixture
def catalogue(commune: Commune) -> ImportResult:
    return seed_catalogue(commune=commune)


@pytest.fixture
def exported(commune: Commune, catalogue: ImportResult) -> Workbook:
    """The seeded catalogue exported and opened again, ready to be edited by a test."""
    return load_workbook(BytesIO(export_catalogue(commune)))


def as_upload(workbook: Workbook) -> BytesIO:
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "danh-muc.xlsx"
    return buffer
