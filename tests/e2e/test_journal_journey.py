"""Today's five in a real browser: with htmx (no full reload) and with JavaScript off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from journal.models import DayState, JournalDay
from people.models import Person
from tests.e2e.conftest import assert_accessible, check_both_schemes
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ITEMS = [
    "Sam drove across town to bring me lunch",
    "The barista remembered my name and my odd order",
    "Sunlight on the kitchen table at breakfast",
    "My sister's voice note singing happy birthday off-key",
    "Finishing the hard chapter of my book on the train",
]


def sign_in_through_the_page(page: Page, base_url: str, user: User) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=2, name="Today's five")).to_be_visible()


def add_person(page: Page, base_url: str, name: str) -> None:
    page.goto(base_url + "/people/")
    page.get_by_label("Name or pseudonym").fill(name)
    page.get_by_role("button", name="Add to my people").click()
    expect(page.locator("#people-board").get_by_role("link", name=name)).to_be_visible()


def write_five(page: Page, *, person: str) -> None:
    for number, text in enumerate(ITEMS, start=1):
        slot = page.locator(f"#slot-{number}")
        slot.get_by_label(f"Good thing {number} of 5").fill(text)
        if number == 1:
            slot.get_by_label(person).check()
        slot.get_by_role("button", name=f"Save good thing {number}").click()
        expect(page.locator(f"#slot-{number}").get_by_test_id("item-text")).to_have_text(text)


def test_writing_todays_five_with_htmx_and_seeing_the_streak(live_server, page: Page, user: User):
    sign_in_through_the_page(page, live_server.url, user)
    assert_accessible(page, "today-empty")
    add_person(page, live_server.url, "Sam")
    page.goto(live_server.url + "/")
    page.evaluate("window.__marker = 1")

    write_five(page, person="Sam")

    expect(page.get_by_test_id("path-day")).to_have_text("Day 1 of 22")
    expect(page.get_by_test_id("streak-current")).to_have_text("1")
    expect(page.get_by_test_id("day-complete")).to_be_visible()
    expect(page.locator("#charts .cell-today.cell-on-time")).to_have_count(1)
    assert page.evaluate("window.__marker") == 1, "the page reloaded instead of swapping fragments"
    day = JournalDay.objects.get(owner=user)
    assert (day.item_count, day.status) == (5, DayState.ON_TIME)
    check_both_schemes(page, "today-complete")

    # A vague edit is saved, with a gentle question.
    slot = page.locator("#slot-3")
    slot.get_by_text("Edit").click()
    slot.get_by_label("Good thing 3 of 5").fill("life")
    slot.get_by_role("button", name="Save changes to good thing 3").click()
    expect(page.locator("#slot-3").get_by_test_id("item-text")).to_have_text("life")
    expect(page.locator("#slot-3")).to_contain_text("what exactly")
    assert page.evaluate("window.__marker") == 1

    page.goto(live_server.url + "/journal/")
    expect(page.get_by_text("Sam drove across town")).to_be_visible()
    assert_accessible(page, "journal")
    # A day of this year is named without its year (accounts/templatetags/dates.py).
    page.get_by_role("link", name=day.local_date.strftime("%A %-d %B"), exact=True).click()
    expect(page.get_by_test_id("day-status")).to_contain_text("Complete")
    assert_accessible(page, "journal-day")
    page.goto(live_server.url + "/people/")
    assert_accessible(page, "people-with-sam")
    page.get_by_role("link", name="Sam").click()
    expect(page.get_by_text("Sam drove across town")).to_be_visible()
    assert_accessible(page, "person-with-gratitude")


def test_writing_todays_five_without_javascript(live_server, browser: Browser, user: User):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in_through_the_page(page, live_server.url, user)
        Person.objects.create(owner=user, name="Noor")
        page.goto(live_server.url + "/")
        write_five(page, person="Noor")
        expect(page.get_by_test_id("path-day")).to_have_text("Day 1 of 22")
        expect(page.locator("#charts .cell-today.cell-on-time")).to_have_count(1)
        assert page.url == live_server.url + "/"
    finally:
        context.close()
