"""Server-rendered SVG charts for the journal: pure geometry, class-based styling only.

Every chart is an inline ``<svg role="img">`` whose ``<title>`` and ``<desc>`` carry its
meaning in words, with a companion function returning the same facts as data for a table or
list under the chart. Output is deterministic (same input, same bytes) and uses no ``style``
attributes, because the Content-Security-Policy forbids inline styles; colours, strokes and
fonts come from the ``/* charts */`` section of static/css/app.css.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils.html import escape
from django.utils.safestring import SafeString

from compersion.lib.svg import svg_chart
from journal.streaks import (
    MINUTES_PER_DAY,
    PATH_LENGTH,
    DayStatus,
    Run,
    StreakSummary,
    minutes_from_reminder,
    path_day_for,
    status_of,
    streak_summary,
    timing_median,
    timing_window,
)

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

STATUS_LABELS: dict[DayStatus, str] = {
    DayStatus.ON_TIME: "written on the day",
    DayStatus.LATE: "written later",
    DayStatus.PARTIAL: "started",
    DayStatus.NONE: "nothing written",
}
"""Plain words for each day status, shared by chart descriptions and the text alternatives."""


# --- shared helpers ---------------------------------------------------------------------------


def day_label(day: date) -> str:
    """'Sun 22 Nov 2026', independent of the process locale."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_day_label(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def range_label(start: date, end: date, *, compact: bool = False) -> str:
    """'3–24 Nov 2026', '28 Oct–3 Nov 2026' or '30 Dec 2025–2 Jan 2026'.

    `compact` drops the first year of a range crossing New Year, to fit a chart's margin."""
    if start == end:
        return f"{short_day_label(end)} {end.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTH_NAMES[end.month - 1]} {end.year}"
    if start.year == end.year or compact:
        return f"{short_day_label(start)}–{short_day_label(end)} {end.year}"
    return f"{short_day_label(start)} {start.year}–{short_day_label(end)} {end.year}"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _num(value: float) -> str:
    """Coordinates with at most two decimals and no trailing zeros, so output is stable."""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _chart_id(prefix: str) -> str:
    # ids end up inside attributes and aria references: keep them to a boring alphabet.
    slug = re.sub(r"[^a-z0-9]+", "-", prefix.lower()).strip("-")
    return slug or "chart"


def _require_positive(**sizes: int) -> None:
    for name, value in sizes.items():
        if value < 1:
            raise ValueError(f"{name} must be at least 1, not {value}")


def _status_slug(status: DayStatus) -> str:
    return status.value.replace("_", "-")


def _text(x: float, y: float, text: str, *, css_class: str = "chart-label", anchor: str = "start") -> str:
    return (
        f'<text class="{css_class}" x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}">{escape(text)}</text>'
    )


# --- year heatmap -----------------------------------------------------------------------------

CELL = 11
PITCH = 14  # cell plus gap
HEATMAP_LEFT = 32  # room for weekday labels
HEATMAP_TOP = 20  # room for month labels
HEATMAP_RIGHT = 14  # room for a month label over the last column
LEGEND_HEIGHT = 28
LEGEND_ROW = 18
HEATMAP_WEEKS = 53
WEEKDAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_WORDS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_day_label(day: date) -> str:
    """'Tuesday 3 March 2026', independent of the process locale: a heatmap link's name."""
    return f"{WEEKDAY_WORDS[day.weekday()]} {day.day} {MONTH_WORDS[day.month - 1]} {day.year}"


def heatmap_first_day(*, end: date, weeks: int = HEATMAP_WEEKS, start: date | None = None) -> date:
    """The first day the heatmap draws: the Monday opening `weeks` Monday-first columns, the
    last holding `end`; or `start` (the user's first day) when that is later, so a new user's
    year begins on the day they did."""
    monday = end - timedelta(days=end.weekday(), weeks=weeks - 1)
    if start is None or start <= monday:
        return monday
    return min(start, end)


def _heatmap_days(end: date, weeks: int, start: date | None = None) -> list[date]:
    first = heatmap_first_day(end=end, weeks=weeks, start=start)
    return [first + timedelta(days=offset) for offset in range((end - first).days + 1)]


