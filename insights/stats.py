"""Is the practice doing anything? Pure statistics over a user's compact history rows.

Nothing here touches the database, the request or the clock: the selectors hand over small
tuples (dates, statuses, names, numbers, never the user's words) and the user's own local
``today``. Every week is the Monday-based week of the *stored* local date, so a later time
zone change, travel or daylight saving never moves a record into another week.

The words are careful: these are observations side by side, not causes. Nothing here says
a practice *made* anything happen.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from compersion.lib.clock import week_start
from feelings.vocabulary import FEELINGS
from journal.streaks import PATH_LENGTH, DayStatus, perfect_runs, status_of

COMPERSION = "compersion"
# The groups whose feelings are hard to sit with; named for what they are, never as failures.
HARD_GROUPS = frozenset({"wanting", "unsteady", "heaviness", "heat"})
HARD_FEELINGS = frozenset(name for name, group, _ in FEELINGS if group in HARD_GROUPS)
HARD_SHOWN = 3  # the hard feelings the user logs most, shown beside compersion

WINDOW_DAYS = 28
"""Each side of a before/after comparison: four weeks, so every weekday is counted equally."""
MIN_CHECKINS = 5
"""Fewer check-ins than this on either side and a comparison says "not enough yet"."""
MIN_NAMED = 3
"""A feeling named in fewer check-ins than this on a side is not compared."""
CLEAR_CHANGE = 1.0
"""Averages (1 to 10) closer than this are "no clear change": one point is about what a
check-in's own wobble from day to day amounts to on these scales."""

# (check-in id, local date, feeling name, intensity), as feelings.selectors.checkin_feeling_rows.
FeelingRow = tuple[int, date, str, int]


# --- Feelings -----------------------------------------------------------------------


def hard_feelings_most_logged(rows: Iterable[FeelingRow], *, limit: int = HARD_SHOWN) -> list[str]:
    """The hard feelings the user names most often, most first; ties alphabetically."""
    counts = Counter(name for _, _, name, _ in rows if name in HARD_FEELINGS)
    return [name for name, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]


@dataclass(frozen=True)
class FeelingAverage:
    name: str
    average: float | None  # None when not named at all
    named: int  # check-ins that named it

    @property
    def shown(self) -> str:
        """The average as pages show it, "6.1", or "–" when not named: formatted once here
        rather than by a template filter in every cell of a long table."""
        return "–" if self.average is None else f"{self.average:.1f}"


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the days it covers and what was there."""

    start: date
    end: date
    checkins: int
    feelings: tuple[FeelingAverage, ...]
    complete_days: int = 0
    kindness_acts: int = 0
    joys: int = 0

    def feeling(self, name: str) -> FeelingAverage:
        return next((f for f in self.feelings if f.name == name), FeelingAverage(name, None, 0))


def side_of(
    rows: Sequence[FeelingRow],
    *,
    start: date,
    end: date,
    names: Sequence[str],
    checkin_ids: Collection[int] | None = None,
) -> Side:
    """Check-ins between ``start`` and ``end`` (inclusive) and the average intensity of each of
    ``names`` over the check-ins that named it; only ``checkin_ids`` when given (about a person)."""
    seen: set[int] = set()
    sums: dict[str, list[int]] = defaultdict(list)
    wanted = set(names)
    for checkin_id, day, name, intensity in rows:
        if not start <= day <= end or (checkin_ids is not None and checkin_id not in checkin_ids):
            continue
        seen.add(checkin_id)
        if name in wanted:
            sums[name].append(intensity)
    return Side(
        start=start,
        end=end,
        checkins=len(seen),
        feelings=tuple(
            FeelingAverage(name, _mean(sums[name]), len(sums[name]))
            if sums[name]
            else FeelingAverage(name, None, 0)
            for name in names
        ),
    )


def _mean(values: Sequence[int]) -> float:
    return round(sum(values) / len(values), 1)


# --- Before and after --------------------------------------------------------------


class Verdict:
    STRONGER = "stronger"
    WEAKER = "weaker"
    NO_CLEAR_CHANGE = "no clear change"
    TOO_FEW = "too few"


@dataclass(frozen=True)
class Change:
    """One feeling before and after, with the verdict under the rule stated above."""

    name: str
    before: FeelingAverage
    after: FeelingAverage
    verdict: str

    @property
    def difference(self) -> float | None:
        if self.before.average is None or self.after.average is None:
            return None
        return round(self.after.average - self.before.average, 1)


def change_of(before: FeelingAverage, after: FeelingAverage) -> Change:
    if before.named < MIN_NAMED or after.named < MIN_NAMED or before.average is None or after.average is None:
        return Change(before.name, before, after, Verdict.TOO_FEW)
    difference = after.average - before.average
    if abs(difference) < CLEAR_CHANGE:
        verdict = Verdict.NO_CLEAR_CHANGE
    else:
        verdict = Verdict.STRONGER if difference > 0 else Verdict.WEAKER
    return Change(before.name, before, after, verdict)


@dataclass(frozen=True)
class Comparison:
    """The 28 days before a moment beside the 28 days after it.

    ``enough`` is False while either side has fewer than ``MIN_CHECKINS`` check-ins; then
    ``needed_after`` says how many more check-ins the after side needs and ``after_closes``
    by when, or ``before_closed`` that the before side is in the past and cannot grow.
    """

    before: Side
    after: Side
    changes: tuple[Change, ...]
    enough: bool
    after_complete: bool  # the 28 days after are all in the past
    needed_after: int = 0
    before_closed: bool = False

    @property
    def feeling_pairs(self) -> list[tuple[FeelingAverage, FeelingAverage]]:
        """Each feeling's (before, after) averages, in the order compared."""
        return list(zip(self.before.feelings, self.after.feelings, strict=True))

    @property
    def clear_changes(self) -> list[Change]:
        return [c for c in self.changes if c.verdict in {Verdict.STRONGER, Verdict.WEAKER}]

    @property
    def no_clear_change(self) -> bool:
        return self.enough and not self.clear_changes


