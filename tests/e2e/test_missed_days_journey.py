"""Issue #14, items 2 and 6 in a real browser: a missed yesterday filled in from Today, a day
opened from the journal's year by mouse and by keyboard, a date opened from the journal's form,
the year readable on a 375 px phone without the page scrolling sideways, axe clean throughout."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from accounts.models import User
from accounts.selectors import user_local_today
from journal.models import DayState, JournalDay
from people.models import Person
from tests.e2e.conftest import assert_accessible, check_both_schemes, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 375, "height": 812}


def a_year_behind(user: User, today: date) -> None:
    """400 days of summary rows before last week, complete on the day: all the year's heatmap
    and the streak read. (Their items do not matter here.)"""
    JournalDay.objects.bulk_create(
        JournalDay(
            owner=user,
            local_date=today - timedelta(days=back),
            time_zone=user.time_zone,
            item_count=5,
            relational_count=1,
            status=DayState.ON_TIME,
            completed_local_time=time(20, 10),
        )
        for back in range(7, 407)
    )


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {page.viewport_size}"


def long_date(day: date, *, this_year: int | None = None) -> str:
    """As the day pages write a date: the year only when it is not this (local) year's."""
    shown = f"{day:%A} {day.day} {day:%B}"
    return shown if day.year == (this_year or day.year) else f"{shown} {day.year}"


def test_backfilling_yesterday_from_today_and_opening_days_from_the_year(
    live_server, browser: Browser, user: User
) -> None:
    context = browser.new_context(viewport=PHONE, timezone_id="Europe/Berlin")
    context.set_default_timeout(10_000)
    page = context.new_page()
    today = user_local_today(user=user)
    yesterday = today - timedelta(days=1)
    a_year_behind(user, today)
    Person.objects.create(owner=user, name="Sam")
    try:
        sign_in(context, user, live_server.url)
        page.goto(live_server.url + "/")
        no_sideways_scroll(page)
        # The year is wider than the phone: it scrolls in its own box, which opens on today.
        box = page.locator(".heatmap-scroll")
        widths = box.evaluate("b => [b.scrollWidth, b.clientWidth, b.scrollLeft]")
        assert widths[0] > widths[1], widths
        box_left, box_right = box.evaluate(
            "b => [b.getBoundingClientRect().left, b.getBoundingClientRect().right]"
        )
        ring = page.locator(".chart-heatmap .today-ring").bounding_box()
        assert ring and box_left <= ring["x"] and ring["x"] + ring["width"] <= box_right, (
            "today is out of view"
        )
        # Cells are drawn larger than on a laptop: 11 units at 12rem for 146 units, about 14 px.
        assert page.locator(".chart-heatmap").evaluate("s => s.getBoundingClientRect().height") >= 180
        assert page.locator(".chart-heatmap .cell-on-time").first.bounding_box()  # drawn
        assert_accessible(page, "missed-today-375")

        page.get_by_role("link", name="Missed yesterday? Fill it in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(long_date(yesterday, this_year=today.year))
        expect(page.get_by_test_id("late-rule")).to_contain_text("not toward the perfect run")
        no_sideways_scroll(page)
        check_both_schemes(page, "missed-yesterday-375")
        for number in range(1, 6):
            slot = page.locator(f"#slot-{number}")
            slot.get_by_label(f"Good thing {number} of 5").fill(f"Yesterday's specific good thing {number}")
            if number == 1:
                slot.get_by_label("Sam").check()
            slot.get_by_role("button", name=f"Save good thing {number}").click()
            expect(page.locator(f"#slot-{number}").get_by_test_id("item-text")).to_be_visible()
        expect(page.get_by_test_id("day-complete")).to_have_text("This day is complete.")
        assert JournalDay.objects.get(owner=user, local_date=yesterday).status == DayState.LATE

        page.get_by_test_id("next-day").click()
        expect(page.get_by_test_id("yesterday-link")).to_have_text("Yesterday's five")

        # The journal's year: every day a link. An empty day last week, chosen with the mouse.
        page.goto(live_server.url + "/journal/")
        no_sideways_scroll(page)
        assert_accessible(page, "journal-year-375")
        empty = today - timedelta(days=3)
        page.get_by_role("link", name=f"{empty:%A} {empty.day} {empty:%B %Y}: nothing written").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(long_date(empty, this_year=today.year))
        page.get_by_test_id("previous-day").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            long_date(empty - timedelta(days=1), this_year=today.year)
        )

        # And with the keyboard: from the year's heading, Tab reaches the first square (the
        # oldest day shown), whose focus is visible, and Enter opens it.
        page.goto(live_server.url + "/journal/")
        page.locator("#year-heading").evaluate("h => { h.tabIndex = -1; h.focus(); }")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('href')")
        assert focused and focused.startswith("/journal/"), focused
        stroke = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).strokeWidth")
        assert stroke == "3px", stroke
        page.keyboard.press("Enter")
        expect(page).to_have_url(live_server.url + focused)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            long_date(date.fromisoformat(focused[9:19]), this_year=today.year)
        )
    finally:
        context.close()


def test_opening_a_date_from_the_journal_without_javascript(live_server, browser: Browser, user: User):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(context, user, live_server.url)
        page.goto(live_server.url + "/journal/")
        page.get_by_label("Open a day").fill("2025-03-03")
        page.get_by_role("button", name="Open", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Monday 3 March 2025")

        page.goto(live_server.url + "/journal/?date=1899-12-31")
        expect(page.get_by_text("The journal starts in 1900; pick a day from then on.")).to_be_visible()
        no_sideways_scroll(page)
    finally:
        context.close()
    # axe needs JavaScript: the refused date's page, checked in a browser that runs it.
    page = browser.new_context(viewport=PHONE).new_page()
    try:
        sign_in(page.context, user, live_server.url)
        page.goto(live_server.url + "/journal/?date=2999-01-01")
        expect(page.get_by_text("That day hasn't begun yet.")).to_be_visible()
        assert_accessible(page, "journal-date-refused")
    finally:
        page.context.close()
