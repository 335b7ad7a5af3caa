"""Compersion as an installed app in Chromium: installable, a service worker in control, the
offline page with no network, a note written there added on the next visit online, and
nothing left in the caches after signing out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from accounts.models import User
from journal.models import GratitudeItem
from tests.e2e.conftest import CHROMIUM_ARGS, assert_accessible, chromium_path, open_menu, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Rain on the roof while I read, and nowhere to be"

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(request.url);
  }
  return urls;
}"""


@pytest.fixture
def profile(browser: Browser, tmp_path: Path) -> Iterator[BrowserContext]:
    """A browser profile on disk: Chromium offers to install nothing from an incognito window."""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=chromium_path(),
        args=CHROMIUM_ARGS,
        viewport={"width": 390, "height": 844},
        timezone_id="Pacific/Auckland",
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_install_go_offline_keep_a_note_send_it_online_then_sign_out_clean(
    live_server, profile: BrowserContext
) -> None:
    base = live_server.url
    context = profile
    page: Page = context.pages[0] if context.pages else context.new_page()
    user: User = UserFactory.create(time_zone="Pacific/Auckland", display_name="Ari")
    sign_in(context, user, base)

    manifest = page.request.get(base + "/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"
    assert manifest.json()["display"] == "standalone"

    page.goto(base + "/")
    expect(page.get_by_role("heading", level=2, name="Today's five")).to_be_visible()
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    cached = page.evaluate(CACHED_URLS)
    assert base + "/offline/" in cached
    assert all(url == base + "/offline/" or "/static/" in url for url in cached)

    # No network: any page of the app opens the offline page, which keeps a note in the browser.
    context.set_offline(True)
    page.goto(base + "/kindness/")
    expect(page.get_by_role("heading", level=1, name="You are offline")).to_be_visible()
    page.get_by_role("textbox", name="One good thing").fill(NOTE)
    page.get_by_role("button", name="Keep it for later").click()
    expect(page.get_by_role("status")).to_contain_text("Kept.")
    expect(page.locator("[data-offline-note-list] li")).to_have_text([f"{NOTE}Discard this one"])
    assert_accessible(page, "offline page with a kept note")
    assert not GratitudeItem.objects.filter(owner=user).exists()

    # Online again: the first page sends it, and Today shows it among the five.
    context.set_offline(False)
    page.goto(base + "/")
    expect(page.locator("#main").get_by_text(NOTE)).to_be_visible()
    assert page.evaluate("localStorage.getItem('compersion:offline-notes')") is None
    page.reload()
    expect(page.locator("#main").get_by_text(NOTE)).to_be_visible()
    assert [item.text for item in GratitudeItem.objects.filter(owner=user)] == [NOTE]

    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")).to_be_visible()
    assert page.evaluate(CACHED_URLS) == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
