from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from compersion.lib import clock

NEW_YORK = clock.zone("America/New_York")
BERLIN = clock.zone("Europe/Berlin")
AUCKLAND = clock.zone("Pacific/Auckland")
KOLKATA = clock.zone("Asia/Kolkata")
CHATHAM = clock.zone("Pacific/Chatham")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_it_counts_00_59_for_the_day_before_when_the_day_starts_at_3():
    instant = datetime(2026, 5, 6, 0, 59, tzinfo=BERLIN)
    assert clock.local_day(instant, tz=BERLIN, day_start_hour=3) == date(2026, 5, 5)


def test_it_counts_03_00_for_the_new_day_when_the_day_starts_at_3():
    instant = datetime(2026, 5, 6, 3, 0, tzinfo=BERLIN)
    assert clock.local_day(instant, tz=BERLIN, day_start_hour=3) == date(2026, 5, 6)


def test_a_midnight_start_uses_the_plain_calendar_date():
    instant = datetime(2026, 5, 6, 0, 1, tzinfo=BERLIN)
    assert clock.local_day(instant, tz=BERLIN, day_start_hour=0) == date(2026, 5, 6)


def test_auckland_is_already_tomorrow_when_utc_is_still_today():
    # 2026-01-15 12:00 UTC is 01:00 on the 16th in Auckland (NZDT, UTC+13).
    instant = utc(2026, 1, 15, 12, 0)
    assert clock.local_day(instant, tz=AUCKLAND, day_start_hour=0) == date(2026, 1, 16)
    assert clock.local_day(instant, tz=clock.zone("UTC"), day_start_hour=0) == date(2026, 1, 15)
    # With a 3 a.m. day start, 01:00 on the 16th still counts for the 15th.
    assert clock.local_day(instant, tz=AUCKLAND, day_start_hour=3) == date(2026, 1, 15)


@pytest.mark.parametrize(
    ("tz", "instant", "expected"),
    [
        # Kolkata is UTC+05:30: 18:29 UTC is 23:59 local, 18:30 UTC is midnight.
        (KOLKATA, utc(2026, 3, 1, 18, 29), date(2026, 3, 1)),
        (KOLKATA, utc(2026, 3, 1, 18, 30), date(2026, 3, 2)),
        # Chatham in winter is UTC+12:45: 11:14 UTC is 23:59 local, 11:15 UTC is midnight.
        (CHATHAM, utc(2026, 7, 1, 11, 14), date(2026, 7, 1)),
        (CHATHAM, utc(2026, 7, 1, 11, 15), date(2026, 7, 2)),
    ],
)
def test_half_and_quarter_hour_zones_turn_the_day_on_their_own_midnight(tz, instant, expected):
    assert clock.local_day(instant, tz=tz, day_start_hour=0) == expected


def test_a_spring_forward_day_in_new_york_is_23_hours_long():
    start, end = clock.day_bounds(date(2026, 3, 8), tz=NEW_YORK, day_start_hour=0)
    assert start == utc(2026, 3, 8, 5, 0)  # midnight EST
    assert end == utc(2026, 3, 9, 4, 0)  # midnight EDT
    assert end - start == timedelta(hours=23)


def test_a_fall_back_day_in_berlin_is_25_hours_long():
    start, end = clock.day_bounds(date(2026, 10, 25), tz=BERLIN, day_start_hour=0)
    assert start == utc(2026, 10, 24, 22, 0)  # midnight CEST
    assert end == utc(2026, 10, 25, 23, 0)  # midnight CET
    assert end - start == timedelta(hours=25)


def test_a_day_that_starts_inside_the_spring_forward_gap_starts_when_the_clocks_jump():
    # New York springs from 02:00 to 03:00 on 2026-03-08; a 2 a.m. day start never happens
    # on the wall clock, so that day begins at the jump (07:00 UTC, 03:00 EDT).
    start, end = clock.day_bounds(date(2026, 3, 8), tz=NEW_YORK, day_start_hour=2)
    assert start == utc(2026, 3, 8, 7, 0)
    assert end == utc(2026, 3, 9, 6, 0)