def heatmap_summary(
    days: Mapping[date, DayStatus], *, end: date, weeks: int = HEATMAP_WEEKS, start: date | None = None
) -> dict[DayStatus, int]:
    """How many days of each status the heatmap shows (absent days count as NONE)."""
    counts = dict.fromkeys(DayStatus, 0)
    for day in _heatmap_days(end, weeks, start):
        counts[status_of(days.get(day))] += 1
    return counts


@dataclass(frozen=True)
class MonthRow:
    """One month of the heatmap for the table under it (the first and last may be partial)."""

    year: int
    month: int
    counts: dict[DayStatus, int]

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"


def heatmap_months(
    days: Mapping[date, DayStatus], *, end: date, weeks: int = HEATMAP_WEEKS, start: date | None = None
) -> list[MonthRow]:
    """Per-month status counts over the heatmap's range, oldest first."""
    rows: dict[tuple[int, int], dict[DayStatus, int]] = {}
    for day in _heatmap_days(end, weeks, start):
        counts = rows.setdefault((day.year, day.month), dict.fromkeys(DayStatus, 0))
        counts[status_of(days.get(day))] += 1
    return [MonthRow(year, month, counts) for (year, month), counts in rows.items()]


def _month_label_columns(first: date, *, end: date, weeks: int) -> list[tuple[int, int]]:
    """(column, month) pairs: each month is labelled over the column holding its 1st. The first
    column is labelled with its own month too, unless the next label is too close to fit."""
    labels: list[tuple[int, int]] = []
    for column in range(weeks):
        monday = first + timedelta(weeks=column)
        sunday = min(monday + timedelta(days=6), end)
        if monday.day == 1 or sunday.month != monday.month or (sunday.day < monday.day):
            labels.append((column, sunday.month))
    if not labels or labels[0][0] >= 3:
        labels.insert(0, (0, first.month))
    return labels


def _day_shape(x: float, y: float, status: DayStatus, *, size: float = CELL) -> list[str]:
    """A day cell whose status shows in its shape as well as its colour: on the day is a solid
    square, later is a half-filled square, started is a dot, nothing is an empty outline."""
    shapes = [
        f'<rect class="cell cell-{_status_slug(status)}" x="{_num(x)}" y="{_num(y)}" '
        f'width="{_num(size)}" height="{_num(size)}" rx="2"/>'
    ]
    if status == DayStatus.LATE:
        shapes.append(
            f'<path class="mark mark-late" d="M{_num(x)} {_num(y + size)}'
            f'L{_num(x + size)} {_num(y)}L{_num(x + size)} {_num(y + size)}Z"/>'
        )
    elif status == DayStatus.PARTIAL:
        shapes.append(
            f'<circle class="mark mark-partial" cx="{_num(x + size / 2)}" cy="{_num(y + size / 2)}" '
            f'r="{_num(size / 4)}"/>'
        )
    return shapes


LEGEND_ORDER = (DayStatus.ON_TIME, DayStatus.LATE, DayStatus.PARTIAL, DayStatus.NONE)


def _legend_step(status: DayStatus) -> float:
    return CELL + 5 + 6.2 * len(STATUS_LABELS[status]) + 18


# The legend on one line, and the widest of its two lines when it is folded in two.
LEGEND_WIDE = sum(_legend_step(status) for status in LEGEND_ORDER)
LEGEND_NARROW = max(
    _legend_step(LEGEND_ORDER[0]) + _legend_step(LEGEND_ORDER[1]), sum(map(_legend_step, LEGEND_ORDER[2:]))
)


def _heatmap_legend(y: float, *, rows: int) -> list[str]:
    """The four samples and their words: on one line, or two lines of two under a narrow grid."""
    parts: list[str] = []
    x = float(HEATMAP_LEFT)
    for index, status in enumerate(LEGEND_ORDER):
        if rows == 2 and index == 2:
            x, y = float(HEATMAP_LEFT), y + LEGEND_ROW
        parts.extend(_day_shape(x, y, status))
        parts.append(_text(x + CELL + 5, y + CELL - 1, STATUS_LABELS[status]))
        x += _legend_step(status)
    return parts


