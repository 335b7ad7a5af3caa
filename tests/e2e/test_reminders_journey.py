from __future__ import annotations

import re
from datetime import time

import pytest
from django.core import mail
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import ReminderKind, ReminderSchedule
from tests.e2e.conftest import assert_accessible, check_both_schemes, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_set_a_reminder_time_send_a_test_open_its_link_and_unsubscribe_signed_out(
    live_server, context: BrowserContext, page: Page, user, settings
):
    settings.SITE_URL = live_server.url
    sign_in(context, user, live_server.url)

    page.goto(live_server.url + "/settings/")
    reminders = page.get_by_role("region", name="Reminders")
    # The time and the switch are saved with the rest of the Reminders section, and only there.
    expect(
        page.get_by_role("region", name="You and your days").get_by_label("Daily reminder at")
    ).to_have_count(0)
    reminders.get_by_label("Daily reminder at").fill("7.15")
    reminders.get_by_role("button", name="Save reminders").click()
    # Refused beside the field, with what was typed kept and the field focused, in view.
    expect(reminders.get_by_label("Daily reminder at")).to_have_value("7.15")
    expect(reminders.get_by_label("Daily reminder at")).to_be_focused()
    expect(reminders).to_contain_text("Enter a valid time.")
    expect(reminders.get_by_label("Daily reminder at")).to_be_in_viewport()
    reminders.get_by_label("Daily reminder at").fill("07:15")
    reminders.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_role("status")).to_contain_text("Reminders saved.")
    expect(reminders.get_by_label("Daily reminder at")).to_have_value("07:15")
    user.refresh_from_db()
    assert user.reminder_time == time(7, 15)
    daily = ReminderSchedule.objects.get(user=user, kind=ReminderKind.DAILY)
    assert daily.next_fire_at is not None
    assert daily.next_fire_at.astimezone(user.tz).time() == time(7, 15)

    expect(reminders.get_by_label("Daily gratitude reminder, at my reminder time")).to_be_checked()
    reminders.get_by_label("A last-chance note while my streak is still open").check()
    reminders.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_role("status")).to_contain_text("Reminders saved.")
    assert ReminderSchedule.objects.get(user=user, kind=ReminderKind.LAST_CHANCE).next_fire_at
    check_both_schemes(page, "settings-reminders")

    page.get_by_role("button", name="Send me a test reminder").click()
    expect(page.get_by_role("status")).to_contain_text("A test reminder is on its way to me@example.com.")
    (message,) = mail.outbox
    assert message.to == ["me@example.com"]
    body = str(message.body)
    today_link = re.search(r"Open Compersion: (\S+)", body)
    unsubscribe_link = re.search(r"Stop these reminders with one click: (\S+)", body)
    assert today_link and unsubscribe_link, body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_link.group(1)}>"

    page.goto(today_link.group(1))
    expect(page).to_have_url(live_server.url + "/")
    # Signed in, on Today (the Settings link is in the Menu, folded on a phone).
    expect(page.get_by_role("link", name="Settings", include_hidden=True)).to_be_attached()

    context.clear_cookies()
    page.goto(unsubscribe_link.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop reminders?")
    assert_accessible(page, "reminders-unsubscribe")
    page.get_by_role("button", name="Stop my reminders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminders stopped")
    assert_accessible(page, "reminders-unsubscribed")
    user.refresh_from_db()
    assert not user.reminders_enabled
    assert not ReminderSchedule.objects.filter(user=user, next_fire_at__isnull=False).exists()
