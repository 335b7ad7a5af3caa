"""Insights' charts: the feelings module's line charts (feelings.charts, through the one SVG
wrapper compersion.lib.svg), fed with weekly and monthly points. Pure: no database, no request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from compersion.lib.svg import svg_chart
from feelings import charts
from feelings.charts import Series
from insights import stats

PRACTICE_LABELS = (
    ("complete_days", "Gratitude days complete"),
    ("perfect_days", "Perfect-run days"),
    ("kindness_acts", "Kindness acts"),
    ("joys", "Vicarious joys"),
)


def practice_series(weeks: Sequence[stats.Week]) -> list[Series]:
    return [
        Series(label=label, points=[(week.start, float(getattr(week, attr))) for week in weeks])
        for attr, label in PRACTICE_LABELS
    ]


def feeling_series(weeks: Sequence[stats.Week], names: Sequence[str]) -> list[Series]:
    return [
        Series(
            label=name,
            points=[
                (week.start, average)
                for week in weeks
                if (average := week.feelings[index].average) is not None
            ],
        )
        for index, name in enumerate(names)
    ]


def describe(series: Sequence[Series], *, unit: str, per: str) -> str:
    """What a chart shows, in words, for a screen reader: each line's range and latest value."""
    bits = []
    for one in series:
        values = [value for _, value in one.points]
        if values:
            bits.append(
                f"{one.label}: {len(values)} {per}s, {unit} from {min(values):g} to {max(values):g}, "
                f"latest {values[-1]:g}"
            )
        else:
            bits.append(f"{one.label}: not recorded")
    return "; ".join(bits) + "." if bits else "Nothing recorded yet."


def weekly_charts(weeks: Sequence[stats.Week], names: Sequence[str]) -> dict[str, SafeString]:
    start, end = (weeks[0].start, weeks[-1].start) if weeks else (date.min, date.min)
    practice = practice_series(weeks)
    feelings = feeling_series(weeks, names)
    top = max([7, *(value for one in practice for _, value in one.points)])
    return {
        "practice_chart": charts.line_chart(
            series=practice,
            start=start,
            end=end,
            y_max=int(top),
            title="Your practice, week by week",
            desc=describe(practice, unit="count", per="week"),
            chart_id="insights-practice",
        ),
        "practice_legend": charts.legend(practice),
        "feelings_chart": charts.line_chart(
            series=feelings,
            start=start,
            end=end,
            y_max=10,
            title="Average intensity of " + charts.in_words(list(names)) + ", week by week",
            desc=describe(feelings, unit="average intensity", per="week"),
            chart_id="insights-feelings",
        ),
        "feelings_legend": charts.legend(feelings),
    }


def person_chart(
    *, person_id: int, name: str, months: dict[str, list[tuple[date, float]]], since: date, today: date
) -> tuple[SafeString, SafeString]:
    series = [Series(label=label, points=points) for label, points in months.items()]
    chart = charts.line_chart(
        series=series,
        start=since,
        end=today,
        y_max=10,
        title=f"Compersion and jealousy in check-ins about {name}, month by month",
        desc=describe(series, unit="average intensity", per="month"),
        chart_id=f"insights-person-{person_id}",
    )
    return chart, charts.legend(series)


def wellbeing_chart(points: Sequence[tuple[date, int]]) -> SafeString:
    """The monthly WHO-5 scores over the authors' bands: 28 or less, 50 or less, above 50."""
    start = points[0][0] if points else date.min
    end = points[-1][0] if points else date.min
    if start == end and points:
        start = stats.months_back(end, 1)
    # The bands first, under the line; each is its own class so the colours come from app.css.
    bands = [
        ("band-likely-depression", 0, stats.WHO5_LIKELY_DEPRESSION),
        ("band-low", stats.WHO5_LIKELY_DEPRESSION, stats.WHO5_LOW),
        ("band-good", stats.WHO5_LOW, 100),
    ]
    parts = []
    for css, low, high in bands:
        top, bottom = charts.y_position(high, y_max=100), charts.y_position(low, y_max=100)
        parts.append(
            format_html(
                '<rect class="wellbeing-band {}" x="{}" y="{}" width="{}" height="{}"/>',
                css,
                charts.PAD_LEFT,
                top,
                charts.WIDTH - charts.PAD_LEFT - charts.PAD_RIGHT,
                round(bottom - top, 1),
            )
        )
    for value in (0, stats.WHO5_LIKELY_DEPRESSION, stats.WHO5_LOW, 100):
        y = charts.y_position(value, y_max=100)
        parts.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
                charts.PAD_LEFT - 6,
                round(y + 4, 1),
                value,
            )
        )
    coords = [
        (charts.x_position(month, start=start, end=end), charts.y_position(score, y_max=100))
        for month, score in points
    ]
    parts.append(format_html('<g class="{}">', "chart-series series-0"))
    if len(coords) > 1:
        parts.append(
            format_html('<polyline class="chart-line" points="{}"/>', " ".join(f"{x},{y}" for x, y in coords))
        )
    parts.extend(format_html('<circle cx="{}" cy="{}" r="4"/>', x, y) for x, y in coords)
    parts.append(mark_safe("</g>"))  # noqa: S308 - a constant
    series = [Series(label="WHO-5 score", points=[(m, float(s)) for m, s in points])]
    return svg_chart(
        chart_id="insights-wellbeing",
        css_class="chart",
        width=charts.WIDTH,
        height=charts.HEIGHT,
        title="Your WHO-5 wellbeing score, month by month (0 to 100)",
        desc=describe(series, unit="score", per="month") + " Bands: 28 or less, 29 to 50, above 50.",
        body=parts,
    )
