"""Signup and settings forms: clear messages for bad input, nothing the person typed is lost."""

from __future__ import annotations

import pytest

from accounts.forms import ReminderPreferencesForm, SettingsForm, SignupForm
from accounts.models import User
from tests.accounts.support import GOOD_PASSWORD, signup_data


@pytest.mark.django_db
def test_signup_accepts_a_complete_form_and_folds_the_email():
    form = SignupForm(signup_data(email="  New.Person@Example.COM "))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "new.person@example.com"
    assert form.cleaned_data["time_zone"] == "Pacific/Auckland"


@pytest.mark.django_db
def test_signup_does_not_say_whether_an_email_is_taken(user: User):
    # Issue #12 (6): the owner of a taken address is told by email, never the visitor.
    form = SignupForm(signup_data(email="ME@Example.com"))

    assert form.is_valid()
    assert form.cleaned_data["email"] == "me@example.com"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("8675309123", "This password is entirely numeric."),
        ("new.person", "The password is too similar to the email address."),
    ],
)
def test_signup_runs_djangos_password_validators(password: str, message: str):
    form = SignupForm(signup_data(password1=password, password2=password))

    assert not form.is_valid()
    assert message in form.errors["password1"]


@pytest.mark.django_db
def test_signup_says_when_the_two_passwords_differ():
    form = SignupForm(signup_data(password2=GOOD_PASSWORD + "!"))

    assert not form.is_valid()
    assert form.errors["password2"] == ["The two passwords don't match."]
    assert "password1" not in form.errors


@pytest.mark.django_db
def test_signup_names_an_unknown_zone_and_suggests_real_ones():
    form = SignupForm(signup_data(time_zone="Mars/Olympus"))

    assert not form.is_valid()
    assert form.errors["time_zone"] == [
        "“Mars/Olympus” is not a time zone we know. Pick one from the list, "
        "such as Europe/Berlin or America/New_York."
    ]


def test_a_fresh_signup_form_asks_the_browser_for_its_zone_and_defaults_to_utc():
    form = SignupForm()

    assert form["time_zone"].value() == "UTC"
    assert "data-detect-zone" in str(form["time_zone"])


@pytest.mark.django_db
def test_a_rejected_signup_keeps_the_chosen_zone_instead_of_re_detecting_it():
    form = SignupForm(signup_data(time_zone="Asia/Kolkata", password2="different"))

    assert not form.is_valid()
    assert "data-detect-zone" not in str(form["time_zone"])
    assert 'value="Asia/Kolkata" selected' in str(form["time_zone"])


@pytest.mark.django_db
@pytest.mark.parametrize("hour", ["-1", "7", "24", "soon"])
def test_settings_refuses_a_day_start_outside_midnight_to_six(user: User, hour: str):
    form = SettingsForm({"time_zone": "Europe/Berlin", "day_start_hour": hour}, instance=user)

    assert not form.is_valid()
    assert "day_start_hour" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("hour", ["0", "6"])
def test_settings_accepts_midnight_and_six_as_the_day_start(user: User, hour: str):
    form = SettingsForm({"time_zone": "Europe/Berlin", "day_start_hour": hour}, instance=user)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["day_start_hour"] == int(hour)


def test_reminders_refuse_a_reminder_time_that_is_not_a_time():
    form = ReminderPreferencesForm(
        {
            "reminders_enabled": "on",
            "reminder_time": "half eight",
            "last_chance_hours": "2",
            "kindness_weekday": "2",
        }
    )

    assert not form.is_valid()
    assert form.errors["reminder_time"] == ["Enter a valid time."]
