from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from feelings import charts
from feelings.models import Feeling
from feelings.selectors import co_occurrence
from feelings.services import checkin_create


def test_co_occurrence_counts_each_pair_once_per_check_in():
    counts = charts.co_occurrence_counts(
        [
            ["jealousy", "compersion"],
            ["compersion", "jealousy", "fear"],
            ["joy"],
            ["fear", "fear", "jealousy"],
        ]
    )

    assert counts == {("compersion", "jealousy"): 2, ("compersion", "fear"): 1, ("fear", "jealousy"): 2}


def test_top_pairs_rank_by_count_then_alphabetically():
    counts = charts.co_occurrence_counts([["b", "c"], ["a", "b"], ["b", "c"], ["a", "d"]])

    assert charts.top_pairs(counts, limit=2) == [("b and c", 2), ("a and b", 1)]


def test_daily_means_average_several_check_ins_on_one_day():
    rows = [(date(2026, 1, 2), "joy", 4), (date(2026, 1, 2), "joy", 7), (date(2026, 1, 1), "joy", 2)]

    assert charts.daily_means(rows) == {"joy": [(date(2026, 1, 1), 2.0), (date(2026, 1, 2), 5.5)]}


def test_weekly_counts_fill_empty_weeks_with_zero():
    days = [date(2026, 11, 16), date(2026, 11, 22), date(2026, 11, 23)]

    assert charts.weekly_counts(days, last_week=date(2026, 11, 24), weeks=3) == [
        (date(2026, 11, 9), 0),
        (date(2026, 11, 16), 2),
        (date(2026, 11, 23), 1),
    ]


def test_a_line_chart_is_an_accessible_image_with_both_series_on_one_set_of_axes():
    series = [
        charts.Series("compersion", [(date(2026, 1, 1), 6.0), (date(2026, 1, 5), 7.0)]),
        charts.Series("jealousy", [(date(2026, 1, 1), 4.0)]),
    ]

    svg = charts.line_chart(
        series=series,
        start=date(2026, 1, 1),
        end=date(2026, 1, 10),
        y_max=10,
        title="Over time",
        desc=charts.describe_series(series),
        chart_id="t",
    )

    assert svg.startswith("<svg ") and ' class="chart" ' in svg and 'role="img"' in svg
    assert '<title id="t-title">Over time</title>' in svg
    assert "compersion: 2 days, intensity from 6 to 7, latest 7; jealousy: 1 day" in svg
    assert svg.count("<svg") == 1 and svg.count("<g class=") == 2
    # Both feelings of 1 January sit at the same x (the square marker is drawn from its corner).
    circle_x = float(re.findall(r'cx="([\d.]+)"', svg)[0])
    square_x = float(re.findall(r'<rect x="([\d.]+)"', svg)[0])
    assert circle_x == square_x + 4 == charts.PAD_LEFT


def test_chart_labels_are_escaped():
    svg = charts.bar_chart(bars=[("<b>a</b> and b", 1)], title="T & <x>", desc="d", chart_id="c")

    assert "<b>" not in svg and "&lt;b&gt;" in svg and "T &amp; &lt;x&gt;" in svg


def test_the_co_occurrence_selector_counts_only_the_users_check_ins(user, other_user):
    names = {f.name: f for f in Feeling.objects.filter(owner=None)}
    checkin_create(user=user, intensities={names["compersion"]: 6, names["jealousy"]: 4})
    checkin_create(user=user, intensities={names["compersion"]: 5, names["jealousy"]: 5, names["fear"]: 2})
    checkin_create(user=other_user, intensities={names["compersion"]: 1, names["jealousy"]: 1})
    pairs = co_occurrence(user=user, start=date(2000, 1, 1), end=date(2100, 1, 1))

    assert pairs == [("compersion and jealousy", 2), ("compersion and fear", 1), ("fear and jealousy", 1)]


@pytest.mark.parametrize("path", ["feelings:charts"])
def test_the_charts_page_shows_compersion_and_jealousy_together_by_default(me: Client, user, path):
    names = {f.name: f for f in Feeling.objects.filter(owner=None)}
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        checkin_create(user=user, intensities={names["compersion"]: 6, names["jealousy"]: 4})
        page = me.get(reverse(path)).content.decode()

    assert "Feelings over time: compersion and jealousy" in page
    assert "compersion: 1 day, intensity from 6 to 6" in page
    assert "jealousy: 1 day, intensity from 4 to 4" in page
    assert "compersion and jealousy: 1 check-in" in page
    assert "1 check-ins" not in page


def test_the_charts_page_shows_the_feelings_the_user_chooses(me: Client, user):
    page = me.get(
        reverse("feelings:charts"),
        {"feeling": ["envy", "relief", "envy", "not-a-feeling", "fear"], "days": "30"},
    )

    assert "Feelings over time: envy, relief and fear" in page.content.decode()


def test_in_words_joins_names_like_a_sentence():
    assert charts.in_words([]) == ""
    assert charts.in_words(["joy"]) == "joy"
    assert charts.in_words(["joy", "envy"]) == "joy and envy"
    assert charts.in_words(["joy", "envy", "fear"]) == "joy, envy and fear"
