"""Pure arithmetic for kindness: ISO weeks, the weekly streak, variety, and daily picks.

Nothing here touches the database or the clock; callers pass in the user's local
dates (already worked out in their zone through ``compersion.lib.clock``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from compersion.lib.clock import week_start

VARIETY_LOOKBACK = 3
VARIETY_WINDOW = 8
MAX_DAYS_BACK = 7
SUGGESTION_SKIP_DAYS = 90
REMEMBER_AFTER_DAYS = 7


def week_bounds(day: date) -> tuple[date, date]:
    """The first and last local dates (Monday, Sunday) of ``day``'s ISO week."""
    start = week_start(day)
    return start, start + timedelta(days=6)


def counts_by_week(counts_by_day: Mapping[date, int]) -> dict[date, int]:
    """Fold per-day counts into per-ISO-week counts, keyed by each week's Monday."""
    weeks: dict[date, int] = {}
    for day, count in counts_by_day.items():
        monday = week_start(day)
        weeks[monday] = weeks.get(monday, 0) + count
    return weeks


def weekly_streak(week_counts: Mapping[date, int], *, target: int, today: date) -> int:
    """Consecutive ISO weeks, ending now, whose acts met ``target``.

    The week in progress counts once it is met; until then it neither adds to the
    streak nor breaks it, because the week is not over yet.
    """
    monday = week_start(today)
    streak = 1 if week_counts.get(monday, 0) >= target else 0
    monday -= timedelta(days=7)
    while week_counts.get(monday, 0) >= target:
        streak += 1
        monday -= timedelta(days=7)
    return streak


def weeks_series(week_counts: Mapping[date, int], *, today: date, weeks: int) -> list[tuple[date, int]]:
    """The last ``weeks`` ISO weeks, oldest first, each as (Monday, count), zeros included."""
    this_monday = week_start(today)
    return [
        (monday, week_counts.get(monday, 0))
        for monday in (this_monday - timedelta(days=7 * back) for back in range(weeks - 1, -1, -1))
    ]


@dataclass(frozen=True)
class ActShape:
    """What the variety rule compares about an act."""

    category: str
    recipient: str


@dataclass(frozen=True)
class VarietyRepeat:
    category: bool
    recipient: bool

    def __bool__(self) -> bool:
        return self.category or self.recipient


def variety_repeat(new: ActShape, previous: Sequence[ActShape]) -> VarietyRepeat:
    """Whether ``new`` repeats the category or recipient of any of the last three acts before it.

    ``previous`` is newest first; only its first three count.
    """
    recent = previous[:VARIETY_LOOKBACK]
    return VarietyRepeat(
        category=any(act.category == new.category for act in recent),
        recipient=any(act.recipient == new.recipient for act in recent),
    )


def not_lately(recent: Sequence[str], *, choices: Sequence[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` of ``choices`` (in their order) that none of the ``recent`` values is."""
    used = set(recent)
    return [choice for choice in choices if choice not in used][:limit]


def or_list(words: Sequence[str]) -> str:
    """``["time", "gift", "words"]`` → "time, gift or words"."""
    return " or ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


@dataclass(frozen=True)
class VarietyFigure:
    acts: int
    categories: int
    recipients: int


def variety_figure(acts: Sequence[ActShape]) -> VarietyFigure:
    """Distinct categories and recipients among the last eight acts (newest first)."""
    window = acts[:VARIETY_WINDOW]
    return VarietyFigure(
        acts=len(window),
        categories=len({act.category for act in window}),
        recipients=len({act.recipient for act in window}),
    )


def day_seed(*parts: object) -> int:
    """A stable number for a set of parts (say a user and a day): same input, same number."""
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class IdeaShape:
    id: int
    category: str
    recipient_kind: str


def suggestion_pick(
    ideas: Sequence[IdeaShape],
    *,
    recent_categories: Iterable[str],
    recent_recipients: Iterable[str],
    done_recently: Iterable[int],
    seed: int,
) -> int | None:
    """The id of the idea to suggest, or ``None`` when every idea was done recently.

    Ideas done in the skip window are left out. Of the rest, those whose category
    and recipient kind the user has not used lately come first; ``seed`` (stable for
    a user and a day) picks one among the best, independent of the list's order: the
    finalist whose own hash with the seed is highest, so taking another idea away never
    changes the pick.
    """
    done = set(done_recently)
    categories = set(recent_categories)
    recipients = set(recent_recipients)
    candidates = [idea for idea in ideas if idea.id not in done]
    if not candidates:
        return None

    def freshness(idea: IdeaShape) -> int:
        return (idea.category not in categories) + (idea.recipient_kind not in recipients)

    best = max(freshness(idea) for idea in candidates)
    finalists = [idea.id for idea in candidates if freshness(idea) == best]
    return max(finalists, key=lambda idea_id: day_seed(seed, idea_id))


def allowed_local_dates(today: date) -> list[date]:
    """The dates an act may count for: today and up to seven days back, never the future."""
    return [today - timedelta(days=back) for back in range(MAX_DAYS_BACK + 1)]
