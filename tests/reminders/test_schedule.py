from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from accounts.schedule import DAILY, KINDNESS, LAST_CHANCE, Rule, reminder_next_fire_at
from compersion.lib import clock

ZONES = [
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Pacific/Chatham",
]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def daily(zone: str, at: time, *, day_start_hour: int = 0) -> Rule:
    return Rule(kind=DAILY, time_zone=zone, day_start_hour=day_start_hour, reminder_time=at)


@pytest.mark.parametrize(
    ("zone", "local_date", "wall", "expected"),
    [
        # Spring forward: the chosen time does not exist, so it fires the moment clocks jump.
        ("America/New_York", date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 0)),
        ("Europe/London", date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1, 0)),
        ("Europe/Berlin", date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1, 0)),
        ("Australia/Sydney", date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 16, 0)),
        ("Pacific/Auckland", date(2026, 9, 27), time(2, 30), utc(2026, 9, 26, 14, 0)),
        ("Pacific/Chatham", date(2026, 9, 27), time(3, 0), utc(2026, 9, 26, 14, 0)),
        # Fall back: the chosen time happens twice; it fires at the first.
        ("America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
        ("Europe/London", date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),
        ("Europe/Berlin", date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30)),
        ("Australia/Sydney", date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 15, 30)),
        ("Pacific/Auckland", date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 13, 30)),
        ("Pacific/Chatham", date(2026, 4, 5), time(3, 0), utc(2026, 4, 4, 13, 15)),
        # No DST, and a local day that differs from UTC's.
        ("Asia/Kolkata", date(2026, 6, 10), time(3, 0), utc(2026, 6, 9, 21, 30)),
        ("Asia/Kolkata", date(2026, 6, 10), time(20, 0), utc(2026, 6, 10, 14, 30)),
    ],
)
def test_it_fires_once_at_the_next_valid_instant_around_dst(zone, local_date, wall, expected):
    rule = daily(zone, wall)
    day_before_start, _ = clock.day_bounds(local_date, tz=clock.zone(zone), day_start_hour=0)

    first = reminder_next_fire_at(rule, after=day_before_start - timedelta(seconds=1))
    second = reminder_next_fire_at(rule, after=first.fire_at, not_for_dates_through=first.local_date)

    assert first.local_date == local_date
    assert first.fire_at == expected
    # The repeated hour of a fall-back night never yields a second reminder that day.
    assert second.local_date == local_date + timedelta(days=1)
    assert second.fire_at - first.fire_at > timedelta(hours=20)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("wall", "day_start_hour"), [(time(2, 30), 0), (time(1, 30), 3), (time(20, 0), 3)])
def test_a_year_of_daily_reminders_is_one_per_local_day_with_none_missed(zone, wall, day_start_hour):
    rule = daily(zone, wall, day_start_hour=day_start_hour)
    tz = clock.zone(zone)
    occurrence = reminder_next_fire_at(rule, after=utc(2025, 12, 31, 12))
    seen = [occurrence.local_date]
    for _ in range(366):
        nxt = reminder_next_fire_at(
            rule, after=occurrence.fire_at, not_for_dates_through=occurrence.local_date
        )
        assert nxt.fire_at > occurrence.fire_at
        # Each reminder fires inside the local day it is for.
        assert clock.local_day(nxt.fire_at, tz=tz, day_start_hour=day_start_hour) == nxt.local_date
        seen.append(nxt.local_date)
        occurrence = nxt
    assert seen == [seen[0] + timedelta(days=n) for n in range(len(seen))]


def test_a_reminder_time_before_the_day_start_belongs_to_the_night_after():
    rule = daily("Europe/Berlin", time(1, 0), day_start_hour=3)

    occurrence = reminder_next_fire_at(rule, after=utc(2026, 6, 10, 12))

    assert occurrence.local_date == date(2026, 6, 10)
    assert occurrence.fire_at == utc(2026, 6, 10, 23, 0)  # 01:00 on the 11th in Berlin


def test_flying_west_after_the_reminder_does_not_repeat_it_the_same_local_day():
    # Reminded at 20:00 in Berlin (18:00 UTC) on 10 June; then in New York it is still 10 June.
    new_york = daily("America/New_York", time(20, 0))

    occurrence = reminder_next_fire_at(
        new_york, after=utc(2026, 6, 10, 19), not_for_dates_through=date(2026, 6, 10)
    )

    assert occurrence.local_date == date(2026, 6, 11)
    assert occurrence.fire_at == utc(2026, 6, 12, 0, 0)


def test_flying_east_before_the_reminder_still_reminds_that_day_at_the_new_local_time():
    # 12:00 in New York (16:00 UTC), not yet reminded; now in Berlin it is 18:00.
    berlin = daily("Europe/Berlin", time(20, 0))

    occurrence = reminder_next_fire_at(berlin, after=utc(2026, 6, 10, 16), not_for_dates_through=None)

    assert occurrence.local_date == date(2026, 6, 10)
    assert occurrence.fire_at == utc(2026, 6, 10, 18, 0)


def test_moving_the_time_later_after_todays_reminder_waits_for_tomorrow():
    later = daily("Europe/London", time(21, 0))

    occurrence = reminder_next_fire_at(
        later, after=utc(2026, 6, 10, 9), not_for_dates_through=date(2026, 6, 10)
    )

    assert occurrence.local_date == date(2026, 6, 11)
    assert occurrence.fire_at == utc(2026, 6, 11, 20, 0)


def test_last_chance_fires_the_chosen_hours_before_the_local_day_ends():
    rule = Rule(
        kind=LAST_CHANCE,
        time_zone="America/New_York",
        day_start_hour=3,
        reminder_time=time(20, 0),
        hours_before_end=2,
    )

    # The day of 31 October ends at 03:00 on 1 November, after the clocks fell back.
    occurrence = reminder_next_fire_at(rule, after=utc(2026, 10, 31, 12))

    assert occurrence.local_date == date(2026, 10, 31)
    assert occurrence.fire_at == utc(2026, 11, 1, 8, 0) - timedelta(hours=2)


def test_a_weekly_nudge_fires_only_on_the_chosen_weekday():
    rule = Rule(
        kind=KINDNESS,
        time_zone="Pacific/Auckland",
        day_start_hour=3,
        reminder_time=time(19, 0),
        weekday=2,  # Wednesday
    )

    first = reminder_next_fire_at(rule, after=utc(2026, 6, 10, 12))  # Thursday 00:00 in Auckland
    second = reminder_next_fire_at(rule, after=first.fire_at, not_for_dates_through=first.local_date)

    assert first.local_date == date(2026, 6, 17)
    assert first.local_date.weekday() == 2
    assert second.local_date == date(2026, 6, 24)
