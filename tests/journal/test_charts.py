from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, time, timedelta

import pytest
from django.utils.safestring import SafeString

from journal.charts import (
    heatmap_first_day,
    heatmap_months,
    heatmap_summary,
    heatmap_svg,
    path_steps,
    path_svg,
    range_label,
    runs_rows,
    runs_svg,
    timing_points,
    timing_svg,
)
from journal.streaks import DayStatus, Run, perfect_runs

NS = {"svg": "http://www.w3.org/2000/svg"}
ON, LATE, PARTIAL, NONE = DayStatus.ON_TIME, DayStatus.LATE, DayStatus.PARTIAL, DayStatus.NONE
TODAY = date(2026, 11, 22)  # a Sunday
THURSDAY = date(2026, 11, 19)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 -- our own output, parsed to check it is well-formed


def elements(root: ET.Element, tag: str, css_class: str | None = None) -> list[ET.Element]:
    found = root.findall(f".//svg:{tag}", NS)
    if css_class is None:
        return found
    return [el for el in found if css_class in el.get("class", "").split()]


def cell_positions(root: ET.Element, css_class: str) -> list[tuple[float, float]]:
    """The top-left corner of every day the heatmap's grid draws with ``css_class``, in drawing
    order: each piece (``M x y ...``) of its paths, then today's own square. The legend's
    samples, outside the grid, are not counted."""
    positions = [
        (float(x), float(y))
        for path in elements(root, "path", css_class)
        for x, y in re.findall(r"M([\d.]+) ([\d.]+)", path.get("d", ""))
    ]
    for group in elements(root, "g", "day-today"):
        for rect in group.findall("svg:rect", NS):
            if css_class in rect.get("class", "").split() and "today-ring" not in rect.get("class", ""):
                positions.append((float(rect.get("x", 0)), float(rect.get("y", 0))))
    return positions


def day_cells(root: ET.Element, css_class: str) -> int:
    """How many days of the grid are drawn with ``css_class``."""
    return len(cell_positions(root, css_class))


def legend_samples(root: ET.Element, css_class: str) -> int:
    """The legend's sample squares (``<rect>``s outside today's group)."""
    in_today = {id(rect) for group in elements(root, "g", "day-today") for rect in group.iter()}
    return sum(1 for rect in elements(root, "rect", css_class) if id(rect) not in in_today)


def title_and_desc(root: ET.Element) -> tuple[str, str]:
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and desc is not None
    return title.text or "", desc.text or ""


def assert_accessible_svg(svg: str) -> ET.Element:
    """role=img, labelled by its own title and desc, scalable, and free of inline styles."""
    root = parse(svg)
    assert root.get("role") == "img"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") is None and root.get("height") is None  # CSS scales it from 320 px up
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert element.tag != "{http://www.w3.org/2000/svg}style"
    return root


def days_back(*statuses: DayStatus, ending: date = TODAY) -> dict[date, DayStatus]:
    first = ending - timedelta(days=len(statuses) - 1)
    return {first + timedelta(days=i): status for i, status in enumerate(statuses)}


# --- heatmap --------------------------------------------------------------------------------


def test_the_heatmap_draws_full_weeks_then_days_up_to_today() -> None:
    svg = heatmap_svg({}, end=THURSDAY, weeks=53)

    root = assert_accessible_svg(svg)
    # 52 full Monday-first weeks and Monday..Thursday of this one, each day once; the legend
    # shows one sample of each of the four statuses.
    positions = cell_positions(root, "cell")
    assert len(positions) == 52 * 7 + 4
    assert len(set(positions)) == len(positions)
    assert legend_samples(root, "cell") == 4
    assert isinstance(svg, SafeString)


def test_heatmap_weeks_start_on_monday_in_columns() -> None:
    first = heatmap_first_day(end=THURSDAY, weeks=3)

    assert first == date(2026, 11, 2)
    assert first.weekday() == 0

    root = parse(heatmap_svg({first: ON, first + timedelta(days=7): ON}, end=THURSDAY, weeks=3))
    on_time = cell_positions(root, "cell-on-time")
    assert len(on_time) == 2
    assert on_time[0][1] == on_time[1][1]  # both Mondays share a row
    assert on_time[1][0] > on_time[0][0]  # a week later is a column right


