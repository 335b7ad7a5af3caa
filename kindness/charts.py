"""Server-rendered SVG charts for kindness: pure functions from numbers to markup.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that says in
words what the picture shows; pages also render the numbers as a table. Colours come
from CSS classes (``chart-*`` in app.css), so light and dark mode both work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from compersion.lib.svg import svg_chart
from kindness.models import Category, RecipientKind

WEEKS_WIDTH = 640
WEEKS_HEIGHT = 200
PAD_LEFT = 32
PAD_RIGHT = 8
PAD_TOP = 12
PAD_BOTTOM = 28


def weekly_acts_description(weeks: Sequence[tuple[date, int]], *, target: int) -> str:
    met = sum(1 for _, count in weeks if count >= target)
    total = sum(count for _, count in weeks)
    this_week = weeks[-1][1] if weeks else 0
    acts = ngettext("%(n)d act", "%(n)d acts", total) % {"n": total}
    span = ngettext("the last week", "the last %(n)d weeks", len(weeks)) % {"n": len(weeks)}
    return (
        f"{acts} over {span} against a target of {target} a week. "
        f"The target was met in {met} of those weeks; this week has {this_week} so far."
    )


def weekly_acts_chart(weeks: Sequence[tuple[date, int]], *, target: int) -> SafeString:
    """Bars of acts per ISO week (oldest first) with a dashed line at the weekly target."""
    plot_w = WEEKS_WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = WEEKS_HEIGHT - PAD_TOP - PAD_BOTTOM
    top = max([target, 1, *(count for _, count in weeks)])
    slot = plot_w / max(len(weeks), 1)
    parts: list[str] = []
    for value in sorted({0, target, top}):
        y = PAD_TOP + plot_h - plot_h * value / top
        parts.append(
            format_html(
                '<text class="chart-axis" x="{}" y="{}" text-anchor="end">{}</text>',
                PAD_LEFT - 6,
                round(y + 4, 1),
                value,
            )
        )
    previous_month = None
    last_label = -99
    for index, (monday, count) in enumerate(weeks):
        x = PAD_LEFT + index * slot
        height = plot_h * count / top
        css = "chart-bar chart-bar-met" if count >= target else "chart-bar"
        parts.append(
            format_html(
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}" rx="2"></rect>',
                css,
                round(x + slot * 0.15, 1),
                round(PAD_TOP + plot_h - height, 1),
                round(slot * 0.7, 1),
                round(height, 1),
            )
        )
        # A month's first week gets a label, unless the last label is too close to read.
        if monday.month != previous_month and index - last_label >= 3:
            previous_month, last_label = monday.month, index
            parts.append(
                format_html(
                    '<text class="chart-axis" x="{}" y="{}">{}</text>',
                    round(x, 1),
                    WEEKS_HEIGHT - 8,
                    monday.strftime("%b"),
                )
            )
    target_y = round(PAD_TOP + plot_h - plot_h * target / top, 1)
    parts.append(
        format_html(
            '<line class="chart-target" x1="{}" x2="{}" y1="{}" y2="{}"></line>',
            PAD_LEFT,
            WEEKS_WIDTH - PAD_RIGHT,
            target_y,
            target_y,
        )
    )
    parts.append(
        format_html(
            '<line class="chart-baseline" x1="{}" x2="{}" y1="{}" y2="{}"></line>',
            PAD_LEFT,
            WEEKS_WIDTH - PAD_RIGHT,
            PAD_TOP + plot_h,
            PAD_TOP + plot_h,
        )
    )
    return svg_chart(
        css_class="kindness-chart",
        width=WEEKS_WIDTH,
        height=WEEKS_HEIGHT,
        chart_id="kindness-weeks",
        title=f"Acts per week over the last {len(weeks)} weeks",
        desc=weekly_acts_description(weeks, target=target),
        body=parts,
    )


SPREAD_LABEL_W = 110
SPREAD_LABEL_H = 84
SPREAD_CELL = 36


def spread_rows(spread: Mapping[tuple[str, str], int]) -> list[tuple[str, str, int]]:
    """The spread as (category label, recipient label, count) rows, most frequent first."""
    categories = dict(Category.choices)
    recipients = dict(RecipientKind.choices)
    rows = [
        (str(categories.get(category, category)), str(recipients.get(recipient, recipient)), count)
        for (category, recipient), count in spread.items()
        if count
    ]
    return sorted(rows, key=lambda row: (-row[2], row[0], row[1]))


def spread_description(spread: Mapping[tuple[str, str], int]) -> str:
    used = {key: count for key, count in spread.items() if count}
    if not used:
        return "No acts yet in the last 26 weeks, so the grid is empty."
    categories = {category for category, _ in used}
    recipients = {recipient for _, recipient in used}
    total = sum(used.values())
    acts = ngettext("%(n)d act", "%(n)d acts", total) % {"n": total}
    kinds = ngettext("%(n)d kind of kindness", "%(n)d kinds of kindness", len(categories)) % {
        "n": len(categories)
    }
    whom = ngettext("%(n)d kind of recipient", "%(n)d kinds of recipient", len(recipients)) % {
        "n": len(recipients)
    }
    return f"{acts} across {kinds} and {whom}; each dot's size shows how many acts fall on that pair."


def spread_chart(spread: Mapping[tuple[str, str], int]) -> SafeString:
    """A grid of kinds of kindness (rows) against recipients (columns), dots sized by count."""
    categories = list(Category.choices)
    recipients = list(RecipientKind.choices)
    width = SPREAD_LABEL_W + SPREAD_CELL * len(recipients) + 8
    height = SPREAD_LABEL_H + SPREAD_CELL * len(categories) + 8
    top = max([1, *spread.values()])
    parts: list[str] = []
    for col, (_, label) in enumerate(recipients):
        x = SPREAD_LABEL_W + col * SPREAD_CELL + SPREAD_CELL / 2
        parts.append(
            format_html(
                '<text class="chart-axis" transform="translate({} {}) rotate(-50)">{}</text>',
                round(x, 1),
                SPREAD_LABEL_H - 6,
                str(label).removeprefix("A ").removeprefix("The "),
            )
        )
    for row, (category, label) in enumerate(categories):
        cy = SPREAD_LABEL_H + row * SPREAD_CELL + SPREAD_CELL / 2
        parts.append(
            format_html(
                '<text class="chart-axis" x="{}" y="{}" text-anchor="end">{}</text>',
                SPREAD_LABEL_W - 8,
                round(cy + 4, 1),
                label,
            )
        )
        for col, (recipient, _) in enumerate(recipients):
            cx = SPREAD_LABEL_W + col * SPREAD_CELL + SPREAD_CELL / 2
            count = spread.get((category, recipient), 0)
            if count:
                radius = 4 + (SPREAD_CELL / 2 - 6) * count / top
                parts.append(
                    format_html(
                        '<circle class="chart-dot" cx="{}" cy="{}" r="{}"></circle>',
                        round(cx, 1),
                        round(cy, 1),
                        round(radius, 1),
                    )
                )
            else:
                parts.append(
                    format_html(
                        '<circle class="chart-empty" cx="{}" cy="{}" r="2"></circle>',
                        round(cx, 1),
                        round(cy, 1),
                    )
                )
    return svg_chart(
        css_class="kindness-chart",
        width=width,
        height=height,
        chart_id="kindness-spread",
        title="Kinds of kindness against who they were for, last 26 weeks",
        desc=spread_description(spread),
        body=parts,
    )
