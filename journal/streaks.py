"""Honest streaks: pure arithmetic over a mapping of local dates to day statuses.

Nothing here touches the database or the clock. Callers pass the user's local "today"
(accounts.selectors.user_local_today) and a mapping built by journal.selectors.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta

PATH_LENGTH = 22
"""The first milestone: roughly 22 days of perfect adherence is when people notice a shift."""

MINUTES_PER_DAY = 24 * 60


class DayStatus(enum.StrEnum):
    ON_TIME = "on_time"  # complete (5 items, >=1 relational) and completed during its own local day
    LATE = "late"  # complete, but only after the local day had ended (backfill): practised, never perfect
    PARTIAL = "partial"  # some items, not complete
    NONE = "none"  # nothing written (days absent from the mapping are NONE)

    @property
    def practised(self) -> bool:
        return self in (DayStatus.ON_TIME, DayStatus.LATE)


_STATUS_OF: dict[object, DayStatus] = {
    None: DayStatus.NONE,
    **{status: status for status in DayStatus},
    **{status.value: status for status in DayStatus},
}


def status_of(value: DayStatus | str | None) -> DayStatus:
    """A DayStatus from a member, its value or None (absent), via a dict: calling the enum is
    several times slower, and charts do this for every cell."""
    try:
        return _STATUS_OF[value]
    except KeyError:
        raise ValueError(f"{value!r} is not a DayStatus") from None


@dataclass(frozen=True)
class Run:
    """Consecutive ON_TIME days, both ends inclusive."""

    start: date
    end: date

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class StreakSummary:
    current: int  # perfect (ON_TIME) run ending today or yesterday; an unfinished today does not break it
    best: int
    practised: int  # ON_TIME + LATE days
    path_day: int  # "day N of 22": 0 when current == 0, else ((current - 1) % 22) + 1
    milestone: bool  # current > 0 and current % 22 == 0 and today is part of the run
    previous_best_ended: date | None  # end of the most recent run when current == 0
    today_status: DayStatus
    previous_run_length: int = 0  # length of that most recent run, for "your last run was N days"


def _scan(days: Mapping[date, DayStatus]) -> tuple[list[tuple[int, int]], int]:
    """Perfect runs as (first, last) day ordinals, oldest first, and the count of days practised.

    One pass over the mapping plus a sort. Selectors hand us dicts in date order and Python's
    sort is linear on already-ordered input, so this stays O(n) in practice (O(n log n) only
    for a shuffled mapping). Plain ints rather than dates keep ten years well under 1 ms.
    """
    on_time, late = DayStatus.ON_TIME, DayStatus.LATE
    ordinals: list[int] = []
    append = ordinals.append
    late_days = 0
    for day, status in days.items():
        if status == on_time:
            append(day.toordinal())
        elif status == late:
            late_days += 1
    ordinals.sort()

    spans: list[tuple[int, int]] = []
    if ordinals:
        start = previous = ordinals[0]
        for ordinal in ordinals:
            if ordinal > previous + 1:
                spans.append((start, previous))
                start = ordinal
            previous = ordinal
        spans.append((start, previous))
    return spans, len(ordinals) + late_days


def perfect_runs(days: Mapping[date, DayStatus]) -> list[Run]:
    """Every maximal run of consecutive ON_TIME days, oldest first."""
    spans, _practised = _scan(days)
    return [Run(date.fromordinal(first), date.fromordinal(last)) for first, last in spans]


def path_day_for(current: int, *, length: int = PATH_LENGTH) -> int:
    """Position in the repeating 22-day frame: 0 before the first perfect day, then 1..22, 1..22, ..."""
    return 0 if current <= 0 else ((current - 1) % length) + 1


def streak_summary(days: Mapping[date, DayStatus], *, today: date) -> StreakSummary:
    """Current and best perfect runs, days practised, and the 22-day position.

    The current run is the one containing today, or else the one containing yesterday: today
    is still in progress, so an unfinished today never breaks a run. Days after `today` (which
    travel west can produce) still count towards best and practised, and extend the current run.
    """
    spans, practised = _scan(days)
    today_status = status_of(days.get(today))
    best = max((last - first + 1 for first, last in spans), default=0)

    today_ordinal = today.toordinal()
    current_span: tuple[int, int] | None = None
    previous_span: tuple[int, int] | None = None
    # Only the newest run that started by today can be current; anything older is "previous".
    for span in reversed(spans):
        if span[0] > today_ordinal:
            continue
        if span[1] >= today_ordinal - 1:
            current_span = span
        else:
            previous_span = span
        break

    current = current_span[1] - current_span[0] + 1 if current_span else 0
    return StreakSummary(
        current=current,
        best=best,
        practised=practised,
        path_day=path_day_for(current),
        milestone=current > 0 and current % PATH_LENGTH == 0 and today_status == DayStatus.ON_TIME,
        previous_best_ended=date.fromordinal(previous_span[1]) if previous_span else None,
        today_status=today_status,
        previous_run_length=previous_span[1] - previous_span[0] + 1 if previous_span else 0,
    )


def minutes_from_reminder(completed_at: time, reminder: time, *, day_start_hour: int) -> int:
    """Signed minutes from the reminder to completion, both read on the clock of the user's own
    day, which begins at ``day_start_hour``; positive means after the reminder. Seconds are ignored.

    There is no wrap at twelve hours: a day is one stretch from its start to the next start, so
    writing at 07:00 for a 20:00 reminder is 780 minutes early, not 660 late. With a day that
    starts at 03:00, 00:10 still belongs to the evening before, twenty minutes after a 23:50
    reminder; with a midnight start, 00:10 opens a new day, 1,420 minutes before its reminder.
    """
    start = day_start_hour * 60

    def into_day(moment: time) -> int:
        return (moment.hour * 60 + moment.minute - start) % MINUTES_PER_DAY

    return into_day(completed_at) - into_day(reminder)


def timing_window(completions: Mapping[date, time], *, today: date, window: int = PATH_LENGTH) -> list[date]:
    """The complete days within the `window` days ending today (inclusive), oldest first."""
    first = today - timedelta(days=window - 1)
    return sorted(day for day in completions if first <= day <= today)


def timing_median(
    completions: Mapping[date, time],
    *,
    reminder: time,
    day_start_hour: int,
    today: date,
    window: int = PATH_LENGTH,
) -> int | None:
    """Median distance in minutes (always >= 0) between completion and reminder, over complete
    days in the last `window` days ending today; None when there are none. An even count
    rounds the middle pair's mean half up."""
    distances = sorted(
        abs(minutes_from_reminder(completions[day], reminder, day_start_hour=day_start_hour))
        for day in timing_window(completions, today=today, window=window)
    )
    if not distances:
        return None
    middle = len(distances) // 2
    if len(distances) % 2:
        return distances[middle]
    return (distances[middle - 1] + distances[middle] + 1) // 2
