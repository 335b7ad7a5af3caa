from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from people.models import Person, PersonKind
from tests.e2e.conftest import assert_accessible, check_both_schemes, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_adding_opening_editing_and_archiving_a_person(
    live_server, context: BrowserContext, page: Page, user
):
    sign_in(context, user, live_server.url)
    page.goto(live_server.url + "/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.get_by_text("No one here yet")).to_be_visible()
    assert_accessible(page, "people-empty")

    # A marker on window survives only if htmx swaps a fragment instead of loading a new page.
    page.evaluate("window.peopleJourneyMarker = 'still here'")
    page.get_by_label("Name or pseudonym").fill("Sam")
    page.get_by_label("Relationship").select_option("metamour")
    page.get_by_label("Your own word for it (optional)").fill("my partner's partner")
    page.get_by_role("button", name="Add to my people").click()

    board = page.locator("#people-board")
    expect(board.get_by_role("heading", name="Metamours")).to_be_visible()
    expect(board.get_by_role("link", name="Sam")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Sam is now in your people.")
    expect(page.get_by_label("Name or pseudonym")).to_have_value("")
    assert page.evaluate("window.peopleJourneyMarker") == "still here"
    assert Person.objects.filter(owner=user, name="Sam", kind=PersonKind.METAMOUR).exists()
    check_both_schemes(page, "people-list")

    board.get_by_role("link", name="Sam").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam")
    expect(page.get_by_test_id("relationship")).to_contain_text("my partner's partner")
    assert_accessible(page, "person-page")

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Private notes (optional)").fill("Makes the best dumplings.\nLoves long walks.")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(r"/people/\d+/$"))
    expect(page.get_by_text("Makes the best dumplings.")).to_be_visible()

    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_test_id("archived-notice")).to_be_visible()
    assert_accessible(page, "person-page-archived")

    page.get_by_role("link", name="People", exact=True).first.click()
    expect(page.get_by_text("No one here yet")).to_be_visible()
    page.get_by_text("Show 1 archived person").click()
    expect(page.locator(".archived-people").get_by_role("link", name="Sam")).to_be_visible()


def test_adding_a_person_works_without_javascript(live_server, browser: Browser, user):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        sign_in(context, user, live_server.url)
        page = context.new_page()
        page.goto(live_server.url + "/people/?kind=partner")
        expect(page.get_by_label("Relationship")).to_have_value("partner")
        page.get_by_label("Name or pseudonym").fill("Alex")
        page.get_by_role("button", name="Add to my people").click()

        expect(page).to_have_url(live_server.url + "/people/")
        expect(page.get_by_text("Alex is now in your people.")).to_be_visible()
        expect(page.locator("#people-board").get_by_role("heading", name="Partners")).to_be_visible()
        # Nothing overflows sideways at 320px wide.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()
