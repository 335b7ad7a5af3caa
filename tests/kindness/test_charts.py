from __future__ import annotations

import re
from datetime import date, timedelta

from kindness import charts


def weeks(counts):
    start = date(2026, 6, 1)
    return [(start + timedelta(weeks=n), count) for n, count in enumerate(counts)]


def test_weekly_chart_is_an_image_with_a_title_and_a_description_in_words():
    svg = str(charts.weekly_acts_chart(weeks([0, 1, 2, 1]), target=1))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "4 acts over the last 4 weeks against a target of 1 a week" in svg
    assert "met in 3 of those weeks; this week has 1 so far" in svg


def test_weekly_chart_bars_scale_to_the_tallest_week_and_mark_weeks_that_met_the_target():
    svg = str(charts.weekly_acts_chart(weeks([0, 1, 4]), target=2))
    heights = [float(h) for h in re.findall(r'<rect class="[^"]*" [^>]*height="([0-9.]+)"', svg)]
    assert heights[0] == 0
    assert heights[2] == 4 * heights[1]
    assert svg.count("chart-bar-met") == 1
    # The target line sits halfway up a chart whose top is four acts.
    plot_h = charts.WEEKS_HEIGHT - charts.PAD_TOP - charts.PAD_BOTTOM
    target_y = float(re.search(r'class="chart-target"[^>]*y1="([0-9.]+)"', svg).group(1))
    assert target_y == round(charts.PAD_TOP + plot_h / 2, 1)


def test_spread_chart_draws_a_dot_per_used_pair_and_has_a_table_alternative():
    spread = {("gift", "stranger"): 3, ("time", "partner"): 1}
    svg = str(charts.spread_chart(spread))
    assert 'role="img"' in svg
    assert svg.count('class="chart-dot"') == 2
    assert "4 acts across 2 kinds of kindness and 2 kinds of recipient" in svg
    assert charts.spread_rows(spread) == [("Gift", "A stranger", 3), ("Time", "A partner", 1)]


def test_an_empty_spread_says_so():
    assert "No acts yet" in str(charts.spread_chart({}))
