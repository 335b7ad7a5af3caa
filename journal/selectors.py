"""Reading the journal. Every selector takes the user and only ever sees their rows."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.models import User
from accounts.selectors import user_local_today
from compersion.lib import clock
from compersion.lib.paging import Key, Page, Window, keyset, page_from_rows
from compersion.lib.removal import UNDO_WINDOW
from journal.models import DAILY_ITEMS, DayState, GratitudeItem, JournalDay
from journal.search import search_query
from journal.streaks import DayStatus, StreakSummary, streak_summary
from people.models import Person
from people.selectors import people_choices_for_user
from people.timeline import TimelineEntry

DAYS_PER_PAGE = 20
NOT_APPRECIATED_DAYS = 14
TIMING_WINDOW = 22


def day_statuses(*, user: User) -> dict[date, DayStatus]:
    """Every written day's status, from the compact per-day table in one query."""
    rows = JournalDay.objects.filter(owner=user).values_list("local_date", "status")
    return {local_date: DayStatus(status) for local_date, status in rows}


def completion_times(*, user: User, since: date) -> dict[date, time]:
    """Local wall time each on-time day became complete; late (backfilled) days say nothing
    about keeping to a time, so they are left out."""
    rows = JournalDay.objects.filter(
        owner=user, local_date__gte=since, status=DayState.ON_TIME, completed_local_time__isnull=False
    ).values_list("local_date", "completed_local_time")
    return {local_date: completed for local_date, completed in rows if completed is not None}


PracticeRow = tuple[date, str, time | None]


def practice_rows(*, user: User) -> list[PracticeRow]:
    """Every summary row's (local date, status, completion time), oldest first, in one query:
    all that the streak, the path, the timing chart and the heatmap are computed from.

    In date order so that equal histories give equal lists (pages key a cache on them); the
    unique (owner, local_date) index returns them in that order without a sort."""
    return list(
        JournalDay.objects.filter(owner=user)
        .order_by("local_date")
        .values_list("local_date", "status", "completed_local_time")
    )


def first_day(*, user: User, rows: list[PracticeRow]) -> date:
    """The user's first day: the local day they joined, or their oldest written day when that is
    earlier (an import or the demo data bring days from before the account)."""
    joined = clock.local_day(user.date_joined, tz=user.tz, day_start_hour=user.day_start_hour)
    return min(joined, rows[0][0]) if rows else joined


def practice_rows_counted(*, user: User) -> tuple[list[PracticeRow], dict[date, int]]:
    """``practice_rows`` and how many items each started (partly written) day holds, from the
    same one query: the journal page names its heatmap's days ("3 of 5") without a second one.
    Complete days hold all five and empty days none, so only started days are counted."""
    rows: list[PracticeRow] = []
    counts: dict[date, int] = {}
    for local_date, status, completed, item_count in (
        JournalDay.objects.filter(owner=user)
        .order_by("local_date")
        .values_list("local_date", "status", "completed_local_time", "item_count")
    ):
        rows.append((local_date, status, completed))
        if status == DayState.PARTIAL:
            counts[local_date] = item_count
    return rows, counts


def practice_history(*, user: User, since: date) -> tuple[dict[date, DayStatus], dict[date, time]]:
    """``day_statuses`` and ``completion_times(since=...)`` together, from one query, for pages
    that show both the streak and the timing chart."""
    return practice_history_from(practice_rows(user=user), since=since)


def practice_history_from(
    rows: list[PracticeRow], *, since: date
) -> tuple[dict[date, DayStatus], dict[date, time]]:
    statuses: dict[date, DayStatus] = {}
    completions: dict[date, time] = {}
    for local_date, status, completed in rows:
        statuses[local_date] = DayStatus(status)
        if status == DayState.ON_TIME and completed is not None and local_date >= since:
            completions[local_date] = completed
    return statuses, completions


def streak_summary_for(*, user: User, today: date | None = None) -> StreakSummary:
    today = today or user_local_today(user=user)
    return streak_summary(day_statuses(user=user), today=today)


# What journal pages show of a person: their name (and the owner, which the services check).
# Loading only these skips decrypting notes and labels for every person on every page.
PERSON_FIELDS = ("id", "owner_id", "name")


