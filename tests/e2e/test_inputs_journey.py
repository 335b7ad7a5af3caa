"""Inputs in a real browser: Hebrew reads right to left, limits are counted aloud and on screen,
the hint about people follows a save, and the zone list can be filtered by typing."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from people.models import Person, PersonKind
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEBREW = "אש תיקנה לי את האופניים בבוקר"  # "Ash fixed my bike this morning"


def test_a_hebrew_item_reads_right_to_left_and_the_hint_follows_the_save(
    live_server, context: BrowserContext, page: Page, user: User
) -> None:
    Person.objects.create(owner=user, name="Ash", kind=PersonKind.FRIEND)
    Person.objects.create(owner=user, name="Bea", kind=PersonKind.FRIEND)
    sign_in(context, user, live_server.url)
    page.goto(live_server.url + "/")
    page.evaluate("window.__marker = 1")
    hint = page.get_by_test_id("appreciation-hint")
    expect(hint.get_by_role("listitem")).to_have_text(["Ash", "Bea"])

    slot = page.locator("#slot-1")
    field = slot.get_by_label("Good thing 1 of 5")
    counter = slot.get_by_test_id("char-counter")
    expect(counter).to_be_visible()
    expect(counter).to_have_text("500 characters left of 500")
    field.fill(HEBREW)
    expect(counter).to_have_text(f"{500 - len(HEBREW)} characters left of 500")
    assert field.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert_accessible(page, "today-hebrew-typed")

    slot.get_by_label("Ash").check()
    slot.get_by_role("button", name="Save good thing 1").click()

    shown = page.locator("#slot-1").get_by_test_id("item-text")
    expect(shown).to_have_text(HEBREW)
    assert shown.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # Swapped out of band by the save's own answer: Ash was just appreciated, Bea still waits.
    expect(hint.get_by_role("listitem")).to_have_text(["Bea"])
    assert page.evaluate("window.__marker") == 1  # no reload
    # English in the next slot still runs left to right.
    english = page.locator("#slot-2").get_by_label("Good thing 2 of 5")
    english.fill("Tea with Bea")
    assert english.evaluate("e => getComputedStyle(e).direction") == "ltr"


def test_the_counter_warns_near_the_limit_and_the_browser_stops_at_it(
    live_server, context: BrowserContext, page: Page, user: User
) -> None:
    sign_in(context, user, live_server.url)
    page.goto(live_server.url + "/")
    slot = page.locator("#slot-1")
    field = slot.get_by_label("Good thing 1 of 5")

    field.fill("x" * 600)  # a paste past the limit: the browser keeps 500

    counter = slot.get_by_test_id("char-counter")
    expect(counter).to_have_text("0 characters left of 500")
    expect(counter).to_have_class("char-counter char-counter-low")
    expect(slot.locator("[aria-live=polite]")).to_have_text("No characters left.")


def test_the_zone_list_is_grouped_and_filters_as_you_type(live_server, page: Page) -> None:
    page.goto(live_server.url + "/accounts/signup/")
    select = page.get_by_label("Your time zone")
    assert select.locator("optgroup").count() >= 10

    page.get_by_label("Find a place in the list").fill("kolk")

    visible = select.locator("option:not([hidden])")
    values = visible.evaluate_all("options => options.map(o => o.value)")
    assert "Asia/Kolkata" in values
    assert "Europe/Berlin" not in values
    assert len(values) <= 2  # Kolkata, and the zone already chosen
    select.select_option("Asia/Kolkata")
    expect(select).to_have_value("Asia/Kolkata")
    assert_accessible(page, "signup-zone-filtered")
