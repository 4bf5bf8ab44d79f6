"""Open311 POST refuses bad input in the specification's error format and saves nothing."""

from __future__ import annotations

import pytest
from django.http import HttpResponse

from phuongso.feedback import apikeys
from phuongso.feedback.models import Report
from phuongso.feedback.tests import open311_spec as spec
from phuongso.feedback.tests.conftest import INSIDE, OUTSIDE

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(categories) -> str:
    return apikeys.issue_api_key(name="Ứng dụng thử")[1]


def post(client, fmt: str = "json", **data: object) -> HttpResponse:  # noqa: ANN001
    form = {
        "service_code": "den-chieu-sang",
        "lat": INSIDE[0],
        "long": INSIDE[1],
        "description": "Đèn đường không sáng.",
        **data,
    }
    return client.post(
        f"/open311/v2/requests.{fmt}", {k: v for k, v in form.items() if v is not None}
    )


def assert_error(response, status: int, words: str) -> None:  # noqa: ANN001
    assert response.status_code == status
    errors = response.json()
    assert [set(error) for error in errors] == [spec.ERROR]
    assert errors[0]["code"] == status
    assert words in errors[0]["description"]
    assert not Report.objects.exists()


def test_a_post_without_an_api_key_is_403(client, categories) -> None:
    assert_error(post(client), 403, "api_key")


def test_a_post_with_a_wrong_or_revoked_api_key_is_403(client, key) -> None:
    assert_error(post(client, api_key="sai-khoa"), 403, "api_key")
    apikeys.revoke(apikeys.authenticate(key))
    assert_error(post(client, api_key=key), 403, "api_key")


def test_the_error_in_xml_has_the_specifications_shape(client, categories) -> None:
    response = post(client, "xml", api_key="sai-khoa")
    assert response.status_code == 403
    body = response.content.decode()
    assert spec.shape(body) == spec.shape(spec.EXAMPLE_ERRORS_XML)
    assert "<code>403</code>" in body
    assert spec.json_shape(spec.EXAMPLE_ERRORS_JSON) == (list, spec.ERROR)


def test_an_unknown_or_missing_service_code_is_400(client, key) -> None:
    assert_error(post(client, api_key=key, service_code="o-ga"), 400, "service_code «o-ga»")
    assert_error(post(client, api_key=key, service_code=""), 400, "Thiếu service_code")


def test_coordinates_outside_the_ward_are_400(client, key) -> None:
    response = post(client, api_key=key, lat=OUTSIDE[0], long=OUTSIDE[1])
    assert_error(response, 400, "nằm ngoài địa bàn Phường Thanh Miếu")


def test_no_location_no_description_or_bad_values_are_400(client, key) -> None:
    assert_error(post(client, api_key=key, lat=None, long=None), 400, "Cần vị trí")
    assert_error(post(client, api_key=key, description=""), 400, "mô tả vấn đề")
    assert_error(post(client, api_key=key, lat="bac"), 400, "không phải là số")
    assert_error(post(client, api_key=key, email="khong-phai-thu"), 400, "Thư điện tử")
    assert_error(post(client, api_key=key, media_url="ftp://x"), 400, "media_url")
    assert_error(post(client, api_key=key, address_id="99999"), 400, "address_id")


def test_a_key_for_another_commune_is_403(client, categories, other_commune) -> None:
    raw = apikeys.issue_api_key(name="Ứng dụng Việt Trì", commune=other_commune)[1]
    assert_error(post(client, api_key=raw), 403, "Phường Thanh Miếu")


def test_an_unknown_jurisdiction_is_404(client, key) -> None:
    assert_error(post(client, api_key=key, jurisdiction_id="sfgov.org"), 404, "jurisdiction_id")


def test_other_methods_are_refused(client, categories) -> None:
    response = client.delete("/open311/v2/requests.json")
    assert response.status_code == 405
    assert response.json()[0]["code"] == 405


@pytest.mark.parametrize(
    "path",
    [
        "/open311/v2/services.json?jurisdiction_id=²",
        "/open311/v2/requests/²³.json",
        "/phan-anh/so-lieu/?nam=²⁰²⁶",
    ],
)
def test_digits_that_are_not_plain_digits_are_not_a_server_error(client, categories, path) -> None:
    """Superscripts pass str.isdigit() but not int(): they must not become a 500."""
    client.raise_request_exception = False
    assert client.get(path).status_code < 500
