"""The settings page: one clear save in each section, and times in the 24-hour form."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User


@pytest.mark.django_db
def test_each_section_of_settings_has_one_save(client: Client, user: User) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get(reverse("settings")).content.decode()

    sections = re.findall(r"<section.*?</section>", body, flags=re.S)
    headings = [re.search(r"<h2[^>]*>(.*?)</h2>", section).group(1) for section in sections]  # type: ignore[union-attr]
    saves = {
        heading: re.findall(r'<button type="submit" class="button">(Save[^<]*)</button>', section)
        for heading, section in zip(headings, sections, strict=True)
    }
    assert saves["You and your days"] == ["Save settings"]
    assert saves["Reminders"] == ["Save reminder choices"]
    assert saves["Signing in"] == ["Save sign-out time"]
    # Every form with fields on the page sits in a section with a heading.
    outside = re.sub(r"<section.*?</section>", "", body, flags=re.S)
    main = outside[outside.index("<main") : outside.index("</main>")]
    assert "<form" not in main


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
    data = {
        "display_name": "Robin",
        "time_zone": "Europe/Berlin",
        "day_start_hour": "0",
        "reminder_time": "21:45",
    }

    response = client.post(reverse("settings"), data)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.reminder_time.strftime("%H:%M") == "21:45"
