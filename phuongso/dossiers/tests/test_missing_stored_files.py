"""A stored file missing from disk (a restore without the uploads, a file deleted by hand) is a
404 that says so, not a server error; the demo creates the result files its history names."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.testing import papers_for

pytestmark = pytest.mark.django_db


def test_a_paper_missing_from_disk_is_a_404_with_a_message(
    client, three_day_procedure, citizen
) -> None:
    dossier = services.submit_online(
        procedure=three_day_procedure,
        applicant=citizen,
        papers=papers_for(three_day_procedure, with_files=True),
    )
    document = dossier.documents.exclude(file="").first()
    default_storage.delete(document.file.name)
    client.force_login(citizen)
    url = reverse("dossiers:document_file", kwargs={"pk": dossier.pk, "document_pk": document.pk})
    response = client.get(url)
    assert response.status_code == 404
    assert "không còn trên máy chủ" in response.content.decode()


def test_the_demo_history_points_only_at_result_files_that_exist(settings) -> None:
    settings.DEBUG = True
    call_command("load_demo", households=100, dossiers=60, stdout=io.StringIO())
    names = list(Dossier.objects.exclude(result_file="").values_list("result_file", flat=True))
    assert names, "the demo history has electronic results"
    assert all(default_storage.exists(name) for name in names)
    with default_storage.open(names[0]) as stored:
        assert stored.read(5) == b"%PDF-"
