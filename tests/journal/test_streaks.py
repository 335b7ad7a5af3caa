from __future__ import annotations

import random
import time as time_mod
import timeit
from datetime import date, time, timedelta

import pytest

from journal.streaks import (
    DayStatus,
    Run,
    minutes_from_reminder,
    path_day_for,
    perfect_runs,
    status_of,
    streak_summary,
    timing_median,
)

TODAY = date(2026, 3, 31)
ON, LATE, PARTIAL, NONE = DayStatus.ON_TIME, DayStatus.LATE, DayStatus.PARTIAL, DayStatus.NONE


def days_back(*statuses: DayStatus, ending: date = TODAY) -> dict[date, DayStatus]:
    """Statuses listed oldest first, the last one landing on `ending`."""
    first = ending - timedelta(days=len(statuses) - 1)
    return {first + timedelta(days=i): status for i, status in enumerate(statuses)}


def test_an_empty_history_has_no_streak_and_no_previous_run() -> None:
    summary = streak_summary({}, today=TODAY)

    assert summary.current == 0
    assert summary.best == 0
    assert summary.practised == 0
    assert summary.path_day == 0
    assert summary.milestone is False
    assert summary.previous_best_ended is None
    assert summary.today_status == NONE


def test_only_today_on_time_starts_a_run_of_one() -> None:
    summary = streak_summary({TODAY: ON}, today=TODAY)

    assert (summary.current, summary.best, summary.practised, summary.path_day) == (1, 1, 1, 1)
    assert summary.today_status == ON
    assert summary.milestone is False


def test_yesterday_and_today_make_two() -> None:
    summary = streak_summary(days_back(ON, ON), today=TODAY)

    assert summary.current == 2
    assert summary.path_day == 2


def test_an_unfinished_today_does_not_break_the_run() -> None:
    for today_status in (PARTIAL, NONE):
        summary = streak_summary(days_back(ON, ON, ON, today_status), today=TODAY)

        assert summary.current == 3
        assert summary.today_status == today_status
        assert summary.previous_best_ended is None


def test_a_missing_today_key_counts_as_unfinished() -> None:
    summary = streak_summary(days_back(ON, ON, ending=TODAY - timedelta(days=1)), today=TODAY)

    assert summary.current == 2
    assert summary.today_status == NONE


def test_a_gap_before_yesterday_ends_the_run_and_remembers_when() -> None:
    ended = TODAY - timedelta(days=2)
    summary = streak_summary(days_back(ON, ON, ON, ON, ending=ended), today=TODAY)

    assert summary.current == 0
    assert summary.best == 4
    assert summary.path_day == 0
    assert summary.previous_best_ended == ended
    assert summary.previous_run_length == 4


def test_a_gap_splits_runs_and_today_counts_from_after_it() -> None:
    summary = streak_summary(days_back(ON, ON, ON, NONE, ON, ON), today=TODAY)

    assert summary.current == 2
    assert summary.best == 3
    assert summary.previous_best_ended is None


def test_a_late_day_breaks_the_perfect_run_but_counts_as_practised() -> None:
    summary = streak_summary(days_back(ON, ON, ON, LATE, ON, ON), today=TODAY)

    assert summary.current == 2
    assert summary.best == 3
    assert summary.practised == 6


def test_a_late_yesterday_ends_the_run_while_today_is_unfinished() -> None:
    summary = streak_summary(days_back(ON, ON, LATE, PARTIAL), today=TODAY)

    assert summary.current == 0
    assert summary.practised == 3
    assert summary.previous_best_ended == TODAY - timedelta(days=2)


def test_partial_days_are_neither_perfect_nor_practised() -> None:
    summary = streak_summary(days_back(PARTIAL, PARTIAL, ON), today=TODAY)

    assert summary.current == 1
    assert summary.practised == 1


def test_day_twenty_two_today_is_the_milestone() -> None:
    summary = streak_summary(days_back(*[ON] * 22), today=TODAY)

    assert summary.current == 22
    assert summary.path_day == 22
    assert summary.milestone is True


def test_twenty_two_ending_yesterday_is_not_a_milestone_today() -> None:
    summary = streak_summary(days_back(*[ON] * 22, NONE), today=TODAY)

    assert summary.current == 22
    assert summary.path_day == 22
    assert summary.milestone is False


def test_twenty_three_starts_the_path_again_at_day_one() -> None:
    summary = streak_summary(days_back(*[ON] * 23), today=TODAY)

    assert summary.path_day == 1
    assert summary.milestone is False


def test_forty_four_is_the_second_milestone() -> None:
    summary = streak_summary(days_back(*[ON] * 44), today=TODAY)

    assert summary.current == 44
    assert summary.best == 44
    assert summary.path_day == 22
    assert summary.milestone is True


def test_previous_best_ended_is_the_most_recent_run_not_the_longest() -> None:
    history = days_back(*[ON] * 10, NONE, ON, ON, NONE, NONE, PARTIAL)

    summary = streak_summary(history, today=TODAY)

    assert summary.current == 0
    assert summary.best == 10
    assert summary.previous_best_ended == TODAY - timedelta(days=3)
    assert summary.previous_run_length == 2


def test_days_after_today_from_travel_do_not_hide_the_current_run() -> None:
    history = days_back(ON, ON, ON, ending=TODAY + timedelta(days=1))

    summary = streak_summary(history, today=TODAY)

    assert summary.current == 3
    assert summary.today_status == ON


def test_plain_string_statuses_are_accepted() -> None:
    summary = streak_summary({TODAY: "on_time", TODAY - timedelta(days=1): "late"}, today=TODAY)  # type: ignore[dict-item]

    assert summary.current == 1
    assert summary.practised == 2
    assert summary.today_status is ON


