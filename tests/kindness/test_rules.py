from __future__ import annotations

from datetime import date

from kindness import rules
from kindness.rules import ActShape, IdeaShape


def test_counts_by_week_folds_days_into_their_iso_weeks():
    counts = {date(2026, 11, 16): 1, date(2026, 11, 22): 2, date(2026, 11, 23): 1}
    assert rules.counts_by_week(counts) == {date(2026, 11, 16): 3, date(2026, 11, 23): 1}


def test_streak_counts_consecutive_weeks_that_met_the_target():
    weeks = {date(2026, 11, 2): 2, date(2026, 11, 9): 2, date(2026, 11, 16): 3}
    assert rules.weekly_streak(weeks, target=2, today=date(2026, 11, 20)) == 3


def test_streak_does_not_break_while_the_current_week_is_still_open():
    weeks = {date(2026, 11, 2): 1, date(2026, 11, 9): 1}
    assert rules.weekly_streak(weeks, target=1, today=date(2026, 11, 18)) == 2


def test_streak_stops_at_a_week_below_target():
    weeks = {date(2026, 10, 26): 1, date(2026, 11, 2): 0, date(2026, 11, 9): 1, date(2026, 11, 16): 1}
    assert rules.weekly_streak(weeks, target=1, today=date(2026, 11, 16)) == 2


def test_streak_is_zero_when_last_week_missed_and_this_week_not_met():
    weeks = {date(2026, 11, 2): 1}
    assert rules.weekly_streak(weeks, target=1, today=date(2026, 11, 16)) == 0


def test_a_higher_target_needs_more_acts_per_week():
    weeks = {date(2026, 11, 9): 2, date(2026, 11, 16): 2}
    assert rules.weekly_streak(weeks, target=3, today=date(2026, 11, 22)) == 0
    assert rules.weekly_streak(weeks, target=2, today=date(2026, 11, 22)) == 2


def test_weeks_series_includes_empty_weeks_oldest_first():
    series = rules.weeks_series({date(2026, 11, 9): 2}, today=date(2026, 11, 22), weeks=3)
    assert series == [(date(2026, 11, 2), 0), (date(2026, 11, 9), 2), (date(2026, 11, 16), 0)]


def test_variety_flags_a_repeated_recipient_within_the_last_three():
    previous = [
        ActShape("gift", "kind:stranger"),
        ActShape("time", "person:1"),
        ActShape("help", "kind:planet"),
    ]
    repeat = rules.variety_repeat(ActShape("words", "person:1"), previous)
    assert repeat.recipient and not repeat.category
    assert bool(repeat)


def test_variety_flags_a_repeated_category():
    previous = [ActShape("gift", "kind:stranger")]
    repeat = rules.variety_repeat(ActShape("gift", "kind:planet"), previous)
    assert repeat.category and not repeat.recipient


def test_variety_ignores_acts_older_than_the_last_three():
    previous = [
        ActShape("gift", "kind:stranger"),
        ActShape("time", "kind:friend"),
        ActShape("help", "kind:planet"),
        ActShape("words", "person:1"),
    ]
    assert not rules.variety_repeat(ActShape("words", "person:1"), previous)


def test_variety_figure_counts_distinct_kinds_over_the_last_eight():
    acts = [ActShape("gift", "kind:stranger")] * 5 + [ActShape("time", "person:1")] * 5
    figure = rules.variety_figure(acts)
    assert (figure.acts, figure.categories, figure.recipients) == (8, 2, 2)
    assert rules.variety_figure(acts[:5]) == rules.VarietyFigure(acts=5, categories=1, recipients=1)


def test_suggestion_prefers_categories_and_recipients_not_used_lately():
    ideas = [IdeaShape(1, "gift", "friend"), IdeaShape(2, "time", "friend"), IdeaShape(3, "time", "planet")]
    for seed in range(10):
        chosen = rules.suggestion_pick(
            ideas, recent_categories=["gift"], recent_recipients=["friend"], done_recently=[], seed=seed
        )
        assert chosen == 3


def test_suggestion_skips_ideas_done_recently_and_runs_out_gracefully():
    ideas = [IdeaShape(1, "gift", "friend"), IdeaShape(2, "time", "planet")]
    picked = rules.suggestion_pick(
        ideas, recent_categories=[], recent_recipients=[], done_recently=[2], seed=7
    )
    assert picked == 1
    assert (
        rules.suggestion_pick(ideas, recent_categories=[], recent_recipients=[], done_recently=[1, 2], seed=7)
        is None
    )


def test_suggestion_does_not_depend_on_the_order_ideas_arrive_in():
    ideas = [IdeaShape(n, "gift", "friend") for n in range(1, 30)]

    def pick(order):
        no_history: list[str] = []
        return rules.suggestion_pick(
            order, recent_categories=no_history, recent_recipients=no_history, done_recently=[], seed=99
        )

    assert pick(ideas) == pick(list(reversed(ideas)))


def test_day_seed_is_stable_and_differs_between_days():
    assert rules.day_seed(5, date(2026, 3, 3)) == rules.day_seed(5, date(2026, 3, 3))
    assert rules.day_seed(5, date(2026, 3, 3)) != rules.day_seed(5, date(2026, 3, 4))


def test_allowed_local_dates_go_back_seven_days_and_never_forward():
    allowed = rules.allowed_local_dates(date(2026, 3, 10))
    assert allowed[0] == date(2026, 3, 10)
    assert allowed[-1] == date(2026, 3, 3)
    assert len(allowed) == 8
