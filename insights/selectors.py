"""Reading what insights shows: each practice's compact rows, by its own selectors, then the
pure statistics of insights.stats. Every function takes the user and sees only their rows.

The page's query count does not grow with history: each practice answers in one query of
small tuples (dates, statuses, names, numbers), whatever the number of years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.models import User
from accounts.selectors import user_local_today
from compersion.lib import clock
from feelings import selectors as feelings_selectors
from feelings.selectors import CirclePerson
from insights import stats
from insights.models import WellbeingCheckIn
from journal import selectors as journal_selectors
from journal.streaks import DayStatus, status_of
from kindness import selectors as kindness_selectors

RECENT_WEEKS = 26
PERSON_MONTHS = 12
PERSON_FEELINGS = ("compersion", "jealousy")


@dataclass(frozen=True)
class History:
    """Everything the statistics read, in compact rows: one query per practice."""

    today: date
    first: date
    statuses: dict[date, DayStatus]
    acts: dict[date, int]
    joys: list[date]
    rows: list[stats.FeelingRow]
    kindness_target: int

    @property
    def names(self) -> list[str]:
        """The feelings shown beside the practice: compersion and the hard ones logged most."""
        return [stats.COMPERSION, *stats.hard_feelings_most_logged(self.rows)]


def history_for(*, user: User) -> History:
    """Five queries, whatever the length of the user's history."""
    today = user_local_today(user=user)
    practice = journal_selectors.practice_rows(user=user)
    statuses = {day: status_of(status) for day, status, _ in practice}
    acts = kindness_selectors.acts_per_day(user=user)
    joys = feelings_selectors.joy_days(user=user)
    rows = feelings_selectors.checkin_feeling_rows(user=user)
    first = journal_selectors.first_day(user=user, rows=practice)
    for earliest in (min(acts, default=None), joys[0] if joys else None, rows[0][1] if rows else None):
        if earliest is not None and earliest < first:
            first = earliest
    return History(
        today=today,
        first=min(first, today),
        statuses=statuses,
        acts=acts,
        joys=joys,
        rows=rows,
        kindness_target=kindness_selectors.weekly_target(user=user),
    )


@dataclass(frozen=True)
class PersonInsight:
    person: CirclePerson
    checkins: int  # check-ins about them, ever
    months: dict[str, list[tuple[date, float]]]  # per feeling, month -> average, the last year
    since: date
    comparison: stats.Comparison | None  # metamours with a first note only

    @property
    def table(self) -> list[tuple[date, str, str]]:
        """One row per month with a check-in about them: (month, compersion, jealousy) as shown."""
        by_month: dict[date, dict[str, float]] = {}
        for name, points in self.months.items():
            for month, value in points:
                by_month.setdefault(month, {})[name] = value
        return [
            (month, *(f"{values[n]:.1f}" if n in values else "–" for n in PERSON_FEELINGS))  # type: ignore[misc]
            for month, values in sorted(by_month.items())
        ]


def people_insights(*, user: User) -> tuple[date, list[PersonInsight]]:
    """Each partner and metamour: compersion and jealousy in check-ins about them, month by
    month over the last year, and for a metamour the 28 days before and after the user began
    noting what they learned about them. The user's today with them. Three queries."""
    today = user_local_today(user=user)
    rows = feelings_selectors.checkin_feeling_rows(user=user)
    about: dict[int, set[int]] = {}
    for checkin_id, person_id in feelings_selectors.checkin_people_rows(user=user):
        about.setdefault(person_id, set()).add(checkin_id)
    since = stats.months_back(today, PERSON_MONTHS - 1)
    found = []
    for person in feelings_selectors.partners_and_metamours(user=user):
        ids = about.get(person.id, set())
        comparison = None
        if person.is_metamour and person.first_note is not None:
            comparison = stats.compare(
                rows,
                before_end=person.first_note - timedelta(days=1),
                after_start=person.first_note,
                today=today,
                names=PERSON_FEELINGS,
                checkin_ids=ids,
            )
        found.append(
            PersonInsight(
                person=person,
                checkins=len(ids),
                months=stats.monthly_means(rows, names=PERSON_FEELINGS, checkin_ids=ids, since=since),
                since=since,
                comparison=comparison,
            )
        )
    return today, found


@dataclass(frozen=True)
class WellbeingPoint:
    month: date
    score: int
    band: str
    change: str | None  # against the month before it that has answers


