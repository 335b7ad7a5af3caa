"""Corrections and ideas in Chromium: an act edited in place, an idea refused with its errors in
view and then saved, ideas in the user's own season, and the feelings grid's words whole at
every width."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from accounts.selectors import user_local_today
from feelings.services import vocabulary_seed
from kindness.ideas import load_shared_ideas
from kindness.models import KindnessAct, KindnessIdea
from kindness.services import kindness_act_log
from tests.e2e.conftest import check_both_schemes, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_act_is_corrected_in_place_and_moves_to_its_day(live_server, page: Page, user: User):
    today = user_local_today(user=user)
    act = kindness_act_log(
        user=user, text="Left a note on the fridge", category="words", effort="small",
        recipient_kind="partner", local_date=today,
    )  # fmt: skip
    sign_in(page.context, user, live_server.url)
    page.goto(f"{live_server.url}/kindness/acts/{act.pk}/")
    page.evaluate("window.__marker = 1")

    page.get_by_role("link", name="Edit this act").click()
    form = page.locator("#act-card form")
    expect(form.get_by_label("What did you do?")).to_have_value("Left a note on the fridge")
    check_both_schemes(page, "kindness-act-edit")
    form.get_by_label("What did you do?").fill("Left a note in the lunch box")
    ten_days_ago = today - timedelta(days=10)  # older than the log form's week: editing may go further
    form.get_by_label("Which day does it count for?").fill(ten_days_ago.isoformat())
    form.get_by_role("button", name="Save changes").click()

    card = page.locator("#act-card")
    expect(card.get_by_role("status")).to_have_text("Your changes are saved.")
    expect(card.get_by_test_id("act-text")).to_have_text("Left a note in the lunch box")
    expect(page.locator("h1 time")).to_have_attribute("datetime", ten_days_ago.isoformat())
    assert page.evaluate("window.__marker") == 1, "saved in place, without a page load"
    act.refresh_from_db()
    assert (act.text, act.local_date) == ("Left a note in the lunch box", ten_days_ago)
    assert KindnessAct.objects.filter(owner=user).count() == 1


def test_an_act_is_corrected_without_javascript(live_server, browser: Browser, user: User):
    today = user_local_today(user=user)
    act = kindness_act_log(
        user=user, text="Carried the shopping", category="help", effort="small",
        recipient_kind="stranger", local_date=today,
    )  # fmt: skip
    context = browser.new_context(java_script_enabled=False)
    sign_in(context, user, live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/kindness/acts/{act.pk}/")

    page.get_by_role("link", name="Edit this act").click()
    expect(page).to_have_url(f"{live_server.url}/kindness/acts/{act.pk}/edit/")
    page.get_by_label("Which day does it count for?").fill((today + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("That day has not happened yet")).to_be_visible()
    page.get_by_label("Which day does it count for?").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_url(f"{live_server.url}/kindness/acts/{act.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Your changes are saved.")
    act.refresh_from_db()
    assert act.local_date == today - timedelta(days=1)
    context.close()


def test_an_idea_with_a_mistake_shows_its_errors_in_view_then_saves(live_server, browser: Browser):
    load_shared_ideas(KindnessIdea)  # transactional tests start from empty tables
    user = UserFactory.create(email="ideas@example.com", time_zone="Pacific/Auckland")
    context = browser.new_context(viewport={"width": 375, "height": 740})
    sign_in(context, user, live_server.url)
    page = context.new_page()
    page.goto(live_server.url + "/kindness/ideas/")

    # December in Auckland is summer: the page says which seasons its ideas follow and why.
    expect(page.get_by_test_id("season-rule")).to_contain_text("southern hemisphere")
    # The seasonal ideas are acts of service; that category fits on one page.
    page.goto(live_server.url + "/kindness/ideas/?category=service")
    results = page.locator("#idea-results")
    expect(results).to_contain_text("in summer")
    expect(results).not_to_contain_text("in winter")

    page.get_by_text("Add an idea of your own").click()
    expect(page.locator("#add-idea").get_by_label("Setting")).to_have_value("home")  # a sensible default
    page.get_by_role("button", name="Save my idea").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Your idea is not saved yet")
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    check_both_schemes(page, "kindness-idea-error")
    summary.get_by_role("link", name="Your idea: This field is required.").click()
    expect(page.get_by_role("textbox", name="Your idea")).to_be_focused()
    page.get_by_role("textbox", name="Your idea").fill("Leave the good chocolate for them to find")
    add = page.locator("#add-idea")
    add.get_by_label("Category").select_option(label="Gift")
    add.get_by_label("Who it is for").select_option(label="A partner")
    add.get_by_label("Effort").select_option(label="Small")
    add.get_by_label("Cost").select_option(label="Free")
    page.get_by_role("button", name="Save my idea").click()

    expect(page).to_have_url(live_server.url + "/kindness/ideas/?mine=on")
    expect(page.get_by_role("status")).to_contain_text("Your idea is saved.")
    expect(page.locator("#idea-results")).to_contain_text("Leave the good chocolate for them to find")
    assert KindnessIdea.objects.filter(owner=user).count() == 1
    context.close()


WORDS_SPLIT = """() => {
  const broken = [];
  for (const label of document.querySelectorAll('.feeling-grid label, .feeling-grid .helptext')) {
    const text = label.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(text.data))) {
      const range = document.createRange();
      range.setStart(text, m.index);
      range.setEnd(text, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [320, 375, 768, 1280])
def test_no_word_in_the_feelings_grid_breaks_across_lines(live_server, browser: Browser, width: int):
    vocabulary_seed()  # transactional tests start from empty tables
    user = UserFactory.create(email=f"grid{width}@example.com")
    context = browser.new_context(viewport={"width": width, "height": 900})
    sign_in(context, user, live_server.url)
    page = context.new_page()
    page.goto(live_server.url + "/feelings/")

    expect(page.get_by_label("Compersion", exact=True)).to_be_visible()
    assert page.evaluate(WORDS_SPLIT) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_the_ideas_come_in_pages_that_htmx_turns_in_place_and_back_returns(
    live_server, page: Page, user: User
):
    load_shared_ideas(KindnessIdea)
    sign_in(page.context, user, live_server.url)
    page.goto(live_server.url + "/kindness/ideas/")
    pages = page.locator(".pagination")
    expect(pages).to_contain_text("Page 1 of ")
    cards = page.locator("#idea-results li.card")
    first = cards.first.locator("p").first.inner_text()

    pages.get_by_role("link", name="Next page").click()
    expect(pages).to_contain_text("Page 2 of ")
    expect(page).to_have_url(re.compile(r"/kindness/ideas/\?page=2"))
    expect(page.get_by_role("heading", level=2, name=re.compile(r"\d+ ideas"))).to_be_focused()
    expect(cards).to_have_count(24)
    expect(cards.first).not_to_contain_text(first)
    check_both_schemes(page, "ideas-page-2")

    page.go_back()
    expect(pages).to_contain_text("Page 1 of ")
    expect(cards.first).to_contain_text(first)
