"""Wall-clock arithmetic: the one place that turns instants into a user's local days.

Everything here is a pure function of its arguments. An *instant* is an aware
``datetime``; a *local day* is the ``date`` an instant counts for in a zone once
the day-start hour is applied (with a start of 3, 01:30 still belongs to the
evening before). Local days begin at ``day_start_hour`` o'clock wall time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo, available_timezones

DAY_START_HOURS = range(0, 7)

EARLIEST_DAY = date(1900, 1, 1)
"""No local day before this is accepted anywhere a date comes in: URLs, forms and imports."""


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA name; raises ``ZoneInfoNotFoundError`` on junk."""
    return ZoneInfo(name)


# In the tz database but not places: "localtime" is whatever the server's clock is set to,
# and "Factory" is the placeholder of a machine nobody configured ("-00").
NOT_PLACES = frozenset({"localtime", "Factory"})


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    """The IANA names a user may live in: the settings list, sign-up and import all use it."""
    # available_timezones() walks the tz database on disk; once per process is plenty.
    return frozenset(available_timezones()) - NOT_PLACES


def is_zone_name(name: str) -> bool:
    return name in zone_names()


# The regions of the zone list, in the order a person scans them; "UTC" closes it.
ZONE_REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def _zone_tab_names() -> frozenset[str] | None:
    """The zones the tz database lists for places (``zone.tab``), or None where it is missing."""
    for folder in TZPATH:
        try:
            lines = (Path(folder) / "zone.tab").read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        return frozenset(line.split("\t")[2] for line in lines if line and not line.startswith("#"))
    return None


@lru_cache(maxsize=1)
def zone_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The zones offered in lists, by region: ``(("Africa", ("Africa/Abidjan", …)), …, ("UTC", ("UTC",)))``.

    Only the tz database's own names for places (``zone.tab``): not its old aliases kept for
    compatibility ("US/Pacific", "Asia/Calcutta", "GB"), nor fixed offsets. Those still count
    as zones (``is_zone_name``), so a user or a file that already has one keeps working.
    """
    listed = _zone_tab_names()
    groups = []
    for region in ZONE_REGIONS:
        names = sorted(
            name
            for name in zone_names()
            if name.startswith(f"{region}/") and (listed is None or name in listed)
        )
        if names:
            groups.append((region, tuple(names)))
    groups.append(("UTC", ("UTC",)))
    return tuple(groups)


def local_now(*, tz: ZoneInfo, now: datetime) -> datetime:
    return now.astimezone(tz)


def local_day(instant: datetime, *, tz: ZoneInfo, day_start_hour: int) -> date:
    """The local date ``instant`` counts for: its wall time, less the day-start hour."""
    # Aware-datetime subtraction in Python is wall-clock arithmetic, which is
    # exactly the rule: "before 03:00 on the clock still counts as yesterday".
    wall = instant.astimezone(tz)
    return (wall.replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def day_refusal(day: date, *, today: date) -> str | None:
    """Why a user cannot open or write ``day``, in words, or None when they can: every day
    from 1900 up to their own local ``today``. The one rule for dates that come in."""
    if day < EARLIEST_DAY:
        return "The journal starts in 1900; pick a day from then on."
    if day > today:
        return "That day hasn't begun yet."
    return None


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week: every weekly figure (kindness, feelings) starts there."""
    return day - timedelta(days=day.weekday())


def wall_exists(wall: datetime, *, tz: ZoneInfo) -> bool:
    aware = wall.replace(tzinfo=tz, fold=0)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall


def wall_to_instant(wall: datetime, *, tz: ZoneInfo) -> datetime:
    """The instant a naive local wall time names, in UTC.

    A wall time that happens twice (clocks fall back) names its first occurrence.
    One that never happens (clocks spring forward) names the next valid instant,
    the moment the clocks jump: 02:30 on a New York spring-forward day is 03:00.
    """
    if wall.tzinfo is not None:
        raise ValueError("wall_to_instant takes a naive wall-clock time")
    candidate = wall
    # Gaps are at most a couple of hours and always whole minutes, so stepping
    # a minute at a time finds the first wall time after the gap quickly.
    for _ in range(24 * 60):
        if wall_exists(candidate, tz=tz):
            return candidate.replace(tzinfo=tz, fold=0).astimezone(UTC)
        candidate = candidate.replace(second=0, microsecond=0) + timedelta(minutes=1)
    raise ValueError(f"{wall} never resolves in {tz}")


def day_bounds(day: date, *, tz: ZoneInfo, day_start_hour: int) -> tuple[datetime, datetime]:
    """The UTC half-open interval ``[start, end)`` of instants that count for ``day``."""
    start_wall = datetime.combine(day, time(hour=day_start_hour))
    start = wall_to_instant(start_wall, tz=tz)
    end = wall_to_instant(start_wall + timedelta(days=1), tz=tz)
    return start, end


def utc_offset_label(instant: datetime, *, tz: ZoneInfo) -> str:
    """A short label such as ``UTC+05:30`` for showing a zone to a person."""
    offset = instant.astimezone(tz).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"
