"""Playwright for Python driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from phuongso.core import testing

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Debian's chromium is missing: run `make system-packages` (apt-get install chromium)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db, settings) -> None:
    call_command(
        "load_demo", allow_demo_accounts=True, households=300, dossiers=150, stdout=io.StringIO()
    )


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious_accessibility_violations(page) -> list[str]:
    """Run axe-core (from npm, injected into the page) for WCAG 2.1 A and AA rules."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does).")
    # Served as if from the site itself: the Content-Security-Policy refuses inline scripts,
    # and what add_script_tag(path=...) injects is one.
    origin = "/".join(page.url.split("/", 3)[:3])
    url = f"{origin}/__tests__/axe.min.js"
    page.route(
        url, lambda route: route.fulfill(path=str(AXE), content_type="application/javascript")
    )
    page.add_script_tag(url=url)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})"""
    )
    return [
        f"{v['impact']}: {v['id']} – {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def sign_in(page, base_url: str, username: str, password: str = "Demo@2025") -> None:
    page.goto(base_url + "/dang-nhap/")
    page.get_by_label("Số điện thoại, thư điện tử hoặc tên đăng nhập").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    pass_second_factor(page, username)


def pass_second_factor(page, username: str) -> None:
    """When the official needs a second factor, type the code of the demo's documented TOTP
    key, as an authenticator app holding it would show. A TOTP code is accepted once per
    30-second step: the device forgets its last step first, so one story may sign the same
    official in twice within a step."""
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)
    if "/xac-thuc-hai-lop/" not in page.url:
        return
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from phuongso.accounts.demo_code import demo_code

    TOTPDevice.objects.filter(user__username=username).update(last_t=-1)
    page.get_by_label("Mã xác thực hoặc mã dự phòng").fill(demo_code())
    page.get_by_role("button", name="Xác thực").click()
    page.wait_for_load_state()


@pytest.fixture
def make_page(browser, live_server):
    """A fresh browser context per person of the story (each signs in separately)."""
    contexts = []

    def new(width: int = 1280, height: int = 900, **options: object) -> object:
        context = browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": height}, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def pdf_file(tmp_path) -> Path:
    path = tmp_path / "giay-chung-sinh.pdf"
    path.write_bytes(testing.PDF)
    return path


def enter_the_code_sent_to(page, base_url: str, phone: str) -> None:
    """Registration's second step: the code the SMS adapter left in the outbox, typed in."""
    import re

    from phuongso.notifications.models import Notification

    page.wait_for_url(base_url + "/dang-ky/xac-minh/")
    sms = Notification.objects.filter(event="verification_code", recipient=phone).latest("pk")
    page.get_by_label("Mã xác minh (6 chữ số)").fill(re.search(r"\b\d{6}\b", sms.body).group(0))
    page.get_by_role("button", name="Xác minh").click()
