"""Several application servers share uploads on S3-compatible object storage (django-storages):
a dossier paper submitted online lands in the bucket and comes back through the page that
checks access. The object store is moto's server, started on 127.0.0.1 for the test."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from phuongso.dossiers.testing import make_procedure, submitted_online

pytestmark = pytest.mark.django_db

BUCKET = "phuongso-test"
CREDENTIALS = {"access_key": "test-key", "secret_key": "test-secret"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "location": "uploads",
                "default_acl": "private",
                "file_overwrite": False,
                **CREDENTIALS,
            },
        },
    }
    return client


def test_a_paper_submitted_online_is_stored_in_the_bucket_and_read_back(
    client, bucket, commune, citizen
) -> None:
    procedure = make_procedure(commune, code="1.001193", name="Đăng ký khai sinh", days=3)
    dossier = submitted_online(procedure, citizen)
    [paper] = dossier.documents.exclude(file="")
    stored = bucket.get_object(Bucket=BUCKET, Key=f"uploads/{paper.file.name}")["Body"].read()
    assert stored.startswith(b"%PDF")

    client.force_login(citizen)
    response = client.get(
        reverse("dossiers:document_file", kwargs={"pk": dossier.pk, "document_pk": paper.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