def wellbeing_trend(*, user: User) -> list[WellbeingPoint]:
    """Every month's WHO-5 percentage score, oldest first. One query."""
    points: list[WellbeingPoint] = []
    rows = WellbeingCheckIn.objects.filter(owner=user).order_by("month")
    for month, *answers in rows.values_list("month", "cheerful", "calm", "active", "rested", "interested"):
        score = stats.who5_score(answers)
        previous = points[-1].score if points else None
        points.append(
            WellbeingPoint(month, score, stats.who5_band(score), stats.who5_change(previous, score))
        )
    return points


def wellbeing_for_month(*, user: User, month: date) -> WellbeingCheckIn | None:
    return WellbeingCheckIn.objects.filter(owner=user, month=month).first()


@dataclass(frozen=True)
class InsightsPage:
    history: History
    names: list[str]
    weeks: list[stats.Week]  # the weeks shown, oldest first
    all_weeks: int  # how many weeks since the user began
    runs: list[stats.RunComparison]
    wellbeing: list[WellbeingPoint]
    wellbeing_due: bool  # nothing answered yet this local month


def insights_page(*, user: User, every_week: bool = False) -> InsightsPage:
    """The /insights/ page: six queries, the same for a month and for ten years of history."""
    history = history_for(user=user)
    names = history.names
    first = history.first
    all_weeks = len(stats.weeks_between(first, history.today))
    if not every_week:
        first = max(first, clock.week_start(history.today) - timedelta(weeks=RECENT_WEEKS - 1))
    weeks = stats.weekly(
        first=first,
        today=history.today,
        statuses=history.statuses,
        acts=history.acts,
        joys=history.joys,
        rows=history.rows,
        names=names,
        kindness_target=history.kindness_target,
    )
    runs = stats.run_comparisons(
        statuses=history.statuses,
        rows=history.rows,
        acts=history.acts,
        joys=history.joys,
        names=names,
        today=history.today,
    )
    wellbeing = wellbeing_trend(user=user)
    this_month = stats.month_start(history.today)
    return InsightsPage(
        history=history,
        names=names,
        weeks=weeks,
        all_weeks=all_weeks,
        runs=runs,
        wellbeing=wellbeing,
        wellbeing_due=not wellbeing or wellbeing[-1].month != this_month,
    )


# --- Your month ------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthReview:
    month: date
    last: date  # the month's last day, or today while the month is under way
    previous_month: date
    practice: stats.PracticeCounts
    previous_practice: stats.PracticeCounts
    feelings: stats.Side
    previous_feelings: stats.Side
    changes: tuple[stats.Change, ...]
    appreciated: list[tuple[str, int]]
    secret_acts: list[kindness_selectors.SecretAct]
    together: list[tuple[str, int]]
    wellbeing: list[WellbeingPoint]  # this month's and the month before's, when answered
    newer: date | None
    older: date | None


def month_end(month: date) -> date:
    return stats.months_back(month, -1) - timedelta(days=1)


def month_review(*, user: User, month: date | None) -> MonthReview:
    """The monthly review of ``month`` (the current local month when None or in the future)."""
    history = history_for(user=user)
    this_month = stats.month_start(history.today)
    month = this_month if month is None or month > this_month else stats.month_start(month)
    previous = stats.months_back(month, 1)
    last = min(month_end(month), history.today)
    names = history.names

    def practice(start: date, end: date) -> stats.PracticeCounts:
        return stats.practice_between(
            start=start, end=end, statuses=history.statuses, acts=history.acts, joys=history.joys
        )

    feelings = stats.side_of(history.rows, start=month, end=last, names=names)
    previous_feelings = stats.side_of(history.rows, start=previous, end=month_end(previous), names=names)
    wellbeing = [p for p in wellbeing_trend(user=user) if p.month in {previous, month}]
    return MonthReview(
        month=month,
        last=last,
        previous_month=previous,
        practice=practice(month, last),
        previous_practice=practice(previous, month_end(previous)),
        feelings=feelings,
        previous_feelings=previous_feelings,
        changes=tuple(stats.change_of(previous_feelings.feeling(n), feelings.feeling(n)) for n in names),
        appreciated=journal_selectors.people_appreciated_between(user=user, start=month, end=last)[:5],
        secret_acts=kindness_selectors.secret_acts_between(user=user, start=month, end=last),
        together=feelings_selectors.co_occurrence(user=user, start=month, end=last)[:5],
        wellbeing=wellbeing,
        newer=stats.months_back(month, -1) if month < this_month else None,
        older=previous if previous >= stats.month_start(history.first) else None,
    )