def test_heatmap_cells_carry_their_status_class_and_shape() -> None:
    history = days_back(ON, ON, LATE, PARTIAL, NONE, ending=THURSDAY)

    root = parse(heatmap_svg(history, end=THURSDAY, weeks=2))

    assert day_cells(root, "cell-on-time") == 2
    assert day_cells(root, "cell-late") == 1
    assert day_cells(root, "cell-partial") == 1
    assert day_cells(root, "cell-none") == 7 + 4 - 4  # absent days count as nothing written
    # Late and started differ in shape as well as colour: a half-fill and a dot, in the grid
    # (pieces of one path each) as in the legend (a path and a circle of their own).
    assert day_cells(root, "mark-late") == 1 + 1
    assert day_cells(root, "mark-partial") == 1
    assert len(elements(root, "circle", "mark-partial")) == 1
    for status in ("on-time", "late", "partial", "none"):
        assert legend_samples(root, f"cell-{status}") == 1


def test_heatmap_marks_today_with_a_class_a_ring_and_words() -> None:
    history = {THURSDAY: PARTIAL}

    root = assert_accessible_svg(heatmap_svg(history, end=THURSDAY, weeks=4))

    today_cells = elements(root, "rect", "cell-today")
    assert len(today_cells) == 1
    assert "cell-partial" in today_cells[0].get("class", "")
    assert len(elements(root, "rect", "today-ring")) == 1
    today_group = elements(root, "g", "day-today")[0]
    today_title = today_group.find("svg:title", NS)
    assert today_title is not None
    assert today_title.text == "Today, Thu 19 Nov 2026: started"
    _title, desc = title_and_desc(root)
    assert "Today, Thu 19 Nov 2026: started." in desc


def test_heatmap_title_and_description_summarise_the_year() -> None:
    history = days_back(ON, ON, ON, LATE, PARTIAL, ending=THURSDAY)

    title, desc = title_and_desc(parse(heatmap_svg(history, end=THURSDAY)))

    assert title == "Your gratitude days: 53 weeks to Thu 19 Nov 2026"
    assert "3 days written on the day, 1 day written later, 1 day started, 363 days nothing written" in desc
    assert desc.startswith("53 weeks from Mon 17 Nov 2025 to Thu 19 Nov 2026, one column per week")


def test_heatmap_labels_months_over_the_column_holding_their_first_day() -> None:
    root = parse(heatmap_svg({}, end=THURSDAY, weeks=53))

    labels = [el.text for el in elements(root, "text", "chart-label")]
    months = [label for label in labels if label in {"Nov", "Dec", "Jan", "Jun", "Oct"}]
    # Nov 2025 begins two columns before 1 Dec, too close to label; then one label per month.
    assert months == ["Dec", "Jan", "Jun", "Oct", "Nov"]
    assert {"Mon", "Wed", "Fri"} <= set(labels)


def test_heatmap_summary_counts_every_shown_day_once() -> None:
    history = days_back(ON, LATE, PARTIAL, ending=THURSDAY)
    history[date(2020, 1, 1)] = ON  # far outside the window

    counts = heatmap_summary(history, end=THURSDAY, weeks=2)

    assert counts == {ON: 1, LATE: 1, PARTIAL: 1, NONE: 7 + 4 - 3}
    assert list(counts) == [ON, LATE, PARTIAL, NONE]


def test_heatmap_months_split_counts_by_calendar_month() -> None:
    history = {date(2026, 10, 31): ON, date(2026, 11, 1): LATE, date(2026, 11, 2): ON}

    rows = heatmap_months(history, end=date(2026, 11, 2), weeks=2)

    assert [row.label for row in rows] == ["Oct 2026", "Nov 2026"]
    assert rows[0].counts[ON] == 1 and rows[0].counts[NONE] == 5  # 26..31 Oct
    assert rows[1].counts == {ON: 1, LATE: 1, PARTIAL: 0, NONE: 0}