@pytest.mark.parametrize(
    ("current", "expected"), [(0, 0), (1, 1), (21, 21), (22, 22), (23, 1), (44, 22), (45, 1)]
)
def test_path_day_counts_one_to_twenty_two_repeatedly(current: int, expected: int) -> None:
    assert path_day_for(current) == expected


def test_perfect_runs_are_oldest_first_whatever_the_mapping_order() -> None:
    history = days_back(ON, ON, NONE, ON, LATE, ON, ON, ON)
    shuffled = dict(random.Random(4).sample(sorted(history.items()), len(history)))

    runs = perfect_runs(shuffled)

    assert runs == [
        Run(TODAY - timedelta(days=7), TODAY - timedelta(days=6)),
        Run(TODAY - timedelta(days=4), TODAY - timedelta(days=4)),
        Run(TODAY - timedelta(days=2), TODAY),
    ]
    assert [run.length for run in runs] == [2, 1, 3]


def test_perfect_runs_cross_month_and_year_boundaries() -> None:
    history = days_back(ON, ON, ON, ending=date(2026, 1, 1))

    assert perfect_runs(history) == [Run(date(2025, 12, 30), date(2026, 1, 1))]


def test_perfect_runs_of_nothing_is_empty() -> None:
    assert perfect_runs({TODAY: LATE, TODAY - timedelta(days=1): PARTIAL}) == []


def test_ten_years_of_history_summarise_in_about_a_millisecond() -> None:
    rng = random.Random(22)
    statuses = [ON] * 8 + [LATE, PARTIAL, NONE]
    history = {TODAY - timedelta(days=i): rng.choice(statuses) for i in range(3653)}
    history = dict(sorted(history.items()))

    # CPU time of this thread, so other processes competing for the cores don't count against us.
    runs = timeit.repeat(
        lambda: streak_summary(history, today=TODAY), number=20, repeat=5, timer=time_mod.thread_time
    )
    best_of = min(runs) / 20

    # About 0.3 ms on an idle core and 0.7 ms on the busy shared box; the bound allows for noise.
    assert best_of < 0.005


@pytest.mark.parametrize(
    ("completed_at", "reminder", "day_start_hour", "expected"),
    [
        (time(20, 0), time(20, 0), 0, 0),
        (time(20, 15), time(20, 0), 0, 15),
        (time(19, 45), time(20, 0), 0, -15),
        # Issue #14: 07:00 for a 20:00 reminder is 13 hours early, not 11 hours late.
        (time(7, 0), time(20, 0), 0, -13 * 60),
        (time(8, 1), time(20, 0), 0, -719),
        # With a 3 a.m. day start, 00:10 belongs to the evening before: 20 min after 23:50 ...
        (time(0, 10), time(23, 50), 3, 20),
        # ... and 02:30 is the end of the day, 6 h 30 after a 20:00 reminder.
        (time(2, 30), time(20, 0), 3, 390),
        # With a midnight start, 00:10 opens the day, long before that day's 23:50 reminder.
        (time(0, 10), time(23, 50), 0, -1420),
        (time(23, 50), time(0, 10), 0, 1420),
        (time(23, 50), time(0, 10), 3, -20),
        (time(20, 0, 59), time(20, 0), 0, 0),
    ],
)
def test_minutes_from_reminder_is_measured_within_the_users_day_without_wrapping(
    completed_at: time, reminder: time, day_start_hour: int, expected: int
) -> None:
    assert minutes_from_reminder(completed_at, reminder, day_start_hour=day_start_hour) == expected


def test_timing_median_counts_the_day_start_hour() -> None:
    # 01:00 with a 3 a.m. start is late on the evening before (3 h after 22:00); with a
    # midnight start it is 21 h before that day's reminder.
    completions = {TODAY: time(1, 0)}

    assert timing_median(completions, reminder=time(22, 0), day_start_hour=3, today=TODAY) == 180
    assert timing_median(completions, reminder=time(22, 0), day_start_hour=0, today=TODAY) == 21 * 60


def test_timing_median_uses_distance_from_the_reminder() -> None:
    completions = {
        TODAY: time(20, 30),  # 30 after
        TODAY - timedelta(days=1): time(19, 50),  # 10 before
        TODAY - timedelta(days=2): time(23, 0),  # 180 after
    }

    assert timing_median(completions, reminder=time(20, 0), day_start_hour=0, today=TODAY) == 30


def test_timing_median_of_an_even_count_rounds_the_middle_pair_half_up() -> None:
    completions = {TODAY: time(20, 10), TODAY - timedelta(days=1): time(20, 25)}

    assert timing_median(completions, reminder=time(20, 0), day_start_hour=0, today=TODAY) == 18


def test_timing_median_ignores_days_outside_the_window() -> None:
    completions = {
        TODAY - timedelta(days=21): time(20, 5),  # the oldest day inside a 22-day window
        TODAY - timedelta(days=22): time(3, 0),  # one day too old
        TODAY + timedelta(days=1): time(3, 0),  # after today
    }

    assert timing_median(completions, reminder=time(20, 0), day_start_hour=0, today=TODAY) == 5
    assert timing_median(completions, reminder=time(20, 0), day_start_hour=0, today=TODAY, window=21) is None


def test_timing_median_is_none_without_complete_days() -> None:
    assert timing_median({}, reminder=time(20, 0), day_start_hour=0, today=TODAY) is None


def test_status_of_accepts_members_values_and_absence_and_refuses_junk() -> None:
    assert status_of(LATE) is LATE
    assert status_of("on_time") is ON
    assert status_of(None) is NONE
    with pytest.raises(ValueError, match="'bogus' is not a DayStatus"):
        status_of("bogus")
