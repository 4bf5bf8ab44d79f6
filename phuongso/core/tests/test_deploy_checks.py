"""`check --deploy` refuses demo accounts with DEBUG off and flags messages that go nowhere."""

from __future__ import annotations

import pytest

from phuongso.core import checks


def ids(problems: list) -> set[str]:
    return {problem.id for problem in problems}


@pytest.mark.django_db
def test_demo_accounts_are_an_error_when_debug_is_off(settings, commune) -> None:
    from phuongso.accounts.demo import load_demo_accounts

    settings.DEBUG = False
    assert checks.check_no_demo_accounts(None) == []
    load_demo_accounts()
    found = checks.check_no_demo_accounts(None)
    assert ids(found) == {"phuongso.E004", "phuongso.E006"}
    assert "motcua" in found[0].msg
    settings.DEBUG = True
    assert checks.check_no_demo_accounts(None) == []


def test_sms_to_the_local_outbox_is_flagged(settings) -> None:
    settings.SMS_GATEWAY = "phuongso.notifications.sms.OutboxGateway"
    assert "phuongso.W003" in ids(checks.check_messages_reach_people(None))
    settings.SMS_GATEWAY = "ward_sms.ProviderGateway"
    assert "phuongso.W003" not in ids(checks.check_messages_reach_people(None))


@pytest.mark.parametrize("backend", ["console", "dummy"])
def test_email_to_the_console_is_flagged(settings, backend) -> None:
    settings.EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
    assert "phuongso.W004" in ids(checks.check_messages_reach_people(None))


def test_a_simulator_turned_on_is_an_error(settings) -> None:
    settings.IDENTITY_SIMULATOR = True
    assert "phuongso.E005" in ids(checks.check_messages_reach_people(None))
