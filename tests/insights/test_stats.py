"""insights.stats on synthetic histories: pure functions, no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from insights import stats
from insights.stats import Verdict
from journal.streaks import DayStatus

RUN_START = date(2026, 3, 2)
RUN_DONE = RUN_START + timedelta(days=21)  # the 22nd day
TODAY = date(2026, 6, 1)
NAMES = ["compersion", "jealousy"]


def perfect_days(start: date, count: int) -> dict[date, DayStatus]:
    return {start + timedelta(days=n): DayStatus.ON_TIME for n in range(count)}


def checkins(first_id: int, days: list[date], **intensities: list[int]) -> list[stats.FeelingRow]:
    """One check-in per day in ``days``; the n-th names each feeling with its n-th intensity."""
    rows = []
    for index, day in enumerate(days):
        for name, values in intensities.items():
            rows.append((first_id + index, day, name, values[index]))
    return rows


def before_days(count: int) -> list[date]:
    return [RUN_START - timedelta(days=2 * n + 1) for n in range(count)]


def after_days(count: int) -> list[date]:
    return [RUN_DONE + timedelta(days=2 * n + 1) for n in range(count)]


def test_a_user_whose_jealousy_falls_and_compersion_rises_after_their_first_run_is_told_so() -> None:
    rows = checkins(
        1,
        before_days(11),
        compersion=[4, 4, 5, 4, 4, 4, 4, 5, 4, 4, 4],
        jealousy=[7, 7, 8, 7, 6, 7, 7, 7, 8, 7, 7],
    ) + checkins(
        100, after_days(14), compersion=[6, 6, 7, 6, 6, 6, 6, 6, 6, 6, 7, 6, 6, 6], jealousy=[4] * 14
    )

    [run] = stats.run_comparisons(
        statuses=perfect_days(RUN_START, 22), rows=rows, acts={}, joys=[], names=NAMES, today=TODAY
    )

    assert (run.start, run.completed) == (RUN_START, RUN_DONE)
    comparison = run.comparison
    assert comparison.enough
    assert (comparison.before.checkins, comparison.after.checkins) == (11, 14)
    compersion, jealousy = comparison.changes
    assert compersion.verdict == Verdict.STRONGER
    assert (compersion.before.average, compersion.after.average) == (4.2, 6.1)
    assert (compersion.before.named, compersion.after.named) == (11, 14)
    assert jealousy.verdict == Verdict.WEAKER
    assert (jealousy.before.average, jealousy.after.average) == (7.1, 4.0)
    assert not comparison.no_clear_change


def test_a_user_with_no_change_is_told_there_is_no_clear_change() -> None:
    rows = checkins(1, before_days(8), compersion=[5, 6, 5, 6, 5, 6, 5, 6], jealousy=[4] * 8) + checkins(
        100, after_days(8), compersion=[6, 5, 6, 6, 5, 6, 5, 6], jealousy=[5, 4, 4, 5, 4, 4, 4, 4]
    )

    [run] = stats.run_comparisons(
        statuses=perfect_days(RUN_START, 30), rows=rows, acts={}, joys=[], names=NAMES, today=TODAY
    )

    assert run.comparison.enough
    assert [c.verdict for c in run.comparison.changes] == [Verdict.NO_CLEAR_CHANGE] * 2
    assert run.comparison.no_clear_change


def test_a_difference_of_exactly_one_point_counts_as_a_clear_change() -> None:
    before = stats.FeelingAverage("compersion", 5.0, 6)
    assert stats.change_of(before, stats.FeelingAverage("compersion", 6.0, 6)).verdict == Verdict.STRONGER
    assert (
        stats.change_of(before, stats.FeelingAverage("compersion", 5.9, 6)).verdict == Verdict.NO_CLEAR_CHANGE
    )


def test_a_user_with_thin_data_is_told_there_is_not_enough_yet_and_what_would_make_it_enough() -> None:
    rows = checkins(1, before_days(6), compersion=[4] * 6) + checkins(100, after_days(3), compersion=[7] * 3)
    today = RUN_DONE + timedelta(days=10)  # the 28 days after are still under way

    [run] = stats.run_comparisons(
        statuses=perfect_days(RUN_START, 22), rows=rows, acts={}, joys=[], names=NAMES, today=today
    )

    comparison = run.comparison
    assert not comparison.enough
    assert comparison.changes == ()
    assert comparison.after.checkins == 3
    assert comparison.needed_after == stats.MIN_CHECKINS - 3
    assert comparison.after.end == RUN_DONE + timedelta(days=stats.WINDOW_DAYS)
    assert not comparison.after_complete
    assert not comparison.before_closed


def test_too_few_check_ins_before_a_run_can_never_be_made_enough() -> None:
    rows = checkins(1, before_days(2), compersion=[4, 4]) + checkins(100, after_days(9), compersion=[7] * 9)

    [run] = stats.run_comparisons(
        statuses=perfect_days(RUN_START, 22), rows=rows, acts={}, joys=[], names=NAMES, today=TODAY
    )

    assert not run.comparison.enough
    assert run.comparison.before_closed
    assert run.comparison.needed_after == 0


def test_a_feeling_named_too_rarely_on_one_side_is_not_compared() -> None:
    rows = checkins(1, before_days(6), compersion=[4] * 6) + checkins(100, after_days(6), compersion=[8] * 6)
    rows += [(100, after_days(1)[0], "jealousy", 9)]  # named once, after only

    [run] = stats.run_comparisons(
        statuses=perfect_days(RUN_START, 22), rows=rows, acts={}, joys=[], names=NAMES, today=TODAY
    )

    assert [c.verdict for c in run.comparison.changes] == [Verdict.STRONGER, Verdict.TOO_FEW]


def test_a_user_who_never_finished_a_run_sees_the_weekly_view_only() -> None:
    statuses = perfect_days(RUN_START, 21) | {RUN_START + timedelta(days=21): DayStatus.LATE}
    rows = checkins(1, before_days(10) + after_days(10), compersion=[5] * 20)

    assert (
        stats.run_comparisons(statuses=statuses, rows=rows, acts={}, joys=[], names=NAMES, today=TODAY) == []
    )
    weeks = stats.weekly(
        first=RUN_START,
        today=TODAY,
        statuses=statuses,
        acts={},
        joys=[],
        rows=rows,
        names=NAMES,
        kindness_target=1,
    )
    assert weeks[0].start == RUN_START  # a Monday
    assert weeks[0].complete_days == 7
    assert weeks[0].perfect_days == 7
    assert sum(w.complete_days for w in weeks) == 22
    assert sum(w.perfect_days for w in weeks) == 21


def test_a_run_still_short_of_22_days_today_is_not_complete_yet() -> None:
    statuses = perfect_days(TODAY - timedelta(days=20), 21)
    assert stats.completed_runs(statuses, today=TODAY) == []
    statuses[TODAY + timedelta(days=1)] = DayStatus.ON_TIME  # travel west can write "tomorrow"
    assert stats.completed_runs(statuses, today=TODAY) == []


def test_each_completed_run_is_compared_once_from_its_22nd_day() -> None:
    statuses = perfect_days(date(2026, 1, 5), 50) | perfect_days(date(2026, 4, 6), 22)
    assert stats.completed_runs(statuses, today=TODAY) == [
        (date(2026, 1, 5), date(2026, 1, 26)),
        (date(2026, 4, 6), date(2026, 4, 27)),
    ]


def test_weeks_count_practice_and_feelings_by_the_stored_local_date() -> None:
    sunday, monday = date(2026, 3, 29), date(2026, 3, 30)  # Europe's spring-forward Sunday, then Monday
    rows = [(1, sunday, "compersion", 4), (1, sunday, "jealousy", 8), (2, monday, "compersion", 6)]

    weeks = stats.weekly(
        first=sunday,
        today=monday,
        statuses={sunday: DayStatus.ON_TIME, monday: "late"},
        acts={sunday: 2},
        joys=[monday, monday],
        rows=rows,
        names=NAMES,
        kindness_target=1,
    )

    assert [w.start for w in weeks] == [date(2026, 3, 23), monday]
    first, second = weeks
    assert (first.checkins, first.kindness_acts, first.kindness_met, first.joys) == (1, 2, True, 0)
    assert [f.average for f in first.feelings] == [4.0, 8.0]
    assert (second.checkins, second.complete_days, second.perfect_days, second.joys) == (1, 1, 0, 2)
    assert [f.average for f in second.feelings] == [6.0, None]


def test_the_hard_feelings_shown_are_those_logged_most() -> None:
    rows = [
        (1, RUN_START, "jealousy", 5),
        (2, RUN_START, "jealousy", 5),
        (2, RUN_START, "insecurity", 5),
        (3, RUN_START, "fear", 5),
        (3, RUN_START, "envy", 5),
        (3, RUN_START, "compersion", 5),
        (3, RUN_START, "joy", 5),
    ]
    assert stats.hard_feelings_most_logged(rows) == ["jealousy", "envy", "fear"]


def test_monthly_means_count_only_the_check_ins_about_the_person() -> None:
    rows = [(1, date(2026, 1, 3), "compersion", 4), (1, date(2026, 1, 3), "jealousy", 6)]
    rows += [(2, date(2026, 1, 9), "compersion", 8), (3, date(2026, 2, 1), "compersion", 9)]
    months = stats.monthly_means(rows, names=NAMES, checkin_ids={1, 3}, since=date(2026, 1, 1))
    assert months == {
        "compersion": [(date(2026, 1, 1), 4.0), (date(2026, 2, 1), 9.0)],
        "jealousy": [(date(2026, 1, 1), 6.0)],
    }


@pytest.mark.parametrize(
    ("answers", "score", "band"),
    [
        ((5, 5, 5, 5, 5), 100, "good"),
        ((3, 3, 3, 2, 2), 52, "good"),
        ((3, 3, 2, 2, 2), 48, "low"),
        ((2, 2, 1, 1, 1), 28, "likely-depression"),
        ((0, 0, 0, 0, 0), 0, "likely-depression"),
    ],
)
def test_who5_is_scored_as_its_authors_describe(answers: tuple[int, ...], score: int, band: str) -> None:
    assert stats.who5_score(answers) == score
    assert stats.who5_band(score) == band


def test_who5_change_uses_the_ten_point_rule_and_refuses_bad_answers() -> None:
    assert stats.who5_change(None, 60) is None
    assert stats.who5_change(50, 60) == "up"
    assert stats.who5_change(60, 52) == "steady"
    assert stats.who5_change(60, 48) == "down"
    with pytest.raises(ValueError):
        stats.who5_score((6, 0, 0, 0, 0))
    with pytest.raises(ValueError):
        stats.who5_score((1, 2, 3))


def test_months_back_crosses_years() -> None:
    assert stats.months_back(date(2026, 1, 15), 1) == date(2025, 12, 1)
    assert stats.months_back(date(2026, 1, 15), -1) == date(2026, 2, 1)
    assert stats.months_back(date(2026, 12, 31), 11) == date(2026, 1, 1)