def test_charts_are_deterministic() -> None:
    history = days_back(ON, LATE, PARTIAL, ON, ON)
    completions = {TODAY: time(20, 5), TODAY - timedelta(days=1): time(19, 40)}

    assert heatmap_svg(history, end=TODAY) == heatmap_svg(dict(reversed(history.items())), end=TODAY)
    assert path_svg(history, today=TODAY) == path_svg(history, today=TODAY)
    assert runs_svg(perfect_runs(history)) == runs_svg(perfect_runs(history))
    assert timing_svg(completions, reminder=time(20, 0), day_start_hour=0, today=TODAY) == timing_svg(
        completions, reminder=time(20, 0), day_start_hour=0, today=TODAY
    )


def test_untrusted_labels_and_ids_are_escaped() -> None:
    hostile = '<script>alert("x")</script> & <b>'

    svg = heatmap_svg({}, end=TODAY, title=hostile, id_prefix='x" onload="alert(1)')

    assert "<script>" not in svg
    assert "onload" not in parse(svg).attrib
    root = assert_accessible_svg(svg)
    title, _desc = title_and_desc(root)
    assert title == hostile  # the words survive, as text rather than markup
    assert elements(root, "script") == []
    assert root.get("id") == "x-onload-alert-1-2026-11-22"
    for chart in (
        path_svg({}, today=TODAY, title=hostile),
        runs_svg([], title=hostile),
        runs_svg([Run(TODAY, TODAY)], title=hostile),
        timing_svg({}, reminder=time(20, 0), day_start_hour=0, today=TODAY, title=hostile),
    ):
        assert title_and_desc(assert_accessible_svg(chart))[0] == hostile


# --- the 22-day path ------------------------------------------------------------------------


def test_the_path_shows_seven_of_twenty_two_with_today_done() -> None:
    root = assert_accessible_svg(path_svg(days_back(*[ON] * 7), today=TODAY))

    title, desc = title_and_desc(root)
    assert title == "22-day path: 7 of 22 days so far"
    assert desc.startswith("Today is day 7 of 22, written on the day. 15 days to go.")
    assert len(elements(root, "circle", "stone")) == 22
    assert len(elements(root, "circle", "stone-done")) == 7
    assert len(elements(root, "circle", "stone-ahead")) == 15
    today = elements(root, "circle", "stone-today")
    assert len(today) == 1 and "stone-done" in today[0].get("class", "")
    assert len(elements(root, "circle", "stone-milestone")) == 1


def test_an_unfinished_today_sits_after_yesterdays_stones() -> None:
    steps = path_steps(days_back(ON, ON, ON, PARTIAL), today=TODAY)

    assert [step.status for step in steps[:4]] == [ON, ON, ON, PARTIAL]
    assert steps[3].is_today and steps[3].number == 4
    assert steps[4].status is None
    assert steps[0].day == TODAY - timedelta(days=3)
    assert steps[3].label == "Day 4, Sun 22 Nov 2026: started"

    root = parse(path_svg(days_back(ON, ON, ON, PARTIAL), today=TODAY))
    assert len(elements(root, "circle", "stone-open")) == 1
    assert "Yesterday was day 3 of 22" in title_and_desc(root)[1]


def test_with_no_current_run_the_path_starts_fresh_today() -> None:
    history = days_back(ON, ON, NONE, NONE)

    steps = path_steps(history, today=TODAY)
    root = parse(path_svg(history, today=TODAY))

    assert steps[0].day == TODAY and steps[0].is_today
    assert title_and_desc(root)[0] == "22-day path: 0 of 22 days so far"
    assert "A fresh 22-day path starts today" in title_and_desc(root)[1]
    assert elements(root, "circle", "stone-done") == []


def test_day_twenty_three_starts_a_new_path() -> None:
    steps = path_steps(days_back(*[ON] * 23), today=TODAY)

    assert steps[0].day == TODAY
    assert [step.number for step in steps if step.status == ON] == [1]


