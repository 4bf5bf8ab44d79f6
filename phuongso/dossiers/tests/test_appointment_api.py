from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/procedures/{code}/appointment"


def preview(client, code: str, **params):
    return client.get(URL.format(code=code), params)


def test_a_three_day_procedure_received_before_tet(client, three_day_procedure) -> None:
    data = preview(client, "1.000001", received_at="2026-02-13T10:00:00+07:00", channel="1").json()
    assert data["appointment_date"] == "2026-02-25"
    assert data["appointment_at"] == "2026-02-25T17:00:00+07:00"
    assert data["effective_received_at"] == "2026-02-13T10:00:00+07:00"
    assert data["working_days"] == 3


def test_received_after_the_cut_off_the_day_before_a_make_up_saturday(
    client, same_day_procedure
) -> None:
    data = preview(client, "1.001193", received_at="2026-01-09T16:00:00+07:00", channel="2").json()
    assert data["appointment_date"] == "2026-01-10"
    assert data["same_day"] is True


def test_a_moment_in_another_offset_is_converted(client, three_day_procedure) -> None:
    data = preview(client, "1.000001", received_at="2026-03-01T13:00:00Z").json()
    # 20:00 on Sunday in Vietnam: effectively received Monday 07:30.
    assert data["effective_received_at"] == "2026-03-02T07:30:00+07:00"
    assert data["appointment_date"] == "2026-03-05"


@pytest.mark.parametrize(
    ("received_at", "message"),
    [
        (None, "Thiếu tham số received_at"),
        ("13/02/2026 10:00", "không đúng định dạng ISO 8601"),
        ("2026-02-13T10:00:00", "phải ghi rõ múi giờ"),
        ("1999-12-31T10:00:00+07:00", "phải trong các năm 2001–2099"),
        ("2100-12-31T10:00:00+07:00", "phải trong các năm 2001–2099"),
    ],
)
def test_a_missing_or_malformed_moment_is_a_422(
    client, three_day_procedure, received_at, message
) -> None:
    params = {"received_at": received_at} if received_at else {}
    response = preview(client, "1.000001", **params)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_an_unknown_channel_or_procedure_is_refused(client, three_day_procedure) -> None:
    assert (
        preview(
            client, "1.000001", received_at="2026-02-13T10:00:00+07:00", channel="9"
        ).status_code
        == 422
    )
    assert preview(client, "9.999999", received_at="2026-02-13T10:00:00+07:00").status_code == 404
