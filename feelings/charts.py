"""Server-rendered SVG charts: pure functions of their data, no database, no request.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that
says in words what the picture shows; templates add a data table beside it.
Series are told apart by position in the list the user chose (CSS classes
``series-0`` …, plus a different dash and marker), never by what a feeling is.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from compersion.lib.clock import week_start
from compersion.lib.svg import svg_chart

WIDTH = 420
HEIGHT = 220
PAD_LEFT = 30
PAD_RIGHT = 12
PAD_TOP = 12
PAD_BOTTOM = 30
SERIES_SLOTS = 6


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[date, float]] = field(default_factory=tuple)


def daily_means(rows: Iterable[tuple[date, str, int]]) -> dict[str, list[tuple[date, float]]]:
    """Per name, the mean intensity of each local day it was felt, in date order."""
    sums: dict[str, dict[date, list[int]]] = {}
    for day, name, value in rows:
        sums.setdefault(name, {}).setdefault(day, []).append(value)
    return {
        name: [(day, round(sum(vals) / len(vals), 1)) for day, vals in sorted(days.items())]
        for name, days in sums.items()
    }


def co_occurrence_counts(checkins: Iterable[Iterable[str]]) -> Counter[tuple[str, str]]:
    """How many check-ins held each pair of feelings together. Pairs are alphabetical."""
    counts: Counter[tuple[str, str]] = Counter()
    for names in checkins:
        for pair in itertools.combinations(sorted(set(names)), 2):
            counts[pair] += 1
    return counts


def top_pairs(counts: Counter[tuple[str, str]], *, limit: int = 8) -> list[tuple[str, int]]:
    # Ties are broken alphabetically so the chart is stable from one visit to the next.
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(f"{a} and {b}", n) for (a, b), n in ranked[:limit]]


def weekly_counts(days: Iterable[date], *, last_week: date, weeks: int) -> list[tuple[date, int]]:
    """Counts per Monday-based week, oldest first, for the ``weeks`` weeks ending with ``last_week``."""
    end = week_start(last_week)
    starts = [end - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    counts = Counter(week_start(day) for day in days)
    return [(start, counts.get(start, 0)) for start in starts]


def x_position(day: date, *, start: date, end: date) -> float:
    span = max((end - start).days, 1)
    inner = WIDTH - PAD_LEFT - PAD_RIGHT
    return round(PAD_LEFT + inner * (day - start).days / span, 1)


def y_position(value: float, *, y_max: float) -> float:
    inner = HEIGHT - PAD_TOP - PAD_BOTTOM
    return round(PAD_TOP + inner * (1 - value / y_max), 1)


def _marker(slot: int, x: float, y: float) -> SafeString:
    # Shapes differ by slot as well as colour, so the lines read without colour vision.
    shape = slot % 3
    if shape == 0:
        return format_html('<circle cx="{}" cy="{}" r="4"/>', x, y)
    if shape == 1:
        return format_html('<rect x="{}" y="{}" width="8" height="8"/>', round(x - 4, 1), round(y - 4, 1))
    return format_html(
        '<polygon points="{},{} {},{} {},{}"/>',
        x,
        round(y - 5, 1),
        round(x + 5, 1),
        round(y + 4, 1),
        round(x - 5, 1),
        round(y + 4, 1),
    )


def _y_axis(y_max: int, *, step: int) -> SafeString:
    rows = []
    for value in range(0, y_max + 1, step):
        y = y_position(value, y_max=y_max)
        rows.append(
            format_html(
                '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
                PAD_LEFT,
                y,
                WIDTH - PAD_RIGHT,
                y,
                PAD_LEFT - 6,
                round(y + 4, 1),
                value,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every piece went through format_html


def _day_label(day: date, *, other: date) -> str:
    # The year appears only when the axis spans two, so short ranges stay uncluttered.
    return day.strftime("%-d %b %Y" if day.year != other.year else "%-d %b")


def _x_labels(start: date, end: date) -> SafeString:
    baseline = HEIGHT - PAD_BOTTOM + 18
    return format_html(
        '<text class="chart-label" x="{}" y="{}" text-anchor="start">{}</text>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
        PAD_LEFT,
        baseline,
        _day_label(start, other=end),
        WIDTH - PAD_RIGHT,
        baseline,
        _day_label(end, other=start),
    )


def line_chart(
    *, series: Sequence[Series], start: date, end: date, y_max: int, title: str, desc: str, chart_id: str
) -> SafeString:
    """Several series on one set of axes, so feelings felt together are seen together."""
    parts = [_y_axis(y_max, step=1 if y_max <= 5 else 2), _x_labels(start, end)]
    for slot, one in enumerate(series):
        cls = f"chart-series series-{slot % SERIES_SLOTS}"
        coords = [
            (x_position(day, start=start, end=end), y_position(value, y_max=y_max))
            for day, value in one.points
            if start <= day <= end
        ]
        group = [format_html('<g class="{}"><title>{}</title>', cls, one.label)]
        if len(coords) > 1:
            path = " ".join(f"{x},{y}" for x, y in coords)
            group.append(format_html('<polyline class="chart-line" points="{}"/>', path))
        group.extend(_marker(slot, x, y) for x, y in coords)
        group.append(mark_safe("</g>"))  # noqa: S308 - a constant
        parts.extend(group)
    return svg_chart(
        chart_id=chart_id, css_class="chart", width=WIDTH, height=HEIGHT, title=title, desc=desc, body=parts
    )


def legend(series: Sequence[Series]) -> SafeString:
    """A list naming each series beside a sample of its line and marker."""
    items = format_html_join(
        "",
        '<li><svg class="legend-key" viewBox="0 0 28 12" aria-hidden="true" focusable="false">'
        '<g class="chart-series series-{}"><line class="chart-line" x1="0" y1="6" x2="28" y2="6"/>{}</g>'
        "</svg><bdi>{}</bdi></li>",
        ((slot % SERIES_SLOTS, _marker(slot, 14, 6), one.label) for slot, one in enumerate(series)),
    )
    return format_html('<ul class="chart-legend">{}</ul>', items)


def bar_chart(*, bars: Sequence[tuple[str, int]], title: str, desc: str, chart_id: str) -> SafeString:
    """Horizontal bars, one per label, all drawn alike; the label and number sit beside each bar."""
    row = 28
    height = max(row * len(bars) + 8, 40)
    label_width = 190
    inner = WIDTH - label_width - 48
    top = max((n for _, n in bars), default=0) or 1
    parts = []
    for index, (label, value) in enumerate(bars):
        y = 4 + index * row
        parts.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="18" rx="3"/>'
                '<text class="chart-label" x="{}" y="{}">{}</text>',
                label_width - 8,
                y + 14,
                label,
                label_width,
                y,
                round(inner * value / top, 1),
                round(label_width + inner * value / top + 6, 1),
                y + 14,
                value,
            )
        )
    return svg_chart(
        chart_id=chart_id, css_class="chart", width=WIDTH, height=height, title=title, desc=desc, body=parts
    )


def column_chart(*, columns: Sequence[tuple[date, int]], title: str, desc: str, chart_id: str) -> SafeString:
    """Vertical bars per week, oldest on the left."""
    top = max([n for _, n in columns] + [4])
    inner = WIDTH - PAD_LEFT - PAD_RIGHT
    slot = inner / max(len(columns), 1)
    parts = [_y_axis(top, step=max(1, top // 4))]
    for index, (start, value) in enumerate(columns):
        x = round(PAD_LEFT + slot * index + slot * 0.15, 1)
        y = y_position(value, y_max=top)
        parts.append(
            format_html(
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" rx="2">'
                "<title>{}</title></rect>",
                x,
                y,
                round(slot * 0.7, 1),
                round(HEIGHT - PAD_BOTTOM - y, 1),
                f"Week of {start.strftime('%-d %b')}: {value}",
            )
        )
    if columns:
        parts.append(_x_labels(columns[0][0], columns[-1][0]))
    return svg_chart(
        chart_id=chart_id, css_class="chart", width=WIDTH, height=HEIGHT, title=title, desc=desc, body=parts
    )


def in_words(names: Sequence[str]) -> str:
    """``["a", "b", "c"]`` as ``"a, b and c"``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def describe_series(series: Sequence[Series], *, unit: str = "intensity") -> str:
    """A sentence or two a screen reader can use instead of the picture."""
    if not any(one.points for one in series):
        return "Nothing recorded in this period yet."
    bits = []
    for one in series:
        if not one.points:
            bits.append(f"{one.label}: not recorded")
            continue
        values = [v for _, v in one.points]
        bits.append(
            f"{one.label}: {ngettext('%(n)d day', '%(n)d days', len(values)) % {'n': len(values)}}, "
            f"{unit} from {min(values):g} to {max(values):g}, latest {values[-1]:g}"
        )
    return "; ".join(bits) + "."
