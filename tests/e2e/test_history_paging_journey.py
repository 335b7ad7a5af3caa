"""Day 400: the oldest check-in, kindness act, vicarious joy and timeline entry are each a
few clicks away, by the Oldest and Older links, in a real browser."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from accounts.selectors import user_local_today
from people.models import Person, PersonKind
from tests.e2e.conftest import check_both_schemes, sign_in
from tests.history import history_seed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _nav(page: Page, label: str):
    return page.get_by_role("navigation", name=label)


def test_a_400_day_user_reaches_their_oldest_entries_by_following_links(
    live_server, context: BrowserContext, page: Page, user
):
    sam = Person.objects.create(owner=user, name="Sam", kind=PersonKind.PARTNER)
    today = user_local_today(user=user, now=timezone.now())
    dates = history_seed(user, sam, days=400, today=today)
    oldest, second_oldest = dates[0], dates[1]
    sign_in(context, user, live_server.url)

    # Check-ins: Older once, then straight to the oldest.
    page.goto(live_server.url + "/feelings/")
    checkins = _nav(page, "Pages of your check-ins")
    expect(checkins.get_by_role("link")).to_have_text(["Older", "Oldest"])
    checkins.get_by_role("link", name="Older").click()
    expect(_nav(page, "Pages of your check-ins").get_by_role("link")).to_have_text(
        ["Newest", "Newer", "Older", "Oldest"]
    )
    _nav(page, "Pages of your check-ins").get_by_role("link", name="Oldest").click()
    last = page.locator(".checkin-list > li").last
    expect(last.locator("time")).to_have_attribute("datetime", oldest.isoformat())
    check_both_schemes(page, "history-checkins-oldest")
    # From the oldest page, Newer goes back up without a gap.
    _nav(page, "Pages of your check-ins").get_by_role("link", name="Newer").click()
    expect(page.locator(".checkin-list > li").last.locator("time")).to_have_attribute(
        "datetime", dates[10].isoformat()
    )

    # Kindness acts.
    page.goto(live_server.url + "/kindness/")
    _nav(page, "Pages of your log").get_by_role("link", name="Oldest").click()
    expect(page.get_by_text(f"A kind word on {oldest}")).to_be_visible()
    expect(_nav(page, "Pages of your log").get_by_role("link")).to_have_text(["Newest", "Newer"])

    # Vicarious joys.
    page.goto(live_server.url + "/feelings/joy/")
    _nav(page, "Pages of your joys").get_by_role("link", name="Oldest").click()
    expect(page.get_by_text(f"Good news on {oldest}")).to_be_visible()
    expect(page.get_by_text(f"Good news on {second_oldest}")).to_be_visible()

    # Sam's timeline: every practice on the oldest day.
    page.goto(live_server.url + f"/people/{sam.pk}/")
    _nav(page, "Pages of this timeline").get_by_role("link", name="Oldest").click()
    for words in ("Grateful", "A kind word", "Good news", "Met"):
        expect(page.get_by_text(f"{words} on {oldest}")).to_be_visible()
    check_both_schemes(page, "history-timeline-oldest")