def test_the_milestone_lights_every_stone() -> None:
    root = parse(path_svg(days_back(*[ON] * 44), today=TODAY))

    title, desc = title_and_desc(root)
    assert title == "22-day path: 22 of 22 days so far"
    assert "All 22 stones are lit" in desc
    assert len(elements(root, "circle", "stone-done")) == 22


# --- runs -----------------------------------------------------------------------------------


def test_runs_chart_draws_one_bar_per_recent_run_newest_first() -> None:
    runs = [Run(date(2026, 1, d), date(2026, 1, d)) for d in range(1, 31, 2)]  # 15 single days
    runs.append(Run(date(2026, 3, 1), date(2026, 3, 25)))

    shown = runs_rows(runs, limit=10)
    root = assert_accessible_svg(runs_svg(runs, limit=10))

    assert shown[0] == Run(date(2026, 3, 1), date(2026, 3, 25))
    assert len(shown) == 10
    assert len(elements(root, "rect", "bar")) == 10
    assert len(elements(root, "rect", "bar-milestone")) == 1
    assert len(elements(root, "line", "milestone-line")) == 1
    title, desc = title_and_desc(root)
    assert title == "Perfect runs: longest 25 days"
    assert "Longest: 25 days, 1–25 Mar 2026. 1 reached the 22-day mark." in desc
    labels = [el.text for el in elements(root, "text", "chart-label")]
    assert "1–25 Mar 2026" in labels


def test_a_longer_run_gets_a_longer_bar() -> None:
    root = parse(runs_svg([Run(date(2026, 1, 1), date(2026, 1, 4)), Run(date(2026, 2, 1), date(2026, 2, 2))]))

    newest, older = elements(root, "rect", "bar")
    assert float(older.get("width", 0)) == 2 * float(newest.get("width", 0))


def test_runs_chart_without_runs_says_so_kindly() -> None:
    root = assert_accessible_svg(runs_svg([]))

    assert title_and_desc(root)[0] == "Perfect runs: none yet"
    assert elements(root, "rect", "bar") == []


def test_range_labels_read_naturally() -> None:
    assert range_label(date(2026, 11, 3), date(2026, 11, 24)) == "3–24 Nov 2026"
    assert range_label(date(2026, 10, 28), date(2026, 11, 3)) == "28 Oct–3 Nov 2026"
    assert range_label(date(2025, 12, 30), date(2026, 1, 2)) == "30 Dec 2025–2 Jan 2026"
    assert range_label(date(2025, 12, 30), date(2026, 1, 2), compact=True) == "30 Dec–2 Jan 2026"
    assert range_label(date(2026, 1, 2), date(2026, 1, 2)) == "2 Jan 2026"


# --- timing ---------------------------------------------------------------------------------


def test_timing_chart_plots_each_complete_day_in_the_window() -> None:
    completions = {
        TODAY: time(20, 30),
        TODAY - timedelta(days=1): time(19, 50),
        TODAY - timedelta(days=21): time(20, 0),
        TODAY - timedelta(days=22): time(20, 0),  # outside the 22-day window
    }

    root = assert_accessible_svg(timing_svg(completions, reminder=time(20, 0), day_start_hour=0, today=TODAY))

    points = elements(root, "circle", "point")
    assert len(points) == 3
    assert len(elements(root, "circle", "point-today")) == 1
    assert len(elements(root, "line", "reminder-line")) == 1
    title, desc = title_and_desc(root)
    assert title == "Writing time, last 22 days"
    assert "Reminder at 20:00. 3 of the last 22 days complete." in desc
    assert "(median): 10 min" in desc


def test_timing_y_is_minutes_from_the_reminder_around_its_line() -> None:
    completions = {
        TODAY - timedelta(days=2): time(20, 0),
        TODAY - timedelta(days=1): time(20, 30),
        TODAY: time(19, 30),
    }

    root = parse(timing_svg(completions, reminder=time(20, 0), day_start_hour=0, today=TODAY))

    line = elements(root, "line", "reminder-line")[0]
    at, later, earlier = (float(p.get("cy", 0)) for p in elements(root, "circle", "point"))
    assert at == float(line.get("y1", 0))
    assert later < at < earlier  # later is drawn above the line
    assert at - later == earlier - at


