"""The accounts foundation in Chromium: signup in the browser's zone, Today, settings,
signing out and in, and a password reset by email, with axe-core on every page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from accounts.models import User
from compersion.lib import clock
from tests.e2e.conftest import COLOUR_RULES, assert_accessible, open_menu, screenshot
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ZONE = "Pacific/Auckland"  # the zone of the `context` fixture's browser
PASSWORD = "lanterns over the quiet harbour"
NEW_PASSWORD = "tide pools at first light"
RESET_LINK = re.compile(r"https?://\S+/accounts/password/reset/\S+/")
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/signup/confirm/\S+/")


def long_date(day: date, *, this_year: int | None = None) -> str:
    """The date as Today's heading writes it: "Tuesday 10 March", with the year only when it is
    not this (local) year's: "Tuesday 10 March 2026"."""
    shown = f"{day:%A} {day.day} {day:%B}"
    return shown if day.year == (this_year or day.year) else f"{shown} {day.year}"


def local_today(zone: str, day_start_hour: int = 3) -> date:
    return clock.local_day(timezone.now(), tz=clock.zone(zone), day_start_hour=day_start_hour)


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # On a phone the nav and Sign out fold into the Menu: there, but not shown until it opens.
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_be_attached()


def sign_up(page: Page, *, email: str, name: str = "Sam") -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("What should we call you?").fill(name)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my journal").click()


