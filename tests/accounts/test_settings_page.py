"""The settings page: one clear save in each section, and times in the 24-hour form."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import ReminderKind, ReminderSchedule, User
from accounts.services import reminder_schedules_sync


def sections(body: str) -> dict[str, str]:
    """Each <section> of the page by its <h2> heading."""
    found = re.findall(r"<section.*?</section>", body, flags=re.S)
    return {re.search(r"<h2[^>]*>(.*?)</h2>", section).group(1): section for section in found}  # type: ignore[union-attr]


def reminders_data(**overrides: str) -> dict[str, str]:
    """The Reminders form as the page sends it for a new account (daily reminder on)."""
    data = {
        "reminders_enabled": "on",
        "reminder_time": "20:00",
        "daily": "on",
        "last_chance_hours": "2",
        "kindness_weekday": "2",
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_each_section_of_settings_has_one_save(client: Client, user: User) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get(reverse("settings")).content.decode()

    saves = {
        heading: re.findall(r'<button type="submit" class="button">(Save[^<]*)</button>', section)
        for heading, section in sections(body).items()
    }
    assert saves["You and your days"] == ["Save your days"]
    assert saves["Reminders"] == ["Save reminders"]
    assert saves["Signing in"] == ["Save sign-out time"]
    # Every form with fields on the page sits in a section with a heading.
    outside = re.sub(r"<section.*?</section>", "", body, flags=re.S)
    main = outside[outside.index("<main") : outside.index("</main>")]
    assert "<form" not in main


@pytest.mark.django_db
def test_each_save_is_in_the_one_form_that_holds_its_section_s_settings(client: Client, user: User) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = sections(client.get(reverse("settings")).content.decode())

    def form_holding(section: str, button: str) -> str:
        (form,) = [f for f in re.findall(r"<form.*?</form>", page[section], flags=re.S) if button in f]
        return form

    days = form_holding("You and your days", "Save your days")
    reminders = form_holding("Reminders", "Save reminders")
    assert f'action="{reverse("settings")}"' in days
    assert f'action="{reverse("accounts:reminder_preferences")}"' in reminders
    names = {
        name: re.findall(r'<(?:input|select)[^>]*name="([^"]+)"', form)
        for name, form in (("days", days), ("reminders", reminders))
    }
    assert [n for n in names["days"] if n != "csrfmiddlewaretoken"] == [
        "display_name",
        "time_zone",
        "day_start_hour",
    ]
    assert [n for n in names["reminders"] if n != "csrfmiddlewaretoken"][:3] == [
        "reminders_enabled",
        "reminder_time",
        "daily",
    ]
    # Nothing points the person to another section to finish saving this one.
    assert "You and your days" not in page["Reminders"]


@pytest.mark.django_db
def test_settings_show_times_in_the_24_hour_form_the_help_text_uses(client: Client, user: User) -> None:
    user.day_start_hour = 4
    user.save(update_fields=["day_start_hour"])
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get(reverse("settings")).content.decode()

    reminder = re.search(r'<input[^>]*name="reminder_time"[^>]*>', body)
    assert reminder is not None
    # Not type="time", which a browser shows in its locale's own form, such as 8:00 PM.
    assert 'type="text"' in reminder.group(0)
    assert 'value="20:00"' in reminder.group(0)
    assert "for example 20:30" in body
    assert '<option value="4" selected>04:00</option>' in body
    assert '<option value="0">00:00 (midnight)</option>' in body
    assert not re.search(r"\b[ap]\.m\.|\b[AP]M\b", body)


@pytest.mark.django_db
def test_a_reminder_time_typed_in_24_hour_form_is_saved(client: Client, user: User) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(reverse("accounts:reminder_preferences"), reminders_data(reminder_time="21:45"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.reminder_time.strftime("%H:%M") == "21:45"


@pytest.mark.django_db
def test_saving_your_days_leaves_the_reminder_time_and_switch_as_they_were(
    client: Client, user: User
) -> None:
    User.objects.filter(pk=user.pk).update(reminder_time=time(6, 30), reminders_enabled=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(
        reverse("settings"), {"display_name": "Sam", "time_zone": "Asia/Kolkata", "day_start_hour": "2"}
    )

    assert response.status_code == 302
    assert "Your days are saved." in client.get(response["Location"]).content.decode()
    user.refresh_from_db()
    assert (user.display_name, user.time_zone, user.day_start_hour) == ("Sam", "Asia/Kolkata", 2)
    assert (user.reminder_time, user.reminders_enabled) == (time(6, 30), False)


@pytest.mark.django_db
def test_saving_reminders_leaves_the_name_zone_and_day_start_as_they_were(client: Client, user: User) -> None:
    User.objects.filter(pk=user.pk).update(day_start_hour=5)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(
        reverse("accounts:reminder_preferences"), reminders_data(reminder_time="06:10", last_chance="on")
    )

    assert response.status_code == 302
    assert "Reminders saved." in client.get(response["Location"]).content.decode()
    user.refresh_from_db()
    assert (user.display_name, user.time_zone, user.day_start_hour) == ("Robin", "Europe/Berlin", 5)
    assert (user.reminder_time, user.reminders_enabled) == (time(6, 10), True)
    assert ReminderSchedule.objects.get(user=user, kind=ReminderKind.LAST_CHANCE).enabled


@pytest.mark.django_db
def test_a_bad_reminder_time_is_explained_in_the_reminders_section_with_what_was_typed(
    client: Client, user: User
) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(
        reverse("accounts:reminder_preferences"),
        reminders_data(reminder_time="8.30 pm", last_chance="on", reminders_enabled=""),
    )

    assert response.status_code == 400
    page = sections(response.content.decode())
    reminders, days = page["Reminders"], page["You and your days"]
    time_input = re.search(r'<input[^>]*name="reminder_time"[^>]*>', reminders)
    assert time_input is not None
    assert 'value="8.30 pm"' in time_input.group(0)
    assert 'aria-invalid="true"' in time_input.group(0)
    # Opened on the wrong field, so its message is in view below the first section (no JS).
    assert "autofocus" in time_input.group(0)
    assert "Enter a valid time." in reminders
    # The rest of what was typed is kept too, and the other section shows what is saved.
    assert re.search(r'name="last_chance"[^>]*checked', reminders)
    assert not re.search(r'name="reminders_enabled"[^>]*checked', reminders)
    assert "Enter a valid time." not in days
    assert 'value="Robin"' in days
    assert '<option value="Europe/Berlin" selected>' in days
    user.refresh_from_db()
    assert (user.reminder_time, user.reminders_enabled) == (time(20, 0), True)
    assert not ReminderSchedule.objects.filter(
        user=user, kind=ReminderKind.LAST_CHANCE, enabled=True
    ).exists()


@pytest.mark.django_db
def test_a_new_reminder_time_moves_the_next_daily_reminder(client: Client, user: User) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    # 14:00 in Berlin (summer time, UTC+2) on 10 June.
    with time_machine.travel(datetime(2026, 6, 10, 12, 0, tzinfo=UTC), tick=False):
        reminder_schedules_sync(user=user)
        daily = ReminderSchedule.objects.get(user=user, kind=ReminderKind.DAILY)
        assert daily.next_fire_at == datetime(2026, 6, 10, 18, 0, tzinfo=UTC)

        client.post(reverse("accounts:reminder_preferences"), reminders_data(reminder_time="07:15"))

    daily.refresh_from_db()
    # 07:15 has passed today in Berlin: the next one is tomorrow morning.
    assert daily.next_fire_at == datetime(2026, 6, 11, 5, 15, tzinfo=UTC)
    assert daily.next_local_date == date(2026, 6, 11)


@pytest.mark.django_db
def test_a_new_zone_saved_with_your_days_moves_the_next_daily_reminder(client: Client, user: User) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    with time_machine.travel(datetime(2026, 6, 10, 12, 0, tzinfo=UTC), tick=False):
        reminder_schedules_sync(user=user)

        client.post(
            reverse("settings"), {"display_name": "Robin", "time_zone": "Asia/Kolkata", "day_start_hour": "3"}
        )

    daily = ReminderSchedule.objects.get(user=user, kind=ReminderKind.DAILY)
    # 20:00 in Kolkata (UTC+5:30) on the same day, no longer 20:00 in Berlin.
    assert daily.next_fire_at == datetime(2026, 6, 10, 14, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_the_old_address_of_the_reminders_page_opens_its_section_of_settings(
    client: Client, user: User
) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(reverse("accounts:reminder_preferences"))

    assert response.status_code == 302
    assert response["Location"] == reverse("settings") + "#reminders"
