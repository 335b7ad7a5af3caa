"""The query counts that `make bench`'s budgets rely on: pages and the streak + heatmap
selectors cost the same few queries for one day of history as for ten years."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from compersion.lib import clock
from journal import selectors
from journal.models import DAILY_ITEMS, DayState, GratitudeItem, JournalDay
from kindness.ideas import load_shared_ideas
from kindness.models import KindnessIdea
from people.models import Person
from tests.history import history_seed
from tests.journal.conftest import write_items
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

BERLIN = clock.zone("Europe/Berlin")
NOW = datetime(2026, 5, 4, 18, 30, tzinfo=BERLIN)
TODAY = date(2026, 5, 4)
TEN_YEARS = 3653
# What `make bench` measures today; a page creeping past these is a regression to look at.
# Was 17: the day's summary row is now found and locked in one query, and the people read once.
# Was 15: an edit that leaves the day's counts and status as they were no longer rewrites its row.
SAVE_BUDGET = 14


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(user: User) -> list[Person]:
    return [PersonFactory.create(owner=user, name=name) for name in ("Alex", "Jordan", "Mina")]


def _history(user: User, people: list[Person], *, days: int, after: int = 0) -> None:
    """``days`` of complete, people-linked days before today (skipping the latest ``after``),
    written in bulk."""
    dates = [TODAY - timedelta(days=offset) for offset in range(1 + after, days + 1)]
    written = datetime.combine(TODAY, time(19, 0), tzinfo=UTC)
    JournalDay.objects.bulk_create(
        JournalDay(
            owner=user,
            local_date=day,
            time_zone=user.time_zone,
            item_count=DAILY_ITEMS,
            relational_count=1,
            completed_at=written,
            completed_local_time=time(21, 0),
            status=DayState.ON_TIME if day.toordinal() % 9 else DayState.LATE,
        )
        for day in dates
    )
    items = GratitudeItem.objects.bulk_create(
        GratitudeItem(
            owner=user,
            local_date=day,
            time_zone=user.time_zone,
            text=f"Something specific on {day}, number {position}",
            position=position,
        )
        for day in dates
        for position in range(1, DAILY_ITEMS + 1)
    )
    through = GratitudeItem.people.through
    through.objects.bulk_create(
        through(gratitudeitem_id=item.pk, person_id=people[item.pk % len(people)].pk)
        for item in items
        if item.position == 1
    )


def _count(run: object) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert callable(run)
        run()
    return len(captured)


def _signed_in(client: Client, user: User) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url


def _edit(client: Client, item: GratitudeItem, person: Person) -> None:
    data = {
        f"slot{item.position}-text": "Rewritten, still specific",
        f"slot{item.position}-people": [str(person.pk)],
    }
    response = client.post(f"/journal/items/{item.pk}/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


YESTERDAY = TODAY - timedelta(days=1)
# Without Redis; with it the session is read from the cache, one query fewer on each
# (test_with_a_cache_the_session_costs_no_query). Today was 9 before its people and their
# last appreciated day came in one query. Today was 8 before the kindness card came with the page
# (one query, its row) instead of loading itself by a second request (four: session, user, row, people).
PAGES = [("/", 9), ("/journal/", 8), (f"/journal/{YESTERDAY.isoformat()}/", 6)]


@pytest.mark.parametrize(("url", "budget"), PAGES)
def test_pages_cost_the_same_queries_with_ten_years_as_with_one_day(
    client: Client, user: User, people: list[Person], url: str, budget: int, django_assert_max_num_queries
) -> None:
    signed_in = _signed_in(client, user)
    write_items(user, people=people[:1])
    _history(user, people, days=1)
    _get(signed_in, url)  # first request: session and caches settle
    one_day = _count(lambda: _get(signed_in, url))

    GratitudeItem.objects.filter(owner=user, local_date__lt=TODAY).delete()
    JournalDay.objects.filter(owner=user, local_date__lt=TODAY).delete()
    _history(user, people, days=TEN_YEARS)
    with django_assert_max_num_queries(budget):
        _get(signed_in, url)
    assert _count(lambda: _get(signed_in, url)) == one_day


def test_saving_an_item_costs_the_same_queries_with_ten_years_as_with_one_day(
    client: Client, user: User, people: list[Person], django_assert_max_num_queries
) -> None:
    signed_in = _signed_in(client, user)
    _history(user, people, days=1)
    item = GratitudeItem.objects.get(owner=user, local_date=YESTERDAY, position=1)
    _edit(signed_in, item, people[0])
    one_day = _count(lambda: _edit(signed_in, item, people[0]))

    _history(user, people, days=TEN_YEARS, after=1)  # yesterday is already there
    with django_assert_max_num_queries(SAVE_BUDGET):
        _edit(signed_in, item, people[0])
    assert _count(lambda: _edit(signed_in, item, people[0])) == one_day


def test_with_a_cache_the_session_costs_no_query(
    client: Client, user: User, people: list[Person], settings: Any
) -> None:
    """What production does when REDIS_URL is set (here with an in-process cache)."""
    write_items(user, people=people[:1])
    _history(user, people, days=TEN_YEARS)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    signed_in = _signed_in(client, user)
    _get(signed_in, "/")
    without_cache = _count(lambda: _get(signed_in, "/"))
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    signed_in = _signed_in(Client(), user)
    _get(signed_in, "/")
    assert _count(lambda: _get(signed_in, "/")) == without_cache - 1 == PAGES[0][1] - 1


def test_streaks_heatmap_and_timing_read_one_query_whatever_the_history(
    user: User, people: list[Person], django_assert_num_queries
) -> None:
    _history(user, people, days=TEN_YEARS)
    since = selectors.timing_since(TODAY)
    with django_assert_num_queries(1):
        statuses, times = selectors.practice_history(user=user, since=since)
    assert len(statuses) == TEN_YEARS
    assert len(times) == sum(
        1 for day, state in statuses.items() if day >= since and state == DayState.ON_TIME
    )


# The paged lists (compersion/lib/paging.py): (page, its paged list in the context, budget).
# Every page of a list costs the same, the newest, one in the middle and the oldest, for one
# day of history as for four hundred: the page asks for one more row than it shows, never a count.
# Kindness was 7 when its log was the latest 20 acts: the variety figure now reads the latest acts
# apart from the page of the log. The person page: session, user, person, one per timeline source.
# Check-ins were 8 when one need sat on the check-in row: several needs are one more prefetch.
PAGED = [
    ("feelings:index", "checkins", 9),
    ("feelings:joy", "joys", 5),
    ("kindness:index", "acts", 8),
    ("people:detail", "entries", 7),
]


def _paged_url(name: str, person: Person) -> str:
    return reverse(name, kwargs={"person_id": person.pk}) if name == "people:detail" else reverse(name)


def _paged_counts(client: Client, url: str, listed: str) -> list[int]:
    """Queries for the newest page, a middle one (two Older links on) and the oldest page."""
    counts = []
    for query in ({}, None, {"oldest": "1"}):
        if query is None:
            older = client.get(url).context[listed].older
            query = {"before": str(client.get(url, {"before": str(older)}).context[listed].older)}
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, query)
        assert response.status_code == 200
        assert response.context[listed].entries
        counts.append(len(captured))
    return counts


@pytest.mark.parametrize(("name", "listed", "budget"), PAGED)
def test_every_page_of_a_paged_list_costs_the_same_with_four_hundred_days_as_with_one(
    client: Client, user: User, people: list[Person], name: str, listed: str, budget: int
) -> None:
    signed_in = _signed_in(client, user)
    url = _paged_url(name, people[0])
    history_seed(user, people[0], days=1, today=TODAY)
    _get(signed_in, url)  # first request: session and caches settle
    one_day = _count(lambda: _get(signed_in, url))

    history_seed(user, people[0], days=399, today=YESTERDAY)
    first, middle, oldest = _paged_counts(signed_in, url, listed)

    assert first == middle == oldest == one_day <= budget


# The ideas page: session, user, the ideas in one query. It pages in Python (the ideas' words
# are encrypted, so the database cannot sort them), so the first page, the last and one with
# a hundred ideas of the user's own cost that same one query.
IDEAS_BUDGET = 3


def test_every_page_of_the_ideas_costs_the_same_few_queries(
    client: Client, user: User, django_assert_max_num_queries
) -> None:
    load_shared_ideas(KindnessIdea)  # a browser journey run earlier may have emptied the store
    signed_in = _signed_in(client, user)
    url = reverse("kindness:ideas")
    _get(signed_in, url)  # first request: session and caches settle
    first = _count(lambda: _get(signed_in, url))
    KindnessIdea.objects.bulk_create(
        KindnessIdea(owner=user, text=f"My own idea {n}", category="gift", recipient_kind="friend")
        for n in range(100)
    )
    last = signed_in.get(url).context["ideas"].paginator.num_pages
    counts = []
    for query in ({}, {"page": "2"}, {"page": str(last)}, {"mine": "on", "page": "3"}):
        with django_assert_max_num_queries(IDEAS_BUDGET), CaptureQueriesContext(connection) as captured:
            response = signed_in.get(url, query)
        assert response.status_code == 200
        assert len(response.context["ideas"]) > 0
        counts.append(len(captured))
    assert counts == [first] * 4
