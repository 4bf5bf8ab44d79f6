"""Per-address limits count the visitor, not the proxy in front of the application."""

from __future__ import annotations

from django.test import RequestFactory

from phuongso.core.throttle import client_address, over_limit

PROXY = ("HTTP_X_FORWARDED_PROTO", "https")


def request(remote: str, forwarded: str = ""):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_behind_the_proxy_each_visitor_has_its_own_count(settings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = PROXY
    alice, bob = request("10.0.0.1", "203.0.113.7"), request("10.0.0.1", "198.51.100.9")
    assert [over_limit(alice, what="t", limit=2, seconds=60) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert not over_limit(bob, what="t", limit=2, seconds=60)


def test_a_forged_forwarded_entry_does_not_escape_the_count(settings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = PROXY
    forged = request("10.0.0.1", "1.2.3.4, 203.0.113.7")  # the proxy appended the real one
    assert client_address(forged) == "203.0.113.7"


def test_without_a_proxy_the_header_is_ignored(settings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_address(request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"
