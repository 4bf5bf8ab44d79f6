"""The demo authority made once per test session; each test registers its cast's credentials."""

from __future__ import annotations

import subprocess

import pytest

from phuongso.signing.demo import create_demo_pki


@pytest.fixture(scope="session")
def pki_dir(tmp_path_factory):
    """Key files of the demo authority, kept for the whole session (made on first use)."""
    return tmp_path_factory.mktemp("pki")


@pytest.fixture
def demo_pki(settings, pki_dir, commune, leader, counter_officer):
    settings.SIGNING_DIR = pki_dir
    settings.SIGNING_TSA_URL = ""
    settings.SIGNING_DEMO_PKI = True
    create_demo_pki()
    return pki_dir


@pytest.fixture(scope="session")
def result_pdf() -> bytes:
    """A one-page result with Vietnamese text, as a specialist would upload."""
    from weasyprint import HTML

    html = "<h1>GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN</h1><p>Ông Nguyễn Văn Dân, sinh năm 1990.</p>"
    return HTML(string=html).write_pdf()


def pdfsig(path) -> str:  # noqa: ANN001
    """poppler's independent reading of a PDF's signatures."""
    run = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    return run.stdout + run.stderr
