"""Browser journeys: Playwright driving Debian's Chromium against a live test server."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from accounts.models import User

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made
# by the test itself (fixtures, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
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


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^a-z0-9_-]+", "-", name.lower())
    page.screenshot(path=str(ARTIFACTS / f"{safe}.png"), full_page=True)


def assert_accessible(page: Page, axe: Axe, name: str) -> None:
    """Run axe-core on the page as it is now, keep a screenshot, and fail on any violation."""
    screenshot(page, name)
    results = axe.run(page)
    violations = results.response["violations"]
    assert violations == [], f"axe-core found problems on {name}:\n{results.generate_report()}"


def sign_in(context: BrowserContext, user: User, base_url: str) -> None:
    """Give the browser a signed-in session for ``user`` without going through the login page."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


def check_both_schemes(page: Page, axe: Axe, name: str) -> None:
    """axe-core on the page in light mode, then in dark mode."""
    assert_accessible(page, axe, name)
    page.emulate_media(color_scheme="dark")
    assert_accessible(page, axe, f"{name}-dark")
    page.emulate_media(color_scheme="light")


def open_menu(page: Page) -> None:
    """On a phone the signed-in nav and Sign out fold into the "Menu" (a <details>); open it
    as a person would before reaching for them. On a wide screen there is no Menu to open."""
    menu = page.locator("details.site-menu")
    if page.locator("summary", has_text="Menu").is_visible() and not menu.evaluate("m => m.open"):
        page.locator("summary", has_text="Menu").click()
