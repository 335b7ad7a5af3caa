"""Accounts pages through Django's test client: signup, settings, passwords, health, 404."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.support import GOOD_PASSWORD, signup_data
from tests.factories import TEST_PASSWORD, UserFactory

RESET_LINK = re.compile(r"(?P<link>https?://\S+/accounts/password/reset/[^/\s]+/[^/\s]+/)")


def template_names(response) -> list[str]:
    return [t.name for t in response.templates if t.name]


def without_per_request_tokens(html: str) -> str:
    """The page with its CSP nonces and masked CSRF tokens blanked: they differ on every response."""
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"', html)


def settings_data(**overrides: str) -> dict[str, str]:
    """The "You and your days" form as the page sends it."""
    data = {"display_name": "Robin", "time_zone": "Europe/Berlin", "day_start_hour": "3"}
    return {**data, **overrides}


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


# --- Health and errors -----------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_ok_in_plain_text_when_the_database_answers(
    client: Client, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_an_unknown_address_gets_our_friendly_404_page(client: Client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert "We couldn't find that page" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/settings/", "/accounts/password/change/", "/accounts/password/change/done/"]
)
def test_signed_out_visitors_to_private_pages_are_sent_to_sign_in(client: Client, url: str):
    response = client.get(url)

    if url == "/":
        # Home is the public landing page until someone signs in.
        assert response.status_code == 200
        assert "landing.html" in template_names(response)
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.django_db
def test_the_landing_page_renders_without_touching_the_database(client: Client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/")

    assert response.status_code == 200
    assert "Start your practice" in response.content.decode()


# --- Signup ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/no-such-page/"]
)
def test_signed_out_pages_render_without_touching_the_database(
    client: Client, url: str, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(url)

    assert response.status_code in {200, 404}


@pytest.mark.django_db
def test_signup_page_offers_every_zone_with_utc_selected_for_the_browser_to_change(client: Client):
    response = client.get(reverse("accounts:signup"))

    body = response.content.decode()
    assert response.status_code == 200
    assert '<option value="UTC" selected>UTC</option>' in body
    # Grouped by region (tests/accounts/test_zone_list.py), each place named within its group.
    assert '<option value="Pacific/Auckland">Auckland</option>' in body
    assert '<option value="America/Argentina/Buenos_Aires">Argentina/Buenos Aires</option>' in body
    assert "data-detect-zone" in body


@pytest.mark.django_db
def test_signup_creates_the_account_waiting_for_its_address_and_keeps_the_zone(
    client: Client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # Since issue #12 sign-up no longer signs in: it answers "check your email" whether or
    # not the address is taken (tests/accounts/test_account_existence.py follows the link).
    # Creating an account also sets up its reminder schedule and counts the mail sent.
    with django_assert_max_num_queries(25), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), signup_data(email="New.Person@Example.com"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    created = User.objects.get()
    assert created.email == "new.person@example.com"
    assert created.time_zone == "Pacific/Auckland"
    assert created.display_name == "Sam"
    assert created.check_password(GOOD_PASSWORD)
    assert not created.is_active
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mail.outbox] == [["new.person@example.com"]]

    sent = client.get(response["Location"])
    assert "Check your email" in sent.content.decode()


@pytest.mark.django_db
def test_a_signed_in_person_visiting_signup_goes_home(client: Client, user: User):
    client.force_login(user)

    response = client.get(reverse("accounts:signup"))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password1": "password", "password2": "password"}, "password1", "This password is too common."),
        ({"password2": "something else entirely"}, "password2", "The two passwords don&#x27;t match."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "“Mars/Olympus” is not a time zone we know."),
    ],
)
def test_a_rejected_signup_explains_itself_and_keeps_what_was_typed(
    client: Client, user: User, overrides: dict[str, str], field: str, message: str
):
    data = signup_data(**{"display_name": "Sam <the night owl>", "time_zone": "Asia/Kolkata", **overrides})

    response = client.post(reverse("accounts:signup"), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    # The message is tied to its field for screen readers.
    assert f'id="id_{field}_error"' in body
    assert re.search(rf'<[^>]+name="{field}"[^>]*aria-invalid="true"', body)
    assert f'value="{data["email"]}"' in body
    assert 'value="Sam &lt;the night owl&gt;"' in body
    if field != "time_zone":
        assert '<option value="Asia/Kolkata" selected>' in body
    # Passwords are never echoed back into the page.
    assert GOOD_PASSWORD not in body
    assert User.objects.count() == 1


# --- Today -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day_start_hour", "shown"),
    # This year, so without the year (accounts/templatetags/dates.py).
    [
        (0, '<time datetime="2026-03-11">Wednesday 11 March</time>'),
        (3, '<time datetime="2026-03-10">Tuesday 10 March</time>'),
    ],
)
def test_today_shows_the_local_day_in_the_users_zone_after_the_day_start(
    client: Client, day_start_hour: int, shown: str, django_assert_max_num_queries
):
    # 11:30 UTC on the 10th is 00:30 on the 11th in Auckland (UTC+13 in March).
    person = UserFactory.create(time_zone="Pacific/Auckland", day_start_hour=day_start_hour)
    client.force_login(person)

    with (
        time_machine.travel(datetime(2026, 3, 10, 11, 30, tzinfo=UTC), tick=False),
        django_assert_max_num_queries(10),
    ):
        response = client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert shown in body
    assert "Pacific/Auckland" in body
    assert "UTC+13:00" in body
    assert '<time datetime="2026-03-11T00:30:00+13:00">00:30</time>' in body


# --- Settings ----------------------------------------------------------------


@pytest.mark.django_db
def test_settings_show_the_saved_zone_and_preferences(
    client: Client, user: User, django_assert_max_num_queries
):
    client.force_login(user)

    # Session, user, the reminder schedule shown beside the preferences, and the push devices.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("settings"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Your days follow <strong>Europe/Berlin</strong>" in body
    assert '<option value="Europe/Berlin" selected>' in body
    assert '<option value="3" selected>03:00</option>' in body
    assert 'value="20:00"' in body
    assert re.search(r'<input type="checkbox" name="reminders_enabled"[^>]*checked', body)


@pytest.mark.django_db
def test_settings_save_zone_day_start_and_reminder(client: Client, user: User, django_assert_max_num_queries):
    client.force_login(user)
    days = settings_data(display_name="  Robin R. ", time_zone="America/Sao_Paulo", day_start_hour="0")
    reminders = reminders_data(reminder_time="07:45")
    del reminders["reminders_enabled"]

    # Each save also re-plans the reminder schedule for the new zone and time.
    with django_assert_max_num_queries(15):
        response = client.post(reverse("settings"), days)
    assert response.status_code == 302
    assert response["Location"] == reverse("settings")
    assert "Your days are saved." in client.get(reverse("settings")).content.decode()
    # The time and switch are saved with each kind's choice, all four kinds in one statement.
    with django_assert_max_num_queries(15):
        response = client.post(reverse("accounts:reminder_preferences"), reminders)

    assert response.status_code == 302
    assert response["Location"] == reverse("settings")
    user.refresh_from_db()
    assert user.display_name == "Robin R."
    assert user.time_zone == "America/Sao_Paulo"
    assert user.day_start_hour == 0
    assert user.reminder_time == time(7, 45)
    assert user.reminders_enabled is False
    followed = client.get(reverse("settings"))
    assert "Reminders saved." in followed.content.decode()
    assert "Your days follow <strong>America/Sao_Paulo</strong>" in followed.content.decode()


@pytest.mark.django_db
def test_settings_turn_the_reminder_back_on(client: Client, user: User):
    User.objects.filter(pk=user.pk).update(reminders_enabled=False)
    client.force_login(user)

    client.post(reverse("accounts:reminder_preferences"), reminders_data())

    user.refresh_from_db()
    assert user.reminders_enabled is True


@pytest.mark.django_db
def test_settings_refuse_an_unknown_zone_and_keep_what_was_saved(client: Client, user: User):
    client.force_login(user)

    response = client.post(
        reverse("settings"), settings_data(time_zone="Mars/Olympus", display_name="Robin the Brave")
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "“Mars/Olympus” is not a time zone we know." in body
    assert 'value="Robin the Brave"' in body
    # The summary above the form still describes what is actually saved.
    assert "Your days follow <strong>Europe/Berlin</strong>" in body
    user.refresh_from_db()
    assert user.time_zone == "Europe/Berlin"
    assert user.display_name == "Robin"


@pytest.mark.django_db
@pytest.mark.parametrize("hour", ["7", "-1"])
def test_settings_refuse_a_day_start_after_six(client: Client, user: User, hour: str):
    client.force_login(user)

    response = client.post(reverse("settings"), settings_data(day_start_hour=hour))

    assert response.status_code == 400
    assert f"Select a valid choice. {hour} is not one of the available choices." in response.content.decode()
    user.refresh_from_db()
    assert user.day_start_hour == 3


# --- Passwords ---------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client: Client, user: User, django_capture_on_commit_callbacks
):
    url = reverse("accounts:password_reset")

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "Me@Example.com"}, follow=True)
    known_mail = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(url, {"email": "nobody@example.com"}, follow=True)

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert without_per_request_tokens(known.content.decode()) == without_per_request_tokens(
        unknown.content.decode()
    )
    assert known_mail == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["me@example.com"]


@pytest.mark.django_db
def test_the_reset_email_links_to_the_public_site_and_the_link_sets_a_new_password(
    client: Client, user: User, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        # The request names another host; the link must still point at SITE_URL.
        client.post(reverse("accounts:password_reset"), {"email": user.email}, HTTP_HOST="localhost")

    [message] = mail.outbox
    assert message.subject == "Your Compersion password reset link"
    match = RESET_LINK.search(str(message.body))
    assert match, message.body
    link = match["link"]
    assert link.startswith(settings.SITE_URL + "/accounts/password/reset/")
    html, mimetype = message.alternatives[0]  # type: ignore[union-attr]
    assert mimetype == "text/html"
    assert f'href="{link}"' in str(html)

    opened = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert "Choose a new password" in opened.content.decode()
    form_url = opened.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)

    again = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert "This link has already been used or has expired" in again.content.decode()


@pytest.mark.django_db
def test_password_change_needs_the_old_password_and_keeps_you_signed_in(client: Client, user: User):
    client.force_login(user)
    url = reverse("accounts:password_change")

    wrong = client.post(
        url, {"old_password": "not it", "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert wrong.status_code == 200
    assert "Your old password was entered incorrectly." in wrong.content.decode()

    right = client.post(
        url, {"old_password": TEST_PASSWORD, "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert right.status_code == 302
    assert right["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    assert client.get(reverse("settings")).status_code == 200


@pytest.mark.django_db
def test_sign_in_takes_the_email_in_any_capitalisation_and_sign_out_ends_the_session(
    client: Client, user: User
):
    response = client.post(
        reverse("accounts:login"), {"username": "ME@example.COM", "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)

    signed_out = client.post(reverse("accounts:logout"))
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in client.session