def compare(
    rows: Sequence[FeelingRow],
    *,
    before_end: date,
    after_start: date,
    today: date,
    names: Sequence[str],
    checkin_ids: Collection[int] | None = None,
) -> Comparison:
    """The ``WINDOW_DAYS`` days up to ``before_end`` beside those from ``after_start`` (cut at
    ``today`` while they are still happening)."""
    before = side_of(
        rows, start=before_end - timedelta(days=WINDOW_DAYS - 1), end=before_end, names=names,
        checkin_ids=checkin_ids,
    )  # fmt: skip
    after_end = after_start + timedelta(days=WINDOW_DAYS - 1)
    after = side_of(rows, start=after_start, end=min(after_end, today), names=names, checkin_ids=checkin_ids)
    after = Side(after_start, after_end, after.checkins, after.feelings)
    enough = before.checkins >= MIN_CHECKINS and after.checkins >= MIN_CHECKINS
    changes = tuple(change_of(before.feeling(n), after.feeling(n)) for n in names) if enough else ()
    return Comparison(
        before=before,
        after=after,
        changes=changes,
        enough=enough,
        after_complete=after_end <= today,
        needed_after=max(0, MIN_CHECKINS - after.checkins) if after_end > today else 0,
        before_closed=before.checkins < MIN_CHECKINS,
    )


@dataclass(frozen=True)
class RunComparison:
    """A completed 22-day run (its first day and the day it reached 22) and what was around it."""

    start: date
    completed: date
    comparison: Comparison
    practice_before: PracticeCounts
    practice_after: PracticeCounts


@dataclass(frozen=True)
class PracticeCounts:
    complete_days: int
    perfect_days: int
    kindness_acts: int
    joys: int


def completed_runs(statuses: Mapping[date, DayStatus | str], *, today: date) -> list[tuple[date, date]]:
    """Each perfect run that reached ``PATH_LENGTH`` days by ``today``: (first day, 22nd day),
    oldest first. A run of 50 days is one completed run, counted from its 22nd day."""
    days = {day: status_of(status) for day, status in statuses.items()}
    completed = []
    for run in perfect_runs(days):
        if run.length >= PATH_LENGTH:
            reached = run.start + timedelta(days=PATH_LENGTH - 1)
            if reached <= today:
                completed.append((run.start, reached))
    return completed


def practice_between(
    *,
    start: date,
    end: date,
    statuses: Mapping[date, DayStatus | str],
    acts: Mapping[date, int],
    joys: Iterable[date],
) -> PracticeCounts:
    complete = perfect = 0
    for day, value in statuses.items():
        if start <= day <= end:
            status = status_of(value)
            complete += status.practised
            perfect += status == DayStatus.ON_TIME
    return PracticeCounts(
        complete_days=complete,
        perfect_days=perfect,
        kindness_acts=sum(n for day, n in acts.items() if start <= day <= end),
        joys=sum(1 for day in joys if start <= day <= end),
    )


def run_comparisons(
    *,
    statuses: Mapping[date, DayStatus | str],
    rows: Sequence[FeelingRow],
    acts: Mapping[date, int],
    joys: Sequence[date],
    names: Sequence[str],
    today: date,
) -> list[RunComparison]:
    """For each completed 22-day run: the 28 days before it began beside the 28 days after
    its 22nd day. Empty for a user who has not finished a run yet."""
    found = []
    for start, completed in completed_runs(statuses, today=today):
        before_end, after_start = start - timedelta(days=1), completed + timedelta(days=1)
        after_end = after_start + timedelta(days=WINDOW_DAYS - 1)
        found.append(
            RunComparison(
                start=start,
                completed=completed,
                comparison=compare(
                    rows, before_end=before_end, after_start=after_start, today=today, names=names
                ),
                practice_before=practice_between(
                    start=before_end - timedelta(days=WINDOW_DAYS - 1),
                    end=before_end,
                    statuses=statuses,
                    acts=acts,
                    joys=joys,
                ),  # fmt: skip
                practice_after=practice_between(
                    start=after_start, end=min(after_end, today), statuses=statuses, acts=acts, joys=joys
                ),
            )
        )
    return found


