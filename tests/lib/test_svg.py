"""Every chart in every app comes out of one wrapper: a standalone, well-formed SVG image whose
title and description a screen reader announces, and whose words are never markup."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, time, timedelta

import pytest
from django.utils.safestring import SafeString

from compersion.lib.svg import svg_chart
from feelings import charts as feelings_charts
from journal import charts as journal_charts
from journal.streaks import DayStatus, Run
from kindness import charts as kindness_charts

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 11, 22)
MONDAY = date(2026, 11, 16)

CHARTS: dict[str, Callable[[], SafeString]] = {
    "journal heatmap": lambda: journal_charts.heatmap_svg({TODAY: DayStatus.ON_TIME}, end=TODAY, weeks=4),
    "journal path": lambda: journal_charts.path_svg({TODAY: DayStatus.ON_TIME}, today=TODAY),
    "journal runs": lambda: journal_charts.runs_svg([Run(start=MONDAY, end=TODAY)]),
    "journal timing": lambda: journal_charts.timing_svg(
        {TODAY: time(21, 0)}, reminder=time(20, 0), day_start_hour=0, today=TODAY
    ),
    "kindness weeks": lambda: kindness_charts.weekly_acts_chart([(MONDAY, 2)], target=1),
    "kindness spread": lambda: kindness_charts.spread_chart({("words", "friend"): 1}),
    "feelings lines": lambda: feelings_charts.line_chart(
        series=[feelings_charts.Series("calm", [(MONDAY, 3.0), (TODAY, 4.0)])],
        start=MONDAY,
        end=TODAY,
        y_max=5,
        title="Over time",
        desc="calm rose",
        chart_id="over-time",
    ),
    "feelings bars": lambda: feelings_charts.bar_chart(
        bars=[("calm and joy", 2)], title="Together", desc="two", chart_id="together"
    ),
    "feelings columns": lambda: feelings_charts.column_chart(
        columns=[(MONDAY - timedelta(weeks=1), 1), (MONDAY, 3)], title="Joys", desc="four", chart_id="joys"
    ),
}


@pytest.mark.parametrize("draw", CHARTS.values(), ids=CHARTS.keys())
def test_every_chart_is_a_standalone_svg_image_named_by_its_title_and_description(
    draw: Callable[[], SafeString],
) -> None:
    svg = draw()
    root = ET.fromstring(svg)  # noqa: S314 -- our own output, parsed to check it is well-formed
    assert root.tag == f"{SVG}svg"  # the SVG namespace, so the markup stands on its own as a file
    assert root.get("role") == "img"
    title, desc = list(root)[:2]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert title.text and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("id") and title.get("id") == f"{root.get('id')}-title"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert all("style" not in element.attrib for element in root.iter())  # the CSP forbids inline styles


def test_the_title_and_description_are_words_never_markup() -> None:
    svg = svg_chart(
        chart_id="c",
        css_class="chart",
        width=10,
        height=10,
        title='<script>alert("x")</script> & co',
        desc="<b>bold</b>",
        body=[],
    )
    root = ET.fromstring(svg)  # noqa: S314 -- our own output
    assert [child.text for child in root] == ['<script>alert("x")</script> & co', "<b>bold</b>"]
    assert "<script>" not in svg and "<b>" not in svg
