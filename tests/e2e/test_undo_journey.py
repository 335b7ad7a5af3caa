"""A slip loses nothing: Undo a removal in a real browser, in place with htmx on Today, and
with JavaScript off for a kindness act."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from accounts.selectors import user_local_today
from journal.models import DayState, JournalDay
from kindness.services import kindness_act_log
from tests.e2e.conftest import check_both_schemes, sign_in
from tests.journal.conftest import write_items

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_undoing_a_removed_good_thing_on_today_in_place(live_server, page: Page, user: User) -> None:
    items = write_items(user)
    sign_in(page.context, user, live_server.url)
    page.goto(live_server.url + "/")
    page.evaluate("window.__marker = 1")
    slot = page.locator("#slot-2")

    slot.get_by_role("button", name="Remove good thing 2").click()

    message = page.locator("#messages")
    expect(message).to_contain_text("Removed a good thing from today. You can undo this until")
    expect(page.locator("#slots")).not_to_contain_text(items[1].text)
    expect(page.locator("#progress")).to_contain_text("4 of 5")
    check_both_schemes(page, "today-undo-offered")

    message.get_by_role("button", name="Undo").click()

    expect(page.locator("#slot-2").get_by_test_id("item-text")).to_have_text(items[1].text)
    expect(message).to_contain_text("It's back, just as it was.")
    expect(page.locator("#progress")).to_contain_text("5 of 5")
    assert page.evaluate("window.__marker") == 1  # in place: no full page load
    day = JournalDay.objects.get(owner=user, local_date=user_local_today(user=user))
    assert day.status == DayState.ON_TIME


def test_undoing_a_removed_act_without_javascript(live_server, browser: Browser, user: User) -> None:
    act = kindness_act_log(
        user=user,
        text="Left flowers on the neighbour's step",
        category="gift",
        effort="small",
        local_date=user_local_today(user=user),
        recipient_kind="neighbour",
    )
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    context.set_default_timeout(10_000)
    sign_in(context, user, live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/kindness/acts/{act.pk}/")

    page.get_by_role("button", name="Remove this act").click()

    expect(page.locator("#messages")).to_contain_text("Removed the act of kindness from")
    expect(page.locator("main")).not_to_contain_text(act.text)

    page.locator("#messages").get_by_role("button", name="Undo").click()

    expect(page.locator("#messages")).to_contain_text("Your act of kindness is back, just as it was.")
    expect(page.locator("main")).to_contain_text(act.text)
    context.close()
