"""Signing through a remote signing service (CSC API v1) with the local simulator."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from phuongso.signing import csc_simulator, services
from phuongso.signing.models import Credential, CredentialKind
from phuongso.signing.signers import SigningError
from phuongso.signing.tests.conftest import pdfsig
from phuongso.signing.verify import verify

pytestmark = pytest.mark.django_db

TOKEN, PIN = "ma-truy-cap-thu", "246810"


@pytest.fixture
def remote_service(settings, demo_pki):
    """The simulator on a local port, as a provider's service would be."""
    settings.SIGNING_REMOTE_TOKEN, settings.SIGNING_REMOTE_PIN = TOKEN, PIN

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
            endpoint = self.path.removeprefix("/csc/v1/")
            try:
                status, answer = 200, csc_simulator.handle(endpoint, body, bearer=bearer)
            except csc_simulator.CscError as error:
                status, answer = error.status, error.as_json()
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SIGNING_REMOTE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield settings.SIGNING_REMOTE_URL
    server.shutdown()
    server.server_close()


@pytest.fixture
def remote_leader(remote_service, leader):
    Credential.objects.filter(user=leader).update(
        kind=CredentialKind.REMOTE, location="person-lanh_dao"
    )
    return leader


def test_the_leader_signs_remotely_and_the_ward_seals(remote_leader, dossier, result_pdf, tmp_path):
    document = services.sign_result(dossier, official=remote_leader, data=result_pdf)
    with document.file.open("rb") as kept:
        data = kept.read()
    report = verify(data)
    assert report.valid and report.signatures[0].signer == "Lanh Dao"
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(data)
    assert pdfsig(path).count("Signature is Valid.") == 2


def test_a_wrong_pin_signs_nothing(monkeypatch, remote_leader, dossier, result_pdf):
    monkeypatch.setattr(csc_simulator, "expected_pin", lambda: "135790")
    with pytest.raises(SigningError, match="từ chối"):
        services.sign_result(dossier, official=remote_leader, data=result_pdf)


def test_a_service_that_is_down_signs_nothing(settings, remote_leader, dossier, result_pdf):
    settings.SIGNING_REMOTE_URL = "http://127.0.0.1:9"
    with pytest.raises(SigningError, match="Không kết nối được dịch vụ ký số từ xa"):
        services.sign_result(dossier, official=remote_leader, data=result_pdf)


def test_the_demo_serves_the_simulator_and_refuses_a_wrong_token(client, settings, demo_pki):
    settings.SIGNING_REMOTE_TOKEN = TOKEN
    url = "/xac-thuc/csc/v1/credentials/info"
    body = json.dumps({"credentialID": "person-lanh_dao"})
    ok = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )
    assert ok.status_code == 200 and len(ok.json()["cert"]["certificates"]) == 2
    refused = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION="Bearer x")
    assert refused.status_code == 401
    outside = json.dumps({"credentialID": "../demo-root-key"})
    assert (
        client.post(
            url, outside, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
        ).status_code
        == 400
    )