def active_people(*, user: User) -> list[Person]:
    return list(people_choices_for_user(user=user).only(*PERSON_FIELDS))


def item_for_user(*, user: User, item_id: int) -> GratitudeItem:
    return get_object_or_404(GratitudeItem, pk=item_id, owner=user)


def item_for_user_even_removed(*, user: User, item_id: int) -> GratitudeItem:
    """The user's item, live or removed and not yet purged: for Remove (a second click finds
    it removed) and Undo. Anyone else's is a 404."""
    return get_object_or_404(GratitudeItem.with_removed, pk=item_id, owner=user)


def items_removed_restorable(*, user: User, local_date: date, now: datetime) -> list[GratitudeItem]:
    """The day's items removed within the undo window, newest removal first: what Undo can
    still bring back after another removal frees a slot."""
    return list(
        GratitudeItem.with_removed.removed()
        .filter(owner=user, local_date=local_date, removed_at__gte=now - UNDO_WINDOW)
        .order_by("-removed_at", "-id")
        .only("id", "position", "local_date", "removed_at")
    )


def _items(*, user: User) -> QuerySet[GratitudeItem]:
    people = Prefetch("people", queryset=Person.objects.only(*PERSON_FIELDS).order_by("name", "id"))
    return GratitudeItem.objects.filter(owner=user).prefetch_related(people)


def items_for_day(*, user: User, local_date: date) -> list[GratitudeItem]:
    return list(_items(user=user).filter(local_date=local_date).order_by("position"))


@dataclass(frozen=True)
class Slot:
    position: int
    item: GratitudeItem | None


def slots_for_day(*, items: list[GratitudeItem]) -> list[Slot]:
    by_position = {item.position: item for item in items}
    return [Slot(position=p, item=by_position.get(p)) for p in range(1, DAILY_ITEMS + 1)]


def active_people_last_appreciated(*, user: User) -> list[Person]:
    """``active_people``, each with ``last_appreciated``: the newest day one of the user's items
    was about them (None if never), from the same single query, for Today's hint."""
    # A join bypasses GratitudeItem's live-only manager: removed items are left out by hand.
    last = Max(
        "gratitude_items__local_date",
        filter=Q(gratitude_items__owner=user, gratitude_items__removed_at__isnull=True),
    )
    return list(people_choices_for_user(user=user).only(*PERSON_FIELDS).annotate(last_appreciated=last))


def people_appreciated_on(
    people: list[Person], *, person_ids: Collection[int], local_date: date
) -> list[Person]:
    """``active_people_last_appreciated`` as it stands once an item of ``local_date`` names
    ``person_ids``, without asking again: a new link only ever moves someone's day later."""
    for person in people:
        last = person.last_appreciated  # type: ignore[attr-defined]
        if person.pk in person_ids and (last is None or last < local_date):
            person.last_appreciated = local_date  # type: ignore[attr-defined]
    return people


def people_not_appreciated(*, today: date, people: list[Person]) -> list[Person]:
    """Of ``active_people_last_appreciated``, those with no linked item in the last fortnight,
    or ever (longest-waiting first)."""
    since = today - timedelta(days=NOT_APPRECIATED_DAYS)
    waiting = [p for p in people if p.last_appreciated is None or p.last_appreciated < since]  # type: ignore[attr-defined]
    return sorted(waiting, key=lambda p: (p.last_appreciated or date.min, p.name))  # type: ignore[attr-defined]


def _matching_dates(
    *, user: User, q: str, person: Person | None
) -> QuerySet[GratitudeItem, date] | list[date]:
    items = GratitudeItem.objects.filter(owner=user)
    if person is not None:
        items = items.filter(people=person)
    if not q:
        return items.values_list("local_date", flat=True)
    # The text is encrypted at rest, so the database cannot search it: one query fetches the
    # user's items (decrypted as they load) and the words are matched here (journal/search.py).
    query = search_query(q)
    return sorted(
        {local_date for local_date, text in items.values_list("local_date", "text") if query.matches(text)}
    )