def test_timing_points_are_measured_within_the_users_day() -> None:
    late_evening = timing_points({TODAY: time(0, 10)}, reminder=time(23, 50), day_start_hour=3, today=TODAY)
    morning = timing_points({TODAY: time(7, 0)}, reminder=time(20, 0), day_start_hour=0, today=TODAY)

    assert [point.minutes for point in late_evening] == [20]
    assert late_evening[0].label == "Sun 22 Nov 2026: 00:10, 20 min after the reminder"
    assert morning[0].label == "Sun 22 Nov 2026: 07:00, 780 min before the reminder"


def test_timing_scale_reaches_a_whole_day_without_clipping_a_point() -> None:
    completions = {TODAY - timedelta(days=n): time(0, 5) for n in range(3)}  # 1,425 min before 23:50

    root = parse(timing_svg(completions, reminder=time(23, 50), day_start_hour=0, today=TODAY))

    labels = [el.text for el in elements(root, "text", "chart-label")]
    assert "24 h earlier" in labels
    area = elements(root, "rect", "plot-area")[0]
    bottom = float(area.get("y", 0)) + float(area.get("height", 0))
    assert all(float(p.get("cy", 0)) < bottom for p in elements(root, "circle", "point"))


def test_timing_chart_on_the_first_days_says_what_it_will_show_instead_of_a_lone_dot() -> None:
    completions = {TODAY: time(20, 30), TODAY - timedelta(days=1): time(21, 0)}

    root = assert_accessible_svg(timing_svg(completions, reminder=time(20, 0), day_start_hour=0, today=TODAY))

    assert elements(root, "circle", "point") == []
    title, desc = title_and_desc(root)
    assert title == "Writing time: it appears after 3 days"
    assert "2 days complete on the day in the last 22 days so far. Once 3 are" in desc
    labels = [el.text for el in elements(root, "text", "chart-label")]
    assert "Your days appear here after 3" in labels


def test_timing_chart_without_complete_days_invites_rather_than_scolds() -> None:
    root = assert_accessible_svg(timing_svg({}, reminder=time(7, 30), day_start_hour=0, today=TODAY))

    assert elements(root, "circle", "point") == []
    assert "No day complete on the day in the last 22 days so far" in title_and_desc(root)[1]


def test_timing_scale_grows_in_whole_hours_to_fit_the_furthest_day() -> None:
    completions = {  # the furthest, today, is 235 min after 20:00
        TODAY: time(23, 55),
        TODAY - timedelta(days=1): time(20, 5),
        TODAY - timedelta(days=2): time(19, 0),
    }

    root = parse(timing_svg(completions, reminder=time(20, 0), day_start_hour=0, today=TODAY))

    labels = [el.text for el in elements(root, "text", "chart-label")]
    assert "4 h later" in labels and "4 h earlier" in labels
    top = min(float(p.get("cy", 0)) for p in elements(root, "circle", "point"))
    area = elements(root, "rect", "plot-area")[0]
    assert float(area.get("y", 0)) <= top  # the furthest point stays inside the plot


def test_charts_refuse_an_empty_window_rather_than_divide_by_zero() -> None:
    with pytest.raises(ValueError, match="window must be at least 1"):
        timing_svg({}, reminder=time(20, 0), day_start_hour=0, today=TODAY, window=0)
    with pytest.raises(ValueError, match="weeks must be at least 1"):
        heatmap_svg({}, end=TODAY, weeks=0)
    with pytest.raises(ValueError, match="length must be at least 1"):
        path_svg({}, today=TODAY, length=0)


# --- the heatmap from the user's first day, and its links -------------------------------------


