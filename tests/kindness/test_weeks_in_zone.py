"""ISO weeks follow the user's own zone and day-start hour, not UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from kindness.selectors import week_progress
from kindness.services import kindness_act_log
from tests.factories import UserFactory


def log_today(user, local_date):
    return kindness_act_log(
        user=user,
        text="Fed the birds",
        category="service",
        effort="small",
        local_date=local_date,
        recipient_kind="animals",
    )


@pytest.mark.django_db
def test_a_user_east_of_utc_logging_on_sunday_night_counts_for_that_week_and_monday_starts_fresh():
    user = UserFactory.create(time_zone="Pacific/Auckland", day_start_hour=0)
    # Sunday 22 November 2026, 23:30 in Auckland is still Sunday 10:30 in UTC.
    with time_machine.travel(datetime(2026, 11, 22, 10, 30, tzinfo=UTC), tick=False):
        log_today(user, date(2026, 11, 22))
        assert week_progress(user=user, local_date=date(2026, 11, 22)) == (1, 1)
    # Monday 09:00 in Auckland is Sunday 20:00 in UTC: by UTC it would still be the old week.
    with time_machine.travel(datetime(2026, 11, 22, 20, 0, tzinfo=UTC), tick=False):
        assert week_progress(user=user, local_date=date(2026, 11, 23)) == (0, 1)
        act = log_today(user, date(2026, 11, 23))
    assert act.local_date == date(2026, 11, 23)
    assert act.time_zone == "Pacific/Auckland"
    assert week_progress(user=user, local_date=date(2026, 11, 23)) == (1, 1)


@pytest.mark.django_db
def test_a_week_spanning_the_spring_forward_change_holds_all_seven_local_days():
    user = UserFactory.create(time_zone="Europe/Berlin", day_start_hour=3)
    # Berlin's clocks sprang forward in the early hours of Sunday 29 March 2026.
    with time_machine.travel(datetime(2026, 3, 29, 21, 30, tzinfo=UTC), tick=False):
        # 23:30 on Sunday in Berlin (CEST): the week of Monday 23 March.
        for day in (date(2026, 3, 23), date(2026, 3, 26), date(2026, 3, 29)):
            log_today(user, day)
        assert week_progress(user=user, local_date=date(2026, 3, 29)) == (3, 1)
    # 01:30 on Monday 30 March in Berlin, before the 03:00 day start: still Sunday's week.
    with time_machine.travel(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), tick=False):
        act = log_today(user, date(2026, 3, 29))
        assert week_progress(user=user, local_date=date(2026, 3, 29)) == (4, 1)
        assert week_progress(user=user, local_date=date(2026, 3, 30)) == (0, 1)
    assert act.local_date == date(2026, 3, 29)


@pytest.mark.django_db
def test_an_act_cannot_count_for_the_future_or_more_than_seven_days_back():
    user = UserFactory.create(time_zone="Pacific/Auckland", day_start_hour=0)
    # Monday 23 November 09:00 in Auckland; Sunday in UTC.
    with time_machine.travel(datetime(2026, 11, 22, 20, 0, tzinfo=UTC), tick=False):
        log_today(user, date(2026, 11, 16))  # seven days back is fine
        with pytest.raises(ValidationError):
            log_today(user, date(2026, 11, 24))
        with pytest.raises(ValidationError):
            log_today(user, date(2026, 11, 15))