# --- Week by week ------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    start: date
    complete_days: int
    perfect_days: int
    kindness_acts: int
    kindness_target: int
    joys: int
    checkins: int
    feelings: tuple[FeelingAverage, ...] = field(default_factory=tuple)

    @property
    def kindness_met(self) -> bool:
        return self.kindness_acts >= self.kindness_target


def weeks_between(first: date, last: date) -> list[date]:
    """Every Monday from ``first``'s week to ``last``'s, oldest first."""
    monday, end = week_start(first), week_start(last)
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    return weeks


def weekly(
    *,
    first: date,
    today: date,
    statuses: Mapping[date, DayStatus | str],
    acts: Mapping[date, int],
    joys: Iterable[date],
    rows: Iterable[FeelingRow],
    names: Sequence[str],
    kindness_target: int,
) -> list[Week]:
    """One row per week from ``first``'s week to ``today``'s: the practice beside the feelings
    (average intensity of each of ``names`` over that week's check-ins naming it)."""
    mondays = weeks_between(first, today)
    complete: Counter[date] = Counter()
    perfect: Counter[date] = Counter()
    for day, value in statuses.items():
        status = status_of(value)
        if status.practised:
            complete[week_start(day)] += 1
            perfect[week_start(day)] += status == DayStatus.ON_TIME
    kindness: Counter[date] = Counter()
    for day, n in acts.items():
        kindness[week_start(day)] += n
    joy_weeks = Counter(week_start(day) for day in joys)
    checkins: dict[date, set[int]] = defaultdict(set)
    sums: dict[tuple[date, str], list[int]] = defaultdict(list)
    wanted = set(names)
    for checkin_id, day, name, intensity in rows:
        monday = week_start(day)
        checkins[monday].add(checkin_id)
        if name in wanted:
            sums[monday, name].append(intensity)
    return [
        Week(
            start=monday,
            complete_days=complete[monday],
            perfect_days=perfect[monday],
            kindness_acts=kindness[monday],
            kindness_target=kindness_target,
            joys=joy_weeks[monday],
            checkins=len(checkins[monday]),
            feelings=tuple(
                FeelingAverage(n, _mean(sums[monday, n]), len(sums[monday, n]))
                if sums[monday, n]
                else FeelingAverage(n, None, 0)
                for n in names
            ),
        )
        for monday in mondays
    ]


# --- Per person, month by month ---------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_back(day: date, count: int) -> date:
    """The first day of the month ``count`` months before ``day``'s."""
    index = day.year * 12 + day.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def monthly_means(
    rows: Iterable[FeelingRow], *, names: Sequence[str], checkin_ids: Collection[int], since: date
) -> dict[str, list[tuple[date, float]]]:
    """Per name, the average intensity in each month from ``since`` among ``checkin_ids``."""
    sums: dict[str, dict[date, list[int]]] = {name: {} for name in names}
    for checkin_id, day, name, intensity in rows:
        if day >= since and name in sums and checkin_id in checkin_ids:
            sums[name].setdefault(month_start(day), []).append(intensity)
    return {name: [(m, _mean(v)) for m, v in sorted(months.items())] for name, months in sums.items()}


# --- WHO-5 ---------------------------------------------------------------------------

WHO5_LOW = 50
"""A percentage score of 50 or less: poor wellbeing, worth talking over with a doctor."""
WHO5_LIKELY_DEPRESSION = 28
"""A percentage score of 28 or less: the authors' screening threshold for likely depression."""
WHO5_CLEAR_CHANGE = 10
"""The authors: a difference of 10 percentage points is a significant change."""


def who5_score(answers: Sequence[int]) -> int:
    """The WHO-5 percentage score: the five answers (0 to 5 each) added up, times 4 (0 to 100)."""
    if len(answers) != 5 or any(not 0 <= a <= 5 for a in answers):
        raise ValueError("WHO-5 takes five answers from 0 to 5")
    return sum(answers) * 4


def who5_band(score: int) -> str:
    if score <= WHO5_LIKELY_DEPRESSION:
        return "likely-depression"
    if score <= WHO5_LOW:
        return "low"
    return "good"


def who5_change(previous: int | None, latest: int) -> str | None:
    """ "up", "down" or "steady" against the previous score, by the authors' 10-point rule."""
    if previous is None:
        return None
    if latest - previous >= WHO5_CLEAR_CHANGE:
        return "up"
    if previous - latest >= WHO5_CLEAR_CHANGE:
        return "down"
    return "steady"
