"""Demo gratitude history for ``seed_demo``: years of believable days, written fast.

Each demo user gets runs of perfect days broken by gaps, a few days filled in afterwards
(late), a few half-written days, people linked to their items and completion times that
wander around their reminder. Users who already have journal days are left alone, so the
command can run again. Rows go in with ``COPY`` (a million rows in seconds). The text is
written encrypted, as the model field would write it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from accounts.models import User
from compersion.lib import clock
from compersion.lib.demo_rows import DEMO_RUN_DAYS, demo_run_start, ids_reserve, rows_write, utc_text
from compersion.lib.encryption import encrypt
from journal.models import DAILY_ITEMS, DayState, GratitudeItem, JournalDay
from people.models import Person

ABOUT_PEOPLE = [
    "{p} made me laugh so hard at breakfast that I snorted my tea",
    "{p} sent me a voice note just to say they were thinking of me",
    "{p} listened to the whole story about my awful commute without checking their phone",
    "{p} remembered the name of my childhood dog",
    "{p} got good news today and I felt glad for them all afternoon",
    "{p} cooked the soup I like without me asking",
    "{p} and I walked home the long way by the river",
    "{p} told me about their date and lit up while talking",
    "{p} fixed the wobbly chair I had been ignoring for months",
    "{p} trusted me with something they were worried about",
    "{p} texted a photo of the sunrise from their run",
    "{p} stood up for a colleague in the meeting and I admired it",
]
ABOUT_LIFE = [
    "The first coffee on the balcony while the street was still quiet",
    "Finding the exact bus seat I like, on the sunny side",
    "A stranger held the door and smiled like they meant it",
    "Finishing the chapter I have been stuck on for a week",
    "The smell of rain on warm pavement on the way home",
    "My knee did not hurt on the stairs this evening",
    "Fresh sheets and an early night after a long day",
    "The bakery still had one cinnamon bun left at closing time",
    "A quiet half hour with a book and nobody needing anything",
    "The plant on the windowsill has a new leaf unfurling",
    "Getting the tricky bug at work fixed before lunch",
    "The choir rehearsal where everything finally clicked",
]


@dataclass(frozen=True)
class DemoDay:
    local_date: date
    state: DayState
    items: int
    # Instants as naive-UTC text: both databases read it, and formatting once per day
    # rather than once per item keeps a million rows fast.
    started: str
    completed_at: str | None
    completed_local: time | None


def _completion(rng: random.Random, user: User, day: date, *, late: bool) -> tuple[datetime, time]:
    """When a day became complete: near the reminder, now and then past midnight; late = a day or so after."""
    wall = datetime.combine(day, user.reminder_time) + timedelta(minutes=round(rng.gauss(0, 50)))
    day_start = datetime.combine(day, time(user.day_start_hour))
    day_end = day_start + timedelta(days=1)
    if late:
        wall = day_end + timedelta(hours=rng.randint(8, 40))
    elif wall < day_start:
        wall = day_start + timedelta(minutes=rng.randint(5, 60))
    elif wall >= day_end:
        wall = day_end - timedelta(minutes=rng.randint(5, 90))
    return clock.wall_to_instant(wall, tz=user.tz), wall.time().replace(second=0, microsecond=0)


def plan_days(
    rng: random.Random, user: User, *, first: date, last: date, perfect_from: date | None = None
) -> list[DemoDay]:
    """A habit with a memory: likely to keep going once going, likely to pause once paused.
    From ``perfect_from``, 22 days in a row are written on time (insights' planted run)."""
    perfect_until = perfect_from + timedelta(days=DEMO_RUN_DAYS) if perfect_from else None
    planned: list[DemoDay] = []
    writing = rng.random() < 0.7
    keep_going, pick_up = rng.uniform(0.85, 0.96), rng.uniform(0.15, 0.45)
    day = first
    one_day = timedelta(days=1)
    while day <= last:
        writing = rng.random() < (keep_going if writing else pick_up)
        planted = (
            perfect_from is not None and perfect_until is not None and perfect_from <= day < perfect_until
        )
        writing = writing or planted
        if writing:
            roll = rng.random()
            state = DayState.LATE if roll < 0.04 else DayState.PARTIAL if roll < 0.1 else DayState.ON_TIME
            if planted:
                state = DayState.ON_TIME
            complete = state != DayState.PARTIAL
            instant, local = _completion(rng, user, day, late=state == DayState.LATE)
            started = instant - timedelta(minutes=rng.randint(3, 30))
            planned.append(
                DemoDay(
                    local_date=day,
                    state=state,
                    items=DAILY_ITEMS if complete else 1 + int(rng.random() * (DAILY_ITEMS - 1)),
                    started=utc_text(started),
                    completed_at=utc_text(instant) if complete else None,
                    completed_local=local if complete else None,
                )
            )
        day += one_day
    return planned


def _item_rows(
    rng: random.Random, user: User, planned: list[DemoDay], people: list[tuple[int, str]], next_id: int
) -> Iterator[tuple[tuple[Any, ...], int | None]]:
    """(item row, linked person id) for every planned item; ids are assigned from ``next_id``."""
    random_, n_people, n_about, n_life = rng.random, len(people), len(ABOUT_PEOPLE), len(ABOUT_LIFE)
    owner, zone = user.pk, user.time_zone
    for day in planned:
        needs_person = day.state != DayState.PARTIAL
        for position in range(1, day.items + 1):
            person: tuple[int, str] | None = None
            relational = False
            if position == 1 and needs_person:
                if n_people:
                    person = people[int(random_() * n_people)]
                else:
                    relational = True
            elif n_people and random_() < 0.25:
                person = people[int(random_() * n_people)]
            if person is not None:
                text = ABOUT_PEOPLE[int(random_() * n_about)].format(p=person[1])
            else:
                text = ABOUT_LIFE[int(random_() * n_life)]
            # The fifth item is the one that completed the day.
            at = day.completed_at if position == DAILY_ITEMS and day.completed_at else day.started
            yield (
                # COPY bypasses the model field, so the text is encrypted here, as the field would.
                (next_id, owner, day.local_date, zone, encrypt(text), relational, position, at, at),
                person[0] if person else None,
            )
            next_id += 1


ITEM_COLUMNS = (
    "id",
    "owner_id",
    "local_date",
    "time_zone",
    "text",
    "relational",
    "position",
    "created_at",
    "updated_at",
)
DAY_COLUMNS = (
    "owner_id",
    "local_date",
    "time_zone",
    "item_count",
    "relational_count",
    "completed_at",
    "completed_local_time",
    "status",
)


def demo_journal_seed(*, users: list[User], days: int, rng: random.Random, now: datetime) -> int:
    """Give every demo user without journal days ``days`` days of history ending yesterday.

    Returns the number of items written."""
    seeded = set(JournalDay.objects.filter(owner__in=users).values_list("owner_id", flat=True).distinct())
    todo = [user for user in users if user.pk not in seeded]
    if not todo or days <= 0:
        return 0
    people_by_owner: dict[int, list[tuple[int, str]]] = {}
    for owner_id, person_id, name in (
        Person.objects.filter(owner__in=todo, archived_at=None)
        .order_by("id")
        .values_list("owner_id", "id", "name")
    ):
        people_by_owner.setdefault(owner_id, []).append((person_id, name))

    plans = []
    for user in todo:
        today = clock.local_day(now, tz=user.tz, day_start_hour=user.day_start_hour)
        plans.append(
            (
                user,
                plan_days(
                    rng,
                    user,
                    first=today - timedelta(days=days),
                    last=today - timedelta(days=1),
                    perfect_from=demo_run_start(today=today, days=days),
                ),
            )
        )
    with transaction.atomic():
        return _demo_rows_write(plans, people_by_owner, rng)


def _demo_rows_write(
    plans: list[tuple[User, list[DemoDay]]],
    people_by_owner: dict[int, list[tuple[int, str]]],
    rng: random.Random,
) -> int:
    total_items = sum(day.items for _, planned in plans for day in planned)
    next_id = ids_reserve(GratitudeItem._meta.db_table, total_items)

    day_rows: list[tuple[Any, ...]] = []
    item_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[int, int]] = []
    for user, planned in plans:
        about_people: dict[date, int] = {}
        for row, linked_id in _item_rows(rng, user, planned, people_by_owner.get(user.pk, []), next_id):
            item_rows.append(row)
            if linked_id is not None:
                link_rows.append((row[0], linked_id))
            if linked_id is not None or row[5]:
                about_people[row[2]] = about_people.get(row[2], 0) + 1
        next_id += sum(day.items for day in planned)
        day_rows += [
            (
                user.pk,
                day.local_date,
                user.time_zone,
                day.items,
                about_people.get(day.local_date, 0),
                day.completed_at,
                day.completed_local.isoformat() if day.completed_local else None,
                day.state.value,
            )
            for day in planned
        ]
    rows_write(JournalDay._meta.db_table, DAY_COLUMNS, day_rows)
    rows_write(GratitudeItem._meta.db_table, ITEM_COLUMNS, item_rows)
    rows_write(GratitudeItem.people.through._meta.db_table, ("gratitudeitem_id", "person_id"), link_rows)
    return len(item_rows)