def confirm_and_sign_in(page: Page, base_url: str, *, email: str) -> None:
    """Sign-up answers "check your email" (issue #12): follow the emailed link, then sign in."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    message = mail.outbox[-1]
    assert message.to == [email]
    link = CONFIRM_LINK.search(str(message.body))
    assert link, message.body
    page.goto(link[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_new_person_signs_up_in_their_zone_and_resets_a_forgotten_password(
    live_server, settings, page: Page
):
    settings.SITE_URL = live_server.url
    base = live_server.url

    page.goto(base + "/")
    assert_accessible(page, "journey-01-landing")
    page.get_by_role("link", name="Start your practice").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Create your journal")
    # app.js reads the zone from Intl and pre-selects it.
    expect(page.get_by_label("Your time zone")).to_have_value(ZONE)
    assert_accessible(page, "journey-02-signup")

    sign_up(page, email="Sam@Example.com")
    assert_accessible(page, "journey-02b-signup-sent")
    confirm_and_sign_in(page, base, email="sam@example.com")
    mail.outbox.clear()

    expect(page.get_by_role("heading", level=1)).to_have_text(long_date(local_today(ZONE)))
    expect(page.get_by_test_id("zone-line")).to_contain_text(ZONE)
    assert_accessible(page, "journey-03-today")
    person = User.objects.get()
    assert person.email == "sam@example.com"
    assert person.time_zone == ZONE

    open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    expect(page.get_by_test_id("settings-zone")).to_contain_text(ZONE)
    expect(page.get_by_label("Time zone")).to_have_value(ZONE)
    assert_accessible(page, "journey-04-settings")

    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Be glad for the people you love")

    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")
    assert_accessible(page, "journey-05-sign-in")
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(long_date(local_today(ZONE)))

    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    page.goto(base + "/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page, "journey-06-reset-request")
    page.get_by_label("Email").fill("SAM@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page, "journey-07-reset-sent")

    # The live server runs in this process and Celery runs eagerly once the request commits.
    [message] = mail.outbox
    assert message.to == ["sam@example.com"]
    match = RESET_LINK.search(str(message.body))
    assert match, message.body
    assert match[0].startswith(live_server.url + "/accounts/password/reset/")

    page.goto(match[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page, "journey-08-reset-choose")
    page.get_by_label(re.compile(r"^New password:?$")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new password is set")
    assert_accessible(page, "journey-09-reset-complete")

    page.get_by_role("link", name="Sign in", exact=True).last.click()
    sign_in(page, base, "sam@example.com", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(long_date(local_today(ZONE)))

    # The old link is spent.
    page.goto(match[0])
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This link has already been used or has expired"
    )
    assert_accessible(page, "journey-10-reset-link-used")


def test_signup_works_without_javascript_and_the_zone_is_chosen_by_hand(
    live_server, settings, browser: Browser
):
    settings.SITE_URL = live_server.url
    # axe-core is itself JavaScript and cannot run here; the server sends these pages the
    # same HTML it sends a scripting browser, which the journey above checks with axe.
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, timezone_id=ZONE
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/accounts/signup/")
        zone_select = page.get_by_label("Your time zone")
        # Nothing can read the browser's zone, so the form starts at UTC.
        expect(zone_select).to_have_value("UTC")
        screenshot(page, "no-js-signup")

        zone_select.select_option("Europe/Lisbon")
        sign_up(page, email="lisbon@example.com", name="")
        confirm_and_sign_in(page, live_server.url, email="lisbon@example.com")

        expect(page.get_by_role("heading", level=1)).to_have_text(long_date(local_today("Europe/Lisbon")))
        expect(page.get_by_test_id("zone-line")).to_contain_text("Europe/Lisbon")
        screenshot(page, "no-js-today")
        assert User.objects.get().time_zone == "Europe/Lisbon"
    finally:
        context.close()


def test_a_rejected_signup_in_the_browser_keeps_what_was_typed(live_server, page: Page):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Your time zone").select_option("Asia/Kolkata")
    page.get_by_label("Email").fill("Sam@example.com")
    page.get_by_label("What should we call you?").fill("Sam")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password again").fill("not the same at all")
    page.get_by_role("button", name="Create my journal").click()

    expect(page.get_by_label("Password again")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("The two passwords don't match.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("Sam@example.com")
    expect(page.get_by_label("What should we call you?")).to_have_value("Sam")
    # The zone the person chose survives; the browser's own zone does not overwrite it.
    expect(page.get_by_label("Your time zone")).to_have_value("Asia/Kolkata")
    assert_accessible(page, "signup-rejected")


def test_dark_mode_pages_pass_axe_contrast_checks(live_server, browser: Browser):
    UserFactory.create(email="night@example.com", time_zone=ZONE)
    context = browser.new_context(
        color_scheme="dark", viewport={"width": 390, "height": 844}, timezone_id=ZONE
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        assert_accessible(page, "dark-landing", rules=COLOUR_RULES)
        page.goto(live_server.url + "/accounts/signup/")
        page.get_by_role("button", name="Create my journal").click()
        expect(page.get_by_text("This field is required.").first).to_be_visible()
        assert_accessible(page, "dark-signup-errors", rules=COLOUR_RULES)
        sign_in(page, live_server.url, "night@example.com", TEST_PASSWORD)
        assert_accessible(page, "dark-today", rules=COLOUR_RULES)
        page.goto(live_server.url + "/settings/")
        assert_accessible(page, "dark-settings", rules=COLOUR_RULES)
    finally:
        context.close()


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width}px wide at a 320px viewport"


def test_nothing_scrolls_sideways_at_320_pixels(live_server, browser: Browser):
    UserFactory.create(email="narrow@example.com", time_zone="America/Argentina/Buenos_Aires")
    context = browser.new_context(viewport={"width": 320, "height": 640}, timezone_id=ZONE)
    try:
        page = context.new_page()
        for path in ["/", "/accounts/signup/", "/accounts/login/"]:
            page.goto(live_server.url + path)
            no_horizontal_scroll(page)
            screenshot(page, f"320-{path.strip('/').replace('/', '-') or 'landing'}")
        sign_in(page, live_server.url, "narrow@example.com", TEST_PASSWORD)
        for path in ["/", "/settings/"]:
            page.goto(live_server.url + path)
            no_horizontal_scroll(page)
            screenshot(page, f"320-signed-in-{path.strip('/') or 'today'}")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_account_pages_at_desktop_width_pass_axe(live_server, browser: Browser, scheme: str):
    UserFactory.create(email="wide@example.com", display_name="Robin", time_zone=ZONE)
    rules = COLOUR_RULES if scheme == "dark" else None  # dark mode changes only colours
    context: BrowserContext = browser.new_context(
        color_scheme=scheme,  # type: ignore[arg-type]
        viewport={"width": 1280, "height": 900},
        timezone_id=ZONE,
    )
    try:
        page = context.new_page()
        for path in ["/", "/accounts/signup/", "/accounts/password/reset/", "/no-such-page/"]:
            page.goto(live_server.url + path)
            name = f"1280-{scheme}-{path.strip('/').replace('/', '-') or 'landing'}"
            assert_accessible(page, name, rules=rules)
        sign_in(page, live_server.url, "wide@example.com", TEST_PASSWORD)
        for path in ["/", "/settings/", "/accounts/password/change/"]:
            page.goto(live_server.url + path)
            name = f"1280-{scheme}-signed-in-{path.strip('/').replace('/', '-') or 'today'}"
            assert_accessible(page, name, rules=rules)
    finally:
        context.close()


def test_the_sign_in_pause_page_is_calm_and_accessible(live_server, page: Page):
    UserFactory.create(email="paused@example.com")
    page.goto(live_server.url + "/accounts/login/")
    for _ in range(5):
        page.get_by_label("Email").fill("paused@example.com")
        page.get_by_label(re.compile(r"^Password:?$")).fill("a wrong guess")
        page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused for a little while")
    expect(page.get_by_role("alert")).to_contain_text("try again in 15 minutes")
    assert_accessible(page, "sign-in-paused")
