"""Dates show their year only when it is not this year, in the user's own zone and day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory

from accounts.models import User
from accounts.templatetags.dates import date_format_for

SHOWN = Template('{% load dates %}{% shown_date day "j F" %}|{% shown_date day "l j M" %}')


def shown(user: User, day: date | datetime) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return SHOWN.render(Context({"request": request, "day": day}))


def test_the_format_gains_the_year_only_for_another_year() -> None:
    assert date_format_for(date(2026, 3, 1), fmt="j F", this_year=2026) == "j F"
    assert date_format_for(date(2025, 12, 31), fmt="j F", this_year=2026) == "j F Y"
    assert date_format_for(date(2027, 1, 1), fmt="l j F", this_year=2026) == "l j F Y"


@pytest.mark.django_db
def test_this_years_dates_have_no_year_and_last_years_do(user: User) -> None:
    with time_machine.travel(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False):
        assert shown(user, date(2026, 1, 1)) == "1 January|Thursday 1 Jan"
        assert shown(user, date(2025, 12, 31)) == "31 December 2025|Wednesday 31 Dec 2025"


@pytest.mark.django_db
def test_new_year_comes_by_the_users_clock_not_the_servers(user: User) -> None:
    user.time_zone, user.day_start_hour = "Pacific/Auckland", 0
    # 11:30 UTC on 31 December is already 00:30 on 1 January in Auckland.
    with time_machine.travel(datetime(2026, 12, 31, 11, 30, tzinfo=UTC), tick=False):
        assert shown(user, date(2026, 12, 30)).startswith("30 December 2026|")
        assert shown(user, date(2027, 1, 1)).startswith("1 January|")
    user.time_zone = "America/Los_Angeles"
    # The same instant is still the morning of 31 December in Los Angeles.
    with time_machine.travel(datetime(2026, 12, 31, 11, 30, tzinfo=UTC), tick=False):
        assert shown(user, date(2026, 12, 30)).startswith("30 December|")


@pytest.mark.django_db
def test_the_day_start_hour_keeps_new_years_night_in_the_old_year(user: User) -> None:
    user.time_zone, user.day_start_hour = "Europe/Berlin", 3
    # 01:30 on 1 January in Berlin still counts for 31 December with a 3 a.m. day start.
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=UTC), tick=False):
        assert shown(user, date(2026, 12, 31)).startswith("31 December|")
        assert shown(user, date(2027, 1, 1)).startswith("1 January 2027|")


@pytest.mark.django_db
def test_an_instant_is_shown_as_the_users_wall_date(user: User) -> None:
    user.time_zone = "Pacific/Auckland"
    with time_machine.travel(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False):
        # 20:00 UTC on 31 December 2025 was already 1 January 2026 in Auckland: this year.
        assert shown(user, datetime(2025, 12, 31, 20, 0, tzinfo=UTC)).startswith("1 January|")
