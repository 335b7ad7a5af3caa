"""The nav on a phone is one row with a menu that opens without JavaScript; on a laptop the
links sit in the header row."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, expect

from tests.e2e.conftest import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _same_row(one: Locator, other: Locator) -> bool:
    a, b = one.bounding_box(), other.bounding_box()
    assert a and b
    return abs((a["y"] + a["height"] / 2) - (b["y"] + b["height"] / 2)) < 8


def test_on_a_phone_without_javascript_the_menu_opens_and_leads_everywhere(live_server, browser: Browser):
    user = UserFactory.create(email="phone@example.com", time_zone="Europe/Berlin")
    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    sign_in(context, user, live_server.url)
    page = context.new_page()
    page.goto(live_server.url + "/journal/")

    menu = page.locator("summary", has_text="Menu")
    brand = page.get_by_role("link", name="Compersion")
    nav = page.get_by_role("navigation", name="Main")
    assert _same_row(brand, menu), "the name and the menu share one row"
    header = page.locator(".site-header").bounding_box()
    assert header and header["height"] < 80
    expect(nav.get_by_role("link", name="Kindness")).to_be_hidden()

    menu.click()
    for label in ("Today", "Journal", "Kindness", "Feelings", "People", "Settings"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(nav.get_by_role("link", name="Journal")).to_have_attribute("aria-current", "page")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    nav.get_by_role("link", name="Kindness").click()
    expect(page).to_have_url(live_server.url + "/kindness/")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Kindness")).to_be_hidden()
    context.close()


def test_on_a_laptop_the_links_sit_in_the_header_row(live_server, browser: Browser):
    user = UserFactory.create(email="laptop@example.com", time_zone="Europe/Berlin")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    sign_in(context, user, live_server.url)
    page = context.new_page()
    page.goto(live_server.url + "/")

    nav = page.get_by_role("navigation", name="Main")
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    brand = page.get_by_role("link", name="Compersion")
    for label in ("Today", "Journal", "Kindness", "Feelings", "People", "Settings"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
        assert _same_row(brand, nav.get_by_role("link", name=label))
    assert _same_row(brand, page.get_by_role("button", name="Sign out"))
    context.close()