def journal_days_page(
    *, user: User, window: Window, q: str = "", person: Person | None = None
) -> Page[JournalDay]:
    """One page of written days, newest first (``DAYS_PER_PAGE`` a page, keyset-paged like every
    list: compersion.lib.paging), optionally only days matching ``q`` or ``person``. A day is
    one row per date, so the date alone orders them."""
    days = JournalDay.objects.filter(owner=user, item_count__gt=0)
    if q:
        # Words are matched in Python (the text is encrypted), so the matching dates are walked
        # here and only this page's days are fetched: a long IN list would cost more in SQL.
        dates = sorted(_matching_dates(user=user, q=q, person=person), reverse=not window.newer)
        if window.cursor is not None:
            day = window.cursor.day
            dates = [d for d in dates if (d > day if window.newer else d < day)]
        chosen = dates[: window.size + 1]
        rows = sorted(
            days.filter(local_date__in=chosen), key=lambda d: d.local_date, reverse=not window.newer
        )
    else:
        if person is not None:
            days = days.filter(local_date__in=_matching_dates(user=user, q=q, person=person))
        rows = list(keyset(days, window))
    return page_from_rows(rows, window, key=lambda d: Key(day=d.local_date, tie=d.pk))


@dataclass(frozen=True)
class ListedItem:
    """An item as the journal's list of days shows it."""

    text: str
    people: str  # the names of the people it is about, in name order, joined with ", "


def items_by_date(*, user: User, dates: list[date]) -> dict[date, list[ListedItem]]:
    """Each day's items, in slot order, with the names of their people: two plain queries
    (model instances and a prefetch were two fifths of the journal page's time)."""
    grouped: dict[date, list[ListedItem]] = {d: [] for d in dates}
    if not dates:
        return grouped
    rows = list(
        GratitudeItem.objects.filter(owner=user, local_date__in=dates)
        .order_by("local_date", "position")
        .values_list("id", "local_date", "text")
    )
    names: dict[int, list[str]] = {}
    # Naming the owner of the people lets PostgreSQL start from the user's few people (their
    # owner index) instead of hashing every person in the table: 1.7 -> 0.14 ms on the bench data.
    links = (
        GratitudeItem.people.through.objects.filter(
            gratitudeitem_id__in=[row[0] for row in rows], person__owner=user
        )
        .order_by("person__name", "person_id")
        .values_list("gratitudeitem_id", "person__name")
    )
    for item_id, name in links:
        names.setdefault(item_id, []).append(name)
    for item_id, local_date, text in rows:
        grouped[local_date].append(ListedItem(text=text, people=", ".join(names.get(item_id, []))))
    return grouped


def require_day_in_range(*, user: User, local_date: date) -> None:
    """404 for a day the user cannot open or write: before 1900 or after their today."""
    refusal = clock.day_refusal(local_date, today=user_local_today(user=user))
    if refusal is not None:
        raise Http404(refusal)


def timing_since(today: date) -> date:
    return today - timedelta(days=TIMING_WINDOW - 1)


def person_timeline_entries(user: User, person: Person, window: Window) -> list[TimelineEntry]:
    """The person page's gratitude entries: items linked to ``person`` in ``window``, newest day
    first and in slot order within a day, one query."""
    items = keyset(
        GratitudeItem.objects.filter(owner=user, people=person),
        window,
        tie_field="position",
        tie_descending=False,
    )
    return [
        TimelineEntry(
            key=Key(day=item.local_date, tie=item.position),
            kind="gratitude",
            title="Grateful",
            body=item.text,
            url=reverse("journal:day", kwargs={"local_date": item.local_date}),
        )
        for item in items
    ]


# --- Insights (read by insights/, the layer above) ----------------------------------


def people_appreciated_between(*, user: User, start: date, end: date) -> list[tuple[str, int]]:
    """The people the user's items from ``start`` to ``end`` were about, with how many items
    each, most first (ties by name). One grouped query."""
    # The join bypasses GratitudeItem's live-only manager: removed items are left out by hand.
    rows = (
        Person.objects.filter(
            owner=user,
            gratitude_items__owner=user,
            gratitude_items__local_date__range=(start, end),
            gratitude_items__removed_at=None,
        )
        .values("id", "name")
        .annotate(n=Count("gratitude_items"))
        .order_by("-n", "name", "id")
        .values_list("name", "n")
    )
    return list(rows)
