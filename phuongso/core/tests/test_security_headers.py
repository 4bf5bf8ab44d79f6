"""Headers every response carries: a Content-Security-Policy without inline script or outside
origin, and Cache-Control: no-store on pages, exports and files with personal data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from phuongso.core.tests.test_access_walk import PAGES
from phuongso.dossiers import services
from phuongso.dossiers.testing import papers_for

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [settings.PACKAGE_DIR / "templates", *settings.PACKAGE_DIR.glob("*/templates")]
# Rendered to PDF or Word by the server, never shown in a browser.
DOCUMENTS = (
    "dossiers/forms/",
    "resolution/report_document.html",
    "accounts/personal_data_document.html",
)


def page_templates() -> list[Path]:
    return [
        path
        for folder in TEMPLATE_DIRS
        for path in folder.rglob("*.html")
        if not any(part in path.as_posix() for part in DOCUMENTS)
    ]


def test_the_policy_allows_only_this_sites_own_files(client) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert not re.search(r"https?://", policy)


@pytest.mark.parametrize("path", page_templates(), ids=lambda p: p.name)
def test_no_page_template_has_inline_script_or_style(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, f"inline script: {tag}"
    assert not re.search(r"<style\b", text), "inline <style>"
    assert not re.search(r"\sstyle=", text), "style attribute"
    assert not re.search(r"\son[a-z]+=", text), "on…= handler"
    assert "javascript:" not in text


def test_the_api_docs_load_swagger_ui_from_this_site(client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle" in html and "cdn" not in html.lower()
    assert "Content-Security-Policy" in response.headers


PUBLIC = [url for url, pattern in PAGES if pattern.callback.audience == "public"]


def no_store(response) -> bool:  # noqa: ANN001
    return "no-store" in response.get("Cache-Control", "")


def test_every_public_page_is_stored_by_no_one(client) -> None:
    for url in PUBLIC:
        assert no_store(client.get(url)), url


@pytest.mark.parametrize("who", ["citizen", "counter_officer", "leader", "administrator"])
def test_every_signed_in_page_is_stored_by_no_one(client, request, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    for url, _ in PAGES:
        assert no_store(client.get(url)), f"{who} {url}"


def test_a_dossier_file_and_an_export_are_stored_by_no_one(
    client, three_day_procedure, citizen, leader
) -> None:
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    document = dossier.documents.exclude(file="").first()
    assert default_storage.exists(document.file.name)
    client.force_login(citizen)
    url = reverse("dossiers:document_file", kwargs={"pk": dossier.pk, "document_pk": document.pk})
    response = client.get(url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # read: the file closes
    assert response.status_code == 200 and no_store(response)
    client.force_login(leader)
    export = client.get(reverse("quality:export"))
    assert no_store(export)