def _day_words(status: DayStatus, count: int | None, *, per_day: int) -> str:
    """What a heatmap link says of its day after the date, e.g. "5 of 5, on the day"."""
    if status == DayStatus.ON_TIME:
        return f"{per_day} of {per_day}, on the day"
    if status == DayStatus.LATE:
        return f"{per_day} of {per_day}, written later"
    if status == DayStatus.PARTIAL:
        return f"{count} of {per_day}" if count else STATUS_LABELS[status]
    return STATUS_LABELS[status]


def heatmap_svg(
    days: Mapping[date, DayStatus],
    *,
    end: date,
    weeks: int = HEATMAP_WEEKS,
    start: date | None = None,
    day_href: str | None = None,
    item_counts: Mapping[date, int] | None = None,
    per_day: int = 5,
    title: str | None = None,
    id_prefix: str = "heatmap",
) -> SafeString:
    """Year heatmap: one Monday-first column per week, the last column ending at `end` (today),
    the first holding `start` (the user's first day) when that is less than `weeks` ago.

    Days before `start` and after `end` are not drawn. `end` gets the ``cell-today`` class, a ring
    and a tooltip. With `day_href` (the journal's URL, e.g. "/journal/") every drawn day is also a
    link to its page, named like "Tuesday 3 March 2026: 3 of 5" (`item_counts` gives a started
    day's count): a transparent square over the drawing, which stays one path per status.
    """
    _require_positive(weeks=weeks)
    first = heatmap_first_day(end=end, weeks=weeks, start=start)
    origin = first - timedelta(days=first.weekday())  # the Monday of the first column
    columns = (end - origin).days // 7 + 1
    body: list[str] = []

    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        body.append(_text(HEATMAP_LEFT - 6, HEATMAP_TOP + row * PITCH + CELL - 1, name, anchor="end"))

    for column, month in _month_label_columns(origin, end=end, weeks=columns):
        body.append(_text(HEATMAP_LEFT + column * PITCH, HEATMAP_TOP - 7, MONTH_NAMES[month - 1]))

    # The year's cells, one <path> per status (a square per day) and one per mark, rather than
    # an element per day: the same drawing in a quarter of the bytes. Today is drawn on its own,
    # as a <rect> with its words and a ring, over the rest.
    counts = dict.fromkeys(DayStatus, 0)
    cells: dict[DayStatus, list[str]] = {status: [] for status in DayStatus}
    marks: dict[DayStatus, list[str]] = {DayStatus.LATE: [], DayStatus.PARTIAL: []}
    links: list[str] = []
    today_group = ""
    for day in _heatmap_days(end, weeks, start):
        offset = (day - origin).days
        x, y = HEATMAP_LEFT + (offset // 7) * PITCH, HEATMAP_TOP + (offset % 7) * PITCH
        status = status_of(days.get(day))
        counts[status] += 1
        if day_href is not None:
            words = _day_words(status, (item_counts or {}).get(day), per_day=per_day)
            links.append(
                f'<a href="{escape(day_href)}{day.isoformat()}/">'
                f"<title>{long_day_label(day)}: {words}</title>"
                f'<path d="M{x} {y}h{CELL}v{CELL}h-{CELL}z"/></a>'
            )
        if day == end:
            shapes = _day_shape(x, y, status)
            shapes[0] = shapes[0].replace('class="cell ', 'class="cell cell-today ', 1)
            today_group = (
                f'<g class="day-today"><title>Today, {escape(day_label(day))}: '
                f"{escape(STATUS_LABELS[status])}</title>{''.join(shapes)}"
                f'<rect class="today-ring" x="{_num(x - 2)}" y="{_num(y - 2)}" '
                f'width="{CELL + 4}" height="{CELL + 4}" rx="3" fill="none"/></g>'
            )
            continue
        cells[status].append(f"M{x} {y}h{CELL}v{CELL}h-{CELL}z")
        if status == DayStatus.LATE:
            marks[status].append(f"M{x} {y + CELL}l{CELL}-{CELL}v{CELL}z")
        elif status == DayStatus.PARTIAL:
            radius = CELL / 4
            marks[status].append(
                f"M{_num(x + CELL / 2 - radius)} {_num(y + CELL / 2)}"
                f"a{_num(radius)} {_num(radius)} 0 1 0 {_num(2 * radius)} 0"
                f"a{_num(radius)} {_num(radius)} 0 1 0 -{_num(2 * radius)} 0"
            )
    for status, pieces in cells.items():
        if pieces:
            body.append(f'<path class="cell cell-{_status_slug(status)}" d="{"".join(pieces)}"/>')
    for status, pieces in marks.items():
        if pieces:
            body.append(f'<path class="mark mark-{_status_slug(status)}" d="{"".join(pieces)}"/>')
    body.append(today_group)

    grid_width = columns * PITCH
    legend_rows = 1 if grid_width >= LEGEND_WIDE else 2
    legend_width = LEGEND_WIDE if legend_rows == 1 else LEGEND_NARROW
    grid_bottom = HEATMAP_TOP + 7 * PITCH
    body.extend(_heatmap_legend(grid_bottom + 8, rows=legend_rows))
    if links:
        # The drawing is a picture of the links that follow: assistive technology reads the links.
        body = ['<g aria-hidden="true">', *body, '</g><g class="day-links">', *links, "</g>"]

    today_status = status_of(days.get(end))
    span = f"{columns} week{'' if columns == 1 else 's'}"
    desc = (
        f"{span} from {day_label(first)} to {day_label(end)}, one column per week starting on Monday. "
        + ", ".join(f"{_days(counts[status])} {STATUS_LABELS[status]}" for status in DayStatus)
        + f". Today, {day_label(end)}: {STATUS_LABELS[today_status]}."
    )
    return svg_chart(
        chart_id=_chart_id(f"{id_prefix}-{end.isoformat()}"),
        css_class="chart chart-heatmap" + (" chart-linked" if links else ""),
        width=HEATMAP_LEFT + math.ceil(max(grid_width, legend_width)) + HEATMAP_RIGHT,
        height=grid_bottom + LEGEND_HEIGHT + (LEGEND_ROW if legend_rows == 2 else 0),
        title=title or f"Your gratitude days: {span} to {day_label(end)}",
        desc=desc,
        body=body,
        role="group" if links else "img",
    )


# --- the 22-day path --------------------------------------------------------------------------


@dataclass(frozen=True)
class PathStep:
    number: int  # 1..length
    day: date
    status: DayStatus | None  # None for days still ahead
    is_today: bool

    @property
    def label(self) -> str:
        state = "ahead" if self.status is None else STATUS_LABELS[self.status]
        return f"Day {self.number}, {day_label(self.day)}: {state}"


def path_steps(days: Mapping[date, DayStatus], *, today: date, length: int = PATH_LENGTH) -> list[PathStep]:
    """The stones of the current path: its days so far (all written on the day), today, and the
    days still ahead. With no current run the path starts today."""
    summary = streak_summary(days, today=today)
    return _path_steps(days, summary, today=today, length=length)


def _path_steps(
    days: Mapping[date, DayStatus], summary: StreakSummary, *, today: date, length: int
) -> list[PathStep]:
    position = path_day_for(summary.current, length=length)
    if position == 0:
        start = today
    else:
        last_done = today if summary.today_status == DayStatus.ON_TIME else today - timedelta(days=1)
        start = last_done - timedelta(days=position - 1)
    steps = []
    for index in range(length):
        day = start + timedelta(days=index)
        status = status_of(days.get(day)) if day <= today else None
        steps.append(PathStep(number=index + 1, day=day, status=status, is_today=day == today))
    return steps


PATH_WIDTH = 320
PATH_HEIGHT = 84
PATH_MARGIN = 14


def _path_desc(summary: StreakSummary, *, length: int, done: int) -> str:
    if done == 0:
        return (
            f"A fresh {length}-day path starts today. Each day written on the day lights the next stone; "
            "days written later still count as practised."
        )
    if done == length and summary.today_status == DayStatus.ON_TIME:
        return f"All {length} stones are lit: {length} days in a row written on the day. Lovely work."
    if summary.today_status == DayStatus.ON_TIME:
        return f"Today is day {done} of {length}, written on the day. {_days(length - done)} to go."
    if done == length:
        return f"Yesterday completed all {length} days. Today's entry begins the next path."
    return (
        f"Yesterday was day {done} of {length}. Today is still open: finishing it today makes it "
        f"day {done + 1}."
    )


def path_svg(
    days: Mapping[date, DayStatus],
    *,
    today: date,
    length: int = PATH_LENGTH,
    title: str | None = None,
    id_prefix: str = "path",
) -> SafeString:
    """The current 22-day path as a zigzag of stepping stones: lit for days done, a ring on today."""
    _require_positive(length=length)
    summary = streak_summary(days, today=today)
    steps = _path_steps(days, summary, today=today, length=length)
    done = sum(1 for step in steps if step.status == DayStatus.ON_TIME)
    spacing = (PATH_WIDTH - 2 * PATH_MARGIN) / max(length - 1, 1)
    points = [(PATH_MARGIN + i * spacing, 38.0 if i % 2 == 0 else 50.0) for i in range(length)]

    body = [
        '<polyline class="path-line" fill="none" points="'
        + " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        + '"/>'
    ]
    for step, (x, y) in zip(steps, points, strict=True):
        if step.status == DayStatus.ON_TIME:
            state = "done"
        elif step.is_today:
            state = "open"
        else:
            state = "ahead"
        classes = f"stone stone-{state}" + (" stone-today" if step.is_today else "")
        classes += " stone-milestone" if step.number == length else ""
        radius = 7 if step.number == length else 5
        body.append(f'<circle class="{classes}" cx="{_num(x)}" cy="{_num(y)}" r="{radius}"/>')
        if step.is_today:
            body.append(
                f'<circle class="today-ring" cx="{_num(x)}" cy="{_num(y)}" r="{radius + 3}" fill="none"/>'
            )
            body.append(_text(x, 20, "Today", anchor="middle"))
    body.append(_text(points[0][0], 74, "1", anchor="middle"))
    body.append(_text(points[-1][0], 74, str(length), anchor="middle"))

    return svg_chart(
        chart_id=_chart_id(f"{id_prefix}-{today.isoformat()}"),
        css_class="chart chart-path",
        width=PATH_WIDTH,
        height=PATH_HEIGHT,
        title=title or f"{length}-day path: {done} of {length} days so far",
        desc=_path_desc(summary, length=length, done=done),
        body=body,
    )


# --- history of perfect runs ------------------------------------------------------------------

RUNS_WIDTH = 320
RUNS_ROW = 22
RUNS_LABEL = 118
RUNS_TOP = 22


def runs_rows(runs: Sequence[Run], *, limit: int = 20) -> list[Run]:
    """The runs the chart shows: the `limit` most recent, newest first."""
    newest_first = sorted(runs, key=lambda run: run.end, reverse=True)
    return newest_first[:limit]


def runs_svg(
    runs: Sequence[Run], *, limit: int = 20, title: str | None = None, id_prefix: str = "runs"
) -> SafeString:
    """Horizontal bars for the most recent perfect runs, newest on top, with the 22-day mark."""
    shown = runs_rows(runs, limit=limit)
    chart_id = _chart_id(f"{id_prefix}-{shown[0].end.isoformat()}" if shown else id_prefix)
    if not shown:
        return svg_chart(
            chart_id=chart_id,
            css_class="chart chart-runs",
            width=RUNS_WIDTH,
            height=40,
            title=title or "Perfect runs: none yet",
            desc="No runs of days written on the day yet. The first one starts with a single day.",
            body=[_text(RUNS_WIDTH / 2, 25, "Your runs will appear here", anchor="middle")],
        )

    longest = max(shown, key=lambda run: (run.length, run.end))
    scale_days = max(longest.length, PATH_LENGTH)
    bar_left, bar_right = RUNS_LABEL, RUNS_WIDTH - 48
    per_day = (bar_right - bar_left) / scale_days
    height = RUNS_TOP + len(shown) * RUNS_ROW + 6

    milestone_x = bar_left + PATH_LENGTH * per_day
    body = [
        f'<line class="milestone-line" x1="{_num(milestone_x)}" y1="{RUNS_TOP - 6}" '
        f'x2="{_num(milestone_x)}" y2="{_num(height - 4)}"/>',
        _text(milestone_x, RUNS_TOP - 10, f"{PATH_LENGTH} days", anchor="middle"),
    ]
    for index, run in enumerate(shown):
        y = RUNS_TOP + index * RUNS_ROW
        width = run.length * per_day
        classes = "bar" + (" bar-milestone" if run.length >= PATH_LENGTH else "")
        body.append(_text(bar_left - 6, y + 15, range_label(run.start, run.end, compact=True), anchor="end"))
        body.append(
            f'<rect class="{classes}" x="{_num(bar_left)}" y="{y + 4}" width="{_num(width)}" '
            'height="14" rx="3"/>'
        )
        body.append(_text(bar_left + width + 4, y + 15, _days(run.length), css_class="chart-value"))

    reached = sum(1 for run in shown if run.length >= PATH_LENGTH)
    desc = (
        f"The {len(shown)} most recent {'run' if len(shown) == 1 else 'runs'} of days written on the day, "
        f"newest first. Longest: {_days(longest.length)}, {range_label(longest.start, longest.end)}. "
        f"{reached} reached the {PATH_LENGTH}-day mark."
    )
    return svg_chart(
        chart_id=chart_id,
        css_class="chart chart-runs",
        width=RUNS_WIDTH,
        height=height,
        title=title or f"Perfect runs: longest {_days(longest.length)}",
        desc=desc,
        body=body,
    )


# --- writing time relative to the reminder ----------------------------------------------------


@dataclass(frozen=True)
class TimingPoint:
    day: date
    completed_at: time
    minutes: int  # signed minutes from the reminder within the user's day: positive is after it

    @property
    def label(self) -> str:
        if self.minutes == 0:
            relation = "at the reminder"
        else:
            relation = f"{abs(self.minutes)} min {'after' if self.minutes > 0 else 'before'} the reminder"
        return f"{day_label(self.day)}: {self.completed_at:%H:%M}, {relation}"


def timing_points(
    completions: Mapping[date, time],
    *,
    reminder: time,
    day_start_hour: int,
    today: date,
    window: int = PATH_LENGTH,
) -> list[TimingPoint]:
    """One point per complete day in the `window` days ending today, oldest first."""
    return [
        TimingPoint(
            day,
            completions[day],
            minutes_from_reminder(completions[day], reminder, day_start_hour=day_start_hour),
        )
        for day in timing_window(completions, today=today, window=window)
    ]


TIMING_WIDTH = 320
TIMING_HEIGHT = 172
TIMING_LEFT = 78
TIMING_RIGHT = 10
TIMING_TOP = 12
TIMING_PLOT_HEIGHT = 130
TIMING_FEW = 3
"""Points the timing chart needs before it draws them: one or two dots say nothing of a habit."""
TIMING_MARGIN = 5  # minutes kept between the furthest point and the edge, so no dot sits on it


def _hours(minutes: int) -> str:
    return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes} min"


