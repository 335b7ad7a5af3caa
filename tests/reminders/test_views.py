from __future__ import annotations

import re
from datetime import UTC, datetime, time

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accounts.models import ReminderKind, ReminderSchedule
from accounts.services import reminder_schedules_sync, user_preferences_update
from reminders.selectors import unsubscribe_token_for

NOON_UTC = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def signed_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


def schedule_of(user, kind: str) -> ReminderSchedule:
    return ReminderSchedule.objects.get(user=user, kind=kind)


@pytest.mark.django_db
def test_the_settings_page_shows_reminder_choices_and_the_test_button(
    signed_in, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = signed_in.get("/settings/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'action="/accounts/reminders/"' in page
    assert "Send me a test reminder" in page
    assert re.search(r'name="daily"[^>]*checked', page)


@pytest.mark.django_db
def test_saving_reminder_choices_recomputes_the_schedule(signed_in, user):
    with time_machine.travel(NOON_UTC, tick=False):
        response = signed_in.post(
            "/accounts/reminders/",
            {
                "reminders_enabled": "on",
                "reminder_time": "20:00",
                "last_chance": "on",
                "last_chance_hours": "3",
                "kindness_weekday": "2",
                "needs_weekday": "6",
            },
        )

    assert response.status_code == 302
    assert schedule_of(user, ReminderKind.DAILY).next_fire_at is None
    last_chance = schedule_of(user, ReminderKind.LAST_CHANCE)
    # The Berlin day of 10 June ends at 03:00 on the 11th (01:00 UTC); three hours before:
    assert last_chance.next_fire_at == datetime(2026, 6, 10, 22, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_bad_reminder_choice_is_explained_and_nothing_changes(signed_in, user):
    reminder_schedules_sync(user=user)

    response = signed_in.post(
        "/accounts/reminders/",
        {"reminders_enabled": "on", "reminder_time": "20:00", "daily": "on", "last_chance_hours": "99"},
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert schedule_of(user, ReminderKind.LAST_CHANCE).hours_before_end == 2


@pytest.mark.django_db
def test_send_me_a_test_reminder_sends_one_now(signed_in, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post("/reminders/test/")

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert message.subject.startswith("Test: ")


@pytest.mark.django_db
def test_changing_zone_or_time_in_settings_moves_the_next_reminder(user):
    reminder_schedules_sync(user=user, now=NOON_UTC)
    with time_machine.travel(NOON_UTC, tick=False):
        user_preferences_update(
            user=user,
            display_name="Robin",
            time_zone="Asia/Kolkata",
            day_start_hour=3,
            reminder_time=time(21, 0),
            reminders_enabled=True,
        )

    assert schedule_of(user, ReminderKind.DAILY).next_fire_at == datetime(2026, 6, 10, 15, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_confirming_a_sign_up_creates_the_daily_reminder(client, django_capture_on_commit_callbacks):
    # Since issue #12 a new account opens when its address is confirmed; reminders wait for it.
    with time_machine.travel(NOON_UTC, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/accounts/signup/",
                {
                    "email": "new@example.com",
                    "time_zone": "Europe/London",
                    "password1": "a long and calm passphrase",
                    "password2": "a long and calm passphrase",
                },
            )
        assert not ReminderSchedule.objects.filter(user__email="new@example.com").exists()
        [message] = mail.outbox
        link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", str(message.body))
        assert link, message.body
        client.get(link[1])

    daily = ReminderSchedule.objects.get(user__email="new@example.com", kind=ReminderKind.DAILY)
    assert daily.next_fire_at == datetime(2026, 6, 10, 19, 0, tzinfo=UTC)  # 20:00 in London


@pytest.mark.django_db
def test_the_unsubscribe_link_works_signed_out(client, user):
    reminder_schedules_sync(user=user)
    url = f"/reminders/unsubscribe/{unsubscribe_token_for(user=user)}/"

    page = client.get(url)
    assert page.status_code == 200
    user.refresh_from_db()
    assert user.reminders_enabled  # looking is not unsubscribing (link scanners look too)

    done = client.post(url)
    assert done.status_code == 200
    assert "Reminders stopped" in done.content.decode()
    user.refresh_from_db()
    assert not user.reminders_enabled
    assert not ReminderSchedule.objects.filter(user=user, next_fire_at__isnull=False).exists()


@pytest.mark.django_db
def test_a_mail_client_one_click_post_unsubscribes_without_a_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    url = f"/reminders/unsubscribe/{unsubscribe_token_for(user=user)}/"

    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert not user.reminders_enabled


@pytest.mark.django_db
def test_a_forged_or_other_users_unsubscribe_link_is_not_found(client, user, other_user):
    token = unsubscribe_token_for(user=other_user)
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")

    assert client.post(f"/reminders/unsubscribe/{forged}/").status_code == 404
    assert client.get("/reminders/unsubscribe/not-a-token/").status_code == 404
    other_user.refresh_from_db()
    assert other_user.reminders_enabled


@pytest.mark.django_db
def test_reminder_pages_need_sign_in(client):
    assert client.post("/reminders/test/").status_code == 302
    assert client.post("/accounts/reminders/", {"daily": "on"}).status_code == 302
