"""When a reminder fires: pure functions of a user's zone, day-start hour and preferences.

A reminder *occurrence* is a pair (local date it is for, UTC instant it fires).
All wall-clock arithmetic goes through ``compersion.lib.clock`` (``zoneinfo``), so a
wall time that does not exist (clocks spring forward) fires at the next valid
instant, and one that happens twice (clocks fall back) fires once, at the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from compersion.lib import clock

DAILY = "daily"
LAST_CHANCE = "last_chance"
KINDNESS = "kindness"
NEEDS = "needs"
WEEKLY_KINDS = frozenset({KINDNESS, NEEDS})

# How far ahead to look for the next occurrence: a weekly kind needs at most 7
# days, plus slack for a zone change that moves the local date backwards.
_HORIZON_DAYS = 10


@dataclass(frozen=True)
class Occurrence:
    local_date: date
    fire_at: datetime


@dataclass(frozen=True)
class Rule:
    """Everything that decides when one kind of reminder fires for one user."""

    kind: str
    time_zone: str
    day_start_hour: int
    reminder_time: time
    hours_before_end: int = 2
    weekday: int = 6


@lru_cache(maxsize=65536)
def reminder_fire_at(rule: Rule, local_date: date) -> datetime | None:
    """The UTC instant the reminder for ``local_date`` fires, or None if that day has none.

    Cached: at scale many users share a zone, a time and a day, and the
    dispatcher advances thousands of schedules per second.
    """
    tz = clock.zone(rule.time_zone)
    if rule.kind in WEEKLY_KINDS and local_date.weekday() != rule.weekday:
        return None
    if rule.kind == LAST_CHANCE:
        _, end = clock.day_bounds(local_date, tz=tz, day_start_hour=rule.day_start_hour)
        # Counted in real hours before the day ends, so it never lands in a DST gap.
        return end - timedelta(hours=rule.hours_before_end)
    # A reminder time before the day-start hour belongs to the night after the
    # calendar date: with days starting at 03:00, 01:00 is the end of the day.
    calendar_date = local_date
    if rule.reminder_time.hour < rule.day_start_hour:
        calendar_date = local_date + timedelta(days=1)
    return clock.wall_to_instant(datetime.combine(calendar_date, rule.reminder_time), tz=tz)


@lru_cache(maxsize=65536)
def reminder_next_fire_at(
    rule: Rule, *, after: datetime, not_for_dates_through: date | None = None
) -> Occurrence:
    """The first occurrence firing strictly after ``after``.

    ``not_for_dates_through`` is the last local date already reminded (from the
    ledger): no occurrence for that date or earlier is ever returned, so a zone
    or time change in the middle of a day cannot produce a second reminder.

    Cached: one dispatch pass asks with the same ``after`` for every row, and rows
    sharing a zone, a time and a last date get the same answer.
    """
    tz = clock.zone(rule.time_zone)
    start = clock.local_day(after, tz=tz, day_start_hour=rule.day_start_hour) - timedelta(days=1)
    if not_for_dates_through is not None and start <= not_for_dates_through:
        start = not_for_dates_through + timedelta(days=1)
    for offset in range(_HORIZON_DAYS):
        local_date = start + timedelta(days=offset)
        fire_at = reminder_fire_at(rule, local_date)
        if fire_at is not None and fire_at > after:
            return Occurrence(local_date=local_date, fire_at=fire_at)
    raise ValueError(f"No occurrence of {rule} within {_HORIZON_DAYS} days after {after}")