def test_the_gap_in_chatham_which_moves_at_quarter_to_three_resolves_to_the_jump():
    # Chatham springs forward from 02:45 to 03:45 (+12:45 to +13:45) on 2026-09-27.
    wall = datetime(2026, 9, 27, 3, 0)  # noqa: DTZ001 (a naive wall-clock reading is the input)
    assert not clock.wall_exists(wall, tz=CHATHAM)
    instant = clock.wall_to_instant(wall, tz=CHATHAM)
    assert instant == utc(2026, 9, 26, 14, 0)
    assert instant.astimezone(CHATHAM).strftime("%H:%M") == "03:45"


def test_a_wall_time_that_happens_twice_names_its_first_occurrence():
    # Berlin falls back from 03:00 CEST to 02:00 CET on 2026-10-25; 02:30 happens twice.
    wall = datetime(2026, 10, 25, 2, 30)  # noqa: DTZ001 (a naive wall-clock reading is the input)
    instant = clock.wall_to_instant(wall, tz=BERLIN)
    assert instant == utc(2026, 10, 25, 0, 30)


def test_every_instant_of_a_dst_day_falls_inside_its_own_bounds():
    for tz, day in [(NEW_YORK, date(2026, 3, 8)), (NEW_YORK, date(2026, 11, 1)), (BERLIN, date(2026, 3, 29))]:
        for start_hour in (0, 2, 3, 6):
            start, end = clock.day_bounds(day, tz=tz, day_start_hour=start_hour)
            instant = start
            while instant < end:
                assert clock.local_day(instant, tz=tz, day_start_hour=start_hour) == day
                instant += timedelta(minutes=15)
            assert clock.local_day(end, tz=tz, day_start_hour=start_hour) == day + timedelta(days=1)


def test_the_day_start_hour_crosses_a_fall_back_night_without_losing_an_hour():
    # 01:30 on the New York fall-back night happens twice; both count for the evening before.
    first = datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK, fold=0)
    second = datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK, fold=1)
    assert second - first == timedelta(0)  # wall arithmetic; the instants differ by an hour
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    for instant in (first, second):
        assert clock.local_day(instant, tz=NEW_YORK, day_start_hour=3) == date(2026, 10, 31)


def test_it_knows_real_zone_names_and_refuses_made_up_ones():
    assert clock.is_zone_name("Pacific/Chatham")
    assert not clock.is_zone_name("Mars/Olympus")


def test_it_labels_quarter_hour_offsets_for_people():
    assert clock.utc_offset_label(utc(2026, 7, 1, 0, 0), tz=CHATHAM) == "UTC+12:45"
    assert clock.utc_offset_label(utc(2026, 7, 1, 0, 0), tz=NEW_YORK) == "UTC−04:00"


def test_a_week_starts_on_the_monday_of_its_iso_week():
    assert clock.week_start(date(2026, 11, 22)) == date(2026, 11, 16)  # a Sunday
    assert clock.week_start(date(2026, 11, 23)) == date(2026, 11, 23)  # a Monday
    # ISO week 1 of 2021 began on 4 January; 3 January still belongs to 2020's week 53.
    assert clock.week_start(date(2021, 1, 3)) == date(2020, 12, 28)


@pytest.mark.parametrize(
    ("day", "refusal"),
    [
        (date(1900, 1, 1), None),
        (date(2026, 5, 4), None),
        (date(1899, 12, 31), "The journal starts in 1900; pick a day from then on."),
        (date(1, 1, 1), "The journal starts in 1900; pick a day from then on."),
        (date(2026, 5, 5), "That day hasn't begun yet."),
        (date(9999, 12, 31), "That day hasn't begun yet."),
    ],
)
def test_days_from_1900_to_the_users_today_can_be_opened(day: date, refusal: str | None) -> None:
    assert clock.day_refusal(day, today=date(2026, 5, 4)) == refusal


def test_the_import_starts_where_the_journal_does() -> None:
    from compersion.lib.export import DATE, EARLIEST_MOMENT

    assert DATE["formatMinimum"] == clock.EARLIEST_DAY.isoformat() == "1900-01-01"
    assert EARLIEST_MOMENT.isoformat() == "1900-01-01T00:00:00+00:00"