def timing_span(points: Sequence[TimingPoint]) -> int:
    """Minutes from the reminder line to the top (and bottom) edge: whole hours, at least one,
    at most a day, always beyond the furthest point."""
    furthest = max((abs(point.minutes) for point in points), default=0)
    return min(max(60, math.ceil((furthest + TIMING_MARGIN) / 60) * 60), MINUTES_PER_DAY)


def _reminder_line(mid: float, right: float) -> str:
    y = _num(mid)
    return f'<line class="reminder-line" x1="{TIMING_LEFT}" y1="{y}" x2="{_num(right)}" y2="{y}"/>'


def _timing_waiting(
    points: Sequence[TimingPoint], *, reminder: time, window: int, title: str | None, chart_id: str
) -> SafeString:
    """The first days: the reminder line and what will appear, rather than a lone dot."""
    mid = TIMING_TOP + TIMING_PLOT_HEIGHT / 2
    right = TIMING_WIDTH - TIMING_RIGHT
    so_far = "No day" if not points else _days(len(points))
    desc = (
        f"Reminder at {reminder:%H:%M}. {so_far} complete on the day in the last {window} days so far. "
        f"Once {TIMING_FEW} are, each one shows here as a point: above the line when you wrote after "
        "the reminder, below it when you wrote before."
    )
    return svg_chart(
        chart_id=chart_id,
        css_class="chart chart-timing",
        width=TIMING_WIDTH,
        height=TIMING_HEIGHT,
        title=title or f"Writing time: it appears after {TIMING_FEW} days",
        desc=desc,
        body=[
            f'<rect class="plot-area" x="{TIMING_LEFT}" y="{TIMING_TOP}" '
            f'width="{right - TIMING_LEFT}" height="{TIMING_PLOT_HEIGHT}"/>',
            _reminder_line(mid, right),
            _text(TIMING_LEFT - 6, mid + 4, f"{reminder:%H:%M}", anchor="end"),
            _text((TIMING_LEFT + right) / 2, TIMING_TOP + 24, "Later than the reminder", anchor="middle"),
            _text((TIMING_LEFT + right) / 2, mid + 36, "Earlier than the reminder", anchor="middle"),
            _text(
                (TIMING_LEFT + right) / 2,
                TIMING_HEIGHT - 8,
                f"Your days appear here after {TIMING_FEW}",
                anchor="middle",
            ),
        ],
    )