def test_a_new_users_heatmap_starts_on_their_first_day() -> None:
    root = parse(heatmap_svg({}, end=THURSDAY, start=THURSDAY))

    assert len(cell_positions(root, "cell")) == 1  # today only: nothing before the first day
    title, desc = title_and_desc(root)
    assert title == "Your gratitude days: 1 week to Thu 19 Nov 2026"
    assert desc.startswith("1 week from Thu 19 Nov 2026 to Thu 19 Nov 2026")
    assert "1 day nothing written" in desc
    assert heatmap_summary({}, end=THURSDAY, start=THURSDAY)[NONE] == 1


def test_days_before_the_first_day_are_not_drawn_but_keep_their_weekday_row() -> None:
    first = date(2026, 11, 11)  # a Wednesday
    root = parse(heatmap_svg({first: ON}, end=THURSDAY, start=first))

    positions = cell_positions(root, "cell")
    assert len(positions) == (THURSDAY - first).days + 1
    wednesday = cell_positions(root, "cell-on-time")[0]
    assert wednesday[1] == min(y for _x, y in positions) + 2 * 14  # third row: Wednesday
    assert heatmap_summary({first: ON}, end=THURSDAY, start=first) == {ON: 1, LATE: 0, PARTIAL: 0, NONE: 8}


def test_a_start_longer_ago_than_the_year_changes_nothing() -> None:
    assert heatmap_svg({}, end=THURSDAY, start=date(2020, 1, 1)) == heatmap_svg({}, end=THURSDAY)


def test_a_narrow_heatmap_folds_its_legend_so_it_stays_narrow() -> None:
    narrow = parse(heatmap_svg({}, end=THURSDAY, start=THURSDAY))
    year = parse(heatmap_svg({}, end=THURSDAY))

    narrow_width = float(narrow.get("viewBox", "").split()[2])
    assert narrow_width < 330  # about 360 px at the phone's scale: no sideways scroll for a new user
    assert float(year.get("viewBox", "").split()[2]) == 32 + 53 * 14 + 14  # room for the last month's name
    assert legend_samples(narrow, "cell") == 4


def test_a_linked_heatmap_makes_every_drawn_day_a_named_link() -> None:
    history = {THURSDAY - timedelta(days=2): ON, THURSDAY - timedelta(days=1): PARTIAL, THURSDAY: LATE}
    first = THURSDAY - timedelta(days=3)

    svg = heatmap_svg(
        history,
        end=THURSDAY,
        start=first,
        day_href="/journal/",
        item_counts={THURSDAY - timedelta(days=1): 3},
    )

    root = parse(svg)
    # A picture's children are hidden from assistive technology, so a chart of links is a group.
    assert root.get("role") == "group"
    links = elements(root, "a")
    assert [link.get("href") for link in links] == [
        f"/journal/{(first + timedelta(days=n)).isoformat()}/" for n in range(4)
    ]
    names = [link.findtext("svg:title", namespaces=NS) for link in links]
    assert names == [
        "Monday 16 November 2026: nothing written",
        "Tuesday 17 November 2026: 5 of 5, on the day",
        "Wednesday 18 November 2026: 3 of 5",
        "Thursday 19 November 2026: 5 of 5, written later",
    ]
    # Each link covers its own square of the grid, and the drawing under them is hidden from
    # assistive technology, which reads the links instead.
    squares = {
        (float(x), float(y))
        for link in links
        for x, y in re.findall(r"M([\d.]+) ([\d.]+)", link.find("svg:path", NS).get("d", ""))  # type: ignore[union-attr]
    }
    assert squares == set(cell_positions(root, "cell"))
    hidden = [group for group in elements(root, "g") if group.get("aria-hidden") == "true"]
    assert len(hidden) == 1 and elements(hidden[0], "a") == []


def test_a_linked_heatmap_escapes_its_address() -> None:
    svg = heatmap_svg({}, end=THURSDAY, start=THURSDAY, day_href='/x"><script>')

    assert "<script>" not in svg
    assert parse(svg).find(".//svg:a", NS).get("href") == '/x"><script>2026-11-19/'  # type: ignore[union-attr]
