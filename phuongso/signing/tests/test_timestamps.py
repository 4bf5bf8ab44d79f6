"""Timestamps come from an RFC 3161 service over HTTP; when it is down nothing is signed."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import algos, tsp

from phuongso.signing import services
from phuongso.signing.models import IssuedDocument
from phuongso.signing.signers import SigningError, demo_timestamp_reply
from phuongso.signing.verify import verify

pytestmark = pytest.mark.django_db


def timestamp_request() -> bytes:
    return tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "hashed_message": b"\x01" * 32,
            },
            "cert_req": True,
        }
    ).dump()


def test_the_application_serves_the_demo_timestamp_service(client, pki_settings):
    response = client.post(
        "/xac-thuc/dau-thoi-gian/",
        timestamp_request(),
        content_type="application/timestamp-query",
    )
    assert response.status_code == 200
    reply = tsp.TimeStampResp.load(response.content)
    assert reply["status"]["status"].native == "granted"


def test_a_bad_timestamp_request_is_refused(client, pki_settings):
    response = client.post(
        "/xac-thuc/dau-thoi-gian/", b"rac", content_type="application/timestamp-query"
    )
    assert response.status_code == 400


@pytest.fixture
def local_tsa(pki_settings):
    """The demo timestamp service on a local port, as a separate TSA would be."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = demo_timestamp_reply(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_signatures_are_timestamped_by_the_configured_service(
    settings, demo_pki, local_tsa, dossier, leader, result_pdf
):
    settings.SIGNING_TSA_URL = local_tsa
    document = services.sign_result(dossier, official=leader, data=result_pdf)
    with document.file.open("rb") as kept:
        report = verify(kept.read())
    assert report.valid and all(s.timestamped for s in report.signatures)


def test_a_timestamp_service_that_is_down_signs_nothing(
    settings, demo_pki, dossier, leader, result_pdf
):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/"  # nothing listens on the discard port
    settings.SIGNING_TSA_TIMEOUT_SECONDS = 2
    with pytest.raises(SigningError, match="dấu thời gian"):
        services.sign_result(dossier, official=leader, data=result_pdf)
    assert not IssuedDocument.objects.exists()
    assert not (settings.MEDIA_ROOT / "signed").exists()
