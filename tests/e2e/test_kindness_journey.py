from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from kindness.ideas import load_shared_ideas
from kindness.models import KindnessAct, KindnessIdea
from people.models import Person, PersonKind
from tests.e2e.conftest import check_both_schemes, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check_card(page: Page, name: str) -> None:
    """axe on the kindness card alone: the rest of Today belongs to other practices."""
    check_both_schemes(page, name, within="#kindness-today-card")


def test_take_a_suggestion_log_it_see_today_then_a_variety_note(
    live_server, context: BrowserContext, page: Page, user
):
    load_shared_ideas(KindnessIdea)  # transactional tests start from empty tables
    sam = Person.objects.create(owner=user, name="Sam", kind=PersonKind.PARTNER)
    sign_in(context, user, live_server.url)

    page.goto(live_server.url + "/kindness/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Secret kindness")
    check_both_schemes(page, "kindness-empty")

    # Ask for a suggestion and take it.
    page.get_by_role("link", name="Suggest one").first.click()
    suggestion = page.get_by_test_id("suggestion").get_by_role("heading", level=2).inner_text()
    check_both_schemes(page, "kindness-suggest")
    page.get_by_role("link", name="I'll do this").click()
    text = page.get_by_label("What did you do?")
    expect(text).to_have_value(suggestion)

    # Log it, for Sam.
    page.get_by_label("Who was it for?").select_option(label="Sam")
    page.get_by_role("button", name="Log this act").click()
    expect(page.get_by_text("Logged, and kept to yourself.")).to_be_visible()
    expect(page.get_by_test_id("kindness-week")).to_contain_text("1 of 1")
    check_both_schemes(page, "kindness-logged")
    first = KindnessAct.objects.get(owner=user)
    assert first.person == sam
    assert first.idea is not None and first.idea.text == suggestion

    # Today shows the week's progress.
    page.goto(live_server.url + "/")
    card = page.get_by_test_id("kindness-today")
    expect(card.get_by_test_id("kindness-progress")).to_contain_text("1 of 1")
    check_card(page, "today-kindness-card")

    # A second act for the same person, logged from Today with htmx: "Log an act" opens the
    # quick form in place, and on saving the variety note appears.
    card.get_by_role("link", name="Log an act").click()
    expect(card.get_by_label("What did you do?")).to_be_focused()
    assert page.url.rstrip("/") == live_server.url
    check_card(page, "today-kindness-quick-form")
    card.get_by_label("What did you do?").fill("Made Sam's favourite soup without being asked")
    card.get_by_label("Who was it for?").select_option(label="Sam")
    card.get_by_label("What kind of kindness?").select_option(label="Service")
    card.get_by_role("button", name="Log it").click()
    note = page.get_by_test_id("variety-note")
    expect(note).to_contain_text("Sam")
    expect(page.get_by_test_id("kindness-progress")).to_contain_text("2 of 1")
    assert page.url.rstrip("/") == live_server.url  # swapped in place, no reload
    check_card(page, "today-kindness-variety")
    assert KindnessAct.objects.filter(owner=user, person=sam).count() == 2

    # The idea store and an act's own page are accessible too.
    page.goto(live_server.url + "/kindness/ideas/")
    check_both_schemes(page, "kindness-ideas")
    page.goto(live_server.url + f"/kindness/acts/{first.pk}/")
    page.get_by_role("button", name="I told someone").click()
    expect(page.get_by_text("You told someone")).to_be_visible()
    check_both_schemes(page, "kindness-act")

    # Nothing scrolls sideways on a 320px screen.
    page.set_viewport_size({"width": 320, "height": 720})
    for path in ("/kindness/", "/kindness/ideas/", f"/kindness/acts/{first.pk}/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path


def test_logging_from_today_works_without_javascript(live_server, browser, user):
    load_shared_ideas(KindnessIdea)
    context = browser.new_context(java_script_enabled=False)
    try:
        sign_in(context, user, live_server.url)
        page = context.new_page()
        page.goto(live_server.url + "/")
        # The card comes with the page, so without JavaScript it shows the week; "Log an act"
        # is a plain link to the kindness page's form.
        card = page.get_by_test_id("kindness-today")
        expect(card.get_by_test_id("kindness-progress")).to_contain_text("0 of 1 this week")
        card.get_by_role("link", name="Log an act").click()
        expect(page.get_by_role("heading", name="Log an act")).to_be_visible()
        page.get_by_label("What did you do?").fill("Returned a lost glove to the café")
        page.get_by_label("Who was it for?").select_option(label="A stranger")
        page.get_by_label("What kind of kindness?").select_option(label="Help")
        page.get_by_role("button", name="Log this act").click()
        expect(page.get_by_test_id("kindness-week")).to_contain_text("1 of 1")
        page.goto(live_server.url + "/")
        expect(page.get_by_test_id("kindness-progress")).to_contain_text("1 of 1 this week")
        assert KindnessAct.objects.filter(owner=user, recipient_kind="stranger").exists()
    finally:
        context.close()


def test_filtering_ideas_swaps_the_results_in_place(live_server, context: BrowserContext, page: Page, user):
    # The filters sit in walled field divs (data-hx-disable); the form's own htmx still runs.
    load_shared_ideas(KindnessIdea)
    KindnessIdea.objects.create(
        owner=user, text="<i hx-get=/x hx-trigger=load>mine</i>", category="words", recipient_kind="friend"
    )
    sign_in(context, user, live_server.url)
    page.goto(live_server.url + "/kindness/ideas/")
    page.evaluate("window.__marker = 1")
    everything = page.locator("#results-heading").inner_text()

    page.get_by_label("Only my own ideas").check()

    expect(page.locator("#results-heading")).to_have_text("1 idea")
    assert everything != "1 idea"
    expect(page.get_by_text("<i hx-get=/x hx-trigger=load>mine</i>", exact=True)).to_be_visible()
    assert "mine=on" in page.url  # hx-push-url
    assert page.evaluate("window.__marker") == 1, "the page reloaded instead of swapping the results"
