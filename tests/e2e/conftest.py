"""Browser journeys: Playwright driving Debian's Chromium against a live test server."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from accounts.models import User

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made
# by the test itself (fixtures, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE_SCRIPT = (Path(str(axe_playwright_python.__file__)).parent / "axe.min.js").read_text("utf-8")
# The axe-core rules that read colours: all that can change between light and dark mode.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is not installed: run `apt-get install -y chromium` (see .ci/run).")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="Pacific/Auckland")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^a-z0-9_-]+", "-", name.lower())
    page.screenshot(path=str(ARTIFACTS / f"{safe}.png"), full_page=True)


def axe_violations(
    page: Page, *, rules: list[str] | None = None, within: str | None = None
) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now: every rule, or only ``rules``; the whole
    document, or only the element ``within`` selects. axe-core goes into the page once per load."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    result: dict[str, Any] = page.evaluate(
        """([within, rules]) => axe.run(within || document, rules
            ? {resultTypes: ['violations'], runOnly: {type: 'rule', values: rules}}
            : {resultTypes: ['violations']})""",
        [within, rules],
    )
    return list(result["violations"])


def describe_violation(label: str, violation: dict[str, Any]) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    return f"{label}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"


def assert_accessible(
    page: Page, name: str, *, rules: list[str] | None = None, within: str | None = None
) -> None:
    """Fail on any axe-core violation on the page as it is now, with a screenshot of it kept."""
    violations = axe_violations(page, rules=rules, within=within)
    if violations:
        screenshot(page, name)
    assert not violations, f"axe-core found problems on {name}:\n" + "\n".join(
        describe_violation(name, violation) for violation in violations
    )


def sign_in(context: BrowserContext, user: User, base_url: str) -> None:
    """Give the browser a signed-in session for ``user`` without going through the login page."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


def check_both_schemes(page: Page, name: str, *, within: str | None = None) -> None:
    """axe-core on the page in light mode, then in dark mode, where only colours change
    (tests/e2e/test_every_page_accessible.py holds the CSS to that) and so only the rules that
    read colours run."""
    assert_accessible(page, name, within=within)
    page.emulate_media(color_scheme="dark")
    assert_accessible(page, f"{name}-dark", rules=COLOUR_RULES, within=within)
    page.emulate_media(color_scheme="light")


def open_menu(page: Page) -> None:
    """On a phone the signed-in nav and Sign out fold into the "Menu" (a <details>); open it
    as a person would before reaching for them. On a wide screen there is no Menu to open."""
    menu = page.locator("details.site-menu")
    if page.locator("summary", has_text="Menu").is_visible() and not menu.evaluate("m => m.open"):
        page.locator("summary", has_text="Menu").click()
