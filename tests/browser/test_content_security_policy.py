"""Pages work under the Content-Security-Policy: the browser reports no refused script, style,
font or picture, on public pages, officials' pages with charts and the API docs (Swagger UI
served from this site)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/thu-tuc/", "/phan-anh/gui/", "/phan-anh/so-lieu/", "/cong-khai/", "/tra-cuu/"]
OFFICIAL = ["/ho-gia-dinh/so-lieu/", "/dao-tao/", "/nghi-quyet/", "/chat-luong/"]


def watch(page) -> list[str]:  # noqa: ANN001
    """Console errors and refused requests of the page, as they happen."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    return problems


def visit(page, url: str, problems: list[str]) -> None:  # noqa: ANN001
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 400, url
    assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
    assert not problems, f"{url}: {problems}"


def test_pages_and_the_api_docs_run_under_the_policy(page, live_server, demo) -> None:
    problems = watch(page)
    for path in PUBLIC:
        visit(page, live_server.url + path, problems)
    screenshot(page, "csp-public-lookup")
    page.goto(live_server.url + "/phan-anh/so-lieu/")
    screenshot(page, "csp-feedback-figures")

    visit(page, live_server.url + "/api/v1/docs", problems)
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert not problems, problems
    screenshot(page, "csp-api-docs")

    sign_in(page, live_server.url, "lanhdao")
    for path in OFFICIAL:
        visit(page, live_server.url + path, problems)
    page.goto(live_server.url + "/ho-gia-dinh/so-lieu/")
    screenshot(page, "csp-household-figures")
    page.goto(live_server.url + "/dao-tao/")
    screenshot(page, "csp-training-overview")
