"""Two-factor sign-in in Chromium: set it up from Settings with the secret shown as text,
keep the recovery codes, sign in with the app's code; axe-core on every new page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import otp
from tests.e2e.conftest import assert_accessible
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _password(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_turning_on_two_factor_and_signing_in_with_the_apps_code(page: Page, live_server) -> None:
    base_url = live_server.url
    user = UserFactory.create(email="two@example.com", time_zone="Pacific/Auckland")
    _password(page, base_url, user.email)

    page.goto(base_url + "/settings/")
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    assert_accessible(page, "two-factor-off")
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    expect(page.get_by_test_id("qr-code").locator("svg")).to_be_visible()
    assert_accessible(page, "two-factor-setup")

    page.get_by_label("The six digits your app shows").fill(
        otp.totp_code_at(secret=secret, now=timezone.now())
    )
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    assert_accessible(page, "recovery-codes")
    recovery = page.get_by_test_id("recovery-codes").locator("li").first.inner_text().strip()

    page.context.clear_cookies()
    _password(page, base_url, user.email)
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    assert_accessible(page, "sign-in-code")
    page.get_by_label("Code").fill(recovery)
    page.get_by_role("button", name="Sign in").click()
    page.goto(base_url + "/accounts/two-factor/")
    expect(page.get_by_test_id("codes-left")).to_have_text("9")
    assert_accessible(page, "two-factor-on")