def timing_svg(
    completions: Mapping[date, time],
    *,
    reminder: time,
    day_start_hour: int,
    today: date,
    window: int = PATH_LENGTH,
    title: str | None = None,
    id_prefix: str = "timing",
) -> SafeString:
    """Each complete day's writing time as minutes from the reminder within the user's day: the
    horizontal line is the reminder, points above it are later, below it earlier. The scale grows
    in whole hours, up to a whole day. Fewer than ``TIMING_FEW`` points draw no points, only what
    the chart will show."""
    _require_positive(window=window)
    points = timing_points(
        completions, reminder=reminder, day_start_hour=day_start_hour, today=today, window=window
    )
    chart_id = _chart_id(f"{id_prefix}-{today.isoformat()}")
    if len(points) < TIMING_FEW:
        return _timing_waiting(points, reminder=reminder, window=window, title=title, chart_id=chart_id)
    span = timing_span(points)
    mid = TIMING_TOP + TIMING_PLOT_HEIGHT / 2
    plot_width = TIMING_WIDTH - TIMING_LEFT - TIMING_RIGHT
    column = plot_width / window
    first = today - timedelta(days=window - 1)

    def y_for(minutes: float) -> float:
        return mid - minutes / span * (TIMING_PLOT_HEIGHT / 2)

    right = TIMING_WIDTH - TIMING_RIGHT
    body = [
        f'<rect class="plot-area" x="{TIMING_LEFT}" y="{TIMING_TOP}" width="{_num(plot_width)}" '
        f'height="{TIMING_PLOT_HEIGHT}"/>',
        _reminder_line(mid, right),
        _text(TIMING_LEFT - 6, mid + 4, f"{reminder:%H:%M}", anchor="end"),
        _text(TIMING_LEFT - 6, TIMING_TOP + 10, f"{_hours(span)} later", anchor="end"),
        _text(TIMING_LEFT - 6, TIMING_TOP + TIMING_PLOT_HEIGHT - 2, f"{_hours(span)} earlier", anchor="end"),
        _text(TIMING_LEFT, TIMING_HEIGHT - 8, short_day_label(first)),
        _text(right, TIMING_HEIGHT - 8, "Today", anchor="end"),
    ]
    for point in points:
        x = TIMING_LEFT + ((point.day - first).days + 0.5) * column
        classes = "point" + (" point-today" if point.day == today else "")
        body.append(f'<circle class="{classes}" cx="{_num(x)}" cy="{_num(y_for(point.minutes))}" r="3.5"/>')

    median = timing_median(
        completions, reminder=reminder, day_start_hour=day_start_hour, today=today, window=window
    )
    minutes = [point.minutes for point in points]
    desc = (
        f"Reminder at {reminder:%H:%M}. {len(points)} of the last {window} days complete. "
        f"Typical distance from the reminder (median): {median} min. "
        f"Earliest {min(minutes):+d} min, latest {max(minutes):+d} min."
    )
    return svg_chart(
        chart_id=chart_id,
        css_class="chart chart-timing",
        width=TIMING_WIDTH,
        height=TIMING_HEIGHT,
        title=title or f"Writing time, last {window} days",
        desc=desc,
        body=body,
    )
