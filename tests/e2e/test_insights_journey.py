"""Is it working? The demo user reads their insights, answers WHO-5 and prints their month."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from insights.models import WellbeingCheckIn
from tests.e2e.conftest import check_both_schemes, open_menu, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WHO5 = [
    "I have felt cheerful and in good spirits",
    "I have felt calm and relaxed",
    "I have felt active and vigorous",
    "I woke up feeling fresh and rested",
    "My daily life has been filled with things that interest me",
]


def test_the_demo_user_sees_what_their_practice_is_doing_answers_who5_and_prints_their_month(
    live_server, context: BrowserContext, page: Page
) -> None:
    # 200 days: the demo plants a 22-day run 100 days ago and a first metamour note 50 days ago.
    call_command("seed_demo", "--users", "1", "--days", "200", stdout=io.StringIO())
    user = User.objects.get(email="demo1@example.com")
    sign_in(context, user, live_server.url)

    page.goto(live_server.url + "/")
    open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Is it working?")
    expect(page.locator("svg#insights-practice")).to_be_visible()
    expect(page.locator("svg#insights-feelings")).to_be_visible()
    runs = page.get_by_test_id("runs")
    expect(runs.get_by_test_id("run").first).to_be_visible()
    expect(runs.get_by_test_id("comparison-counts").last).to_contain_text("check-ins in the 28 days before")
    expect(runs).to_contain_text("After your run, your check-ins named compersion more strongly")
    page.get_by_text("Show the weeks as a table").click()
    expect(page.get_by_role("table", name="Practice and feelings per week, newest first")).to_be_visible()
    check_both_schemes(page, "insights")

    page.get_by_role("link", name="Partners and metamours").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners and metamours")
    metamour = page.get_by_test_id("metamour-comparison").first
    expect(metamour).to_contain_text("in the 28 days before")
    expect(metamour).to_contain_text("in the 28 days after")
    check_both_schemes(page, "insights-people")

    page.goto(live_server.url + "/insights/")
    page.get_by_role("link", name="Answer this month's five questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wellbeing check-in")
    for statement in WHO5[:4]:
        page.get_by_role("group", name=statement).get_by_label("Most of the time").check()
    check_both_schemes(page, "insights-wellbeing")
    page.get_by_role("button", name="Save this month's answers").click()
    # One left out: refused, and the four answers given are still chosen.
    expect(page.get_by_text("Choose how much of the time, for this one too.")).to_be_visible()
    expect(page.get_by_role("group", name=WHO5[0]).get_by_label("Most of the time")).to_be_checked()
    page.get_by_role("group", name=WHO5[4]).get_by_label("All of the time").check()
    page.get_by_role("button", name="Save this month's answers").click()
    expect(page.get_by_text("is 84 of 100.")).to_be_visible()
    expect(page.get_by_test_id("wellbeing-latest")).to_contain_text("84")
    assert WellbeingCheckIn.objects.get(owner=user).answers == (4, 4, 4, 4, 5)

    page.get_by_role("link", name="Your month").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your month:")
    expect(page.get_by_role("heading", name="Secret acts to remember")).to_be_visible()
    check_both_schemes(page, "insights-month")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("heading", name="What you practised")).to_be_visible()
    screenshot(page, "insights-month-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
