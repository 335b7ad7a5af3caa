from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import Client

from accounts.models import User
from feelings.models import CheckIn, CheckInFeeling, Feeling, MetamourNote, VicariousJoy
from feelings.services import vocabulary_seed
from journal.models import DayState, JournalDay
from kindness.models import Category, KindnessAct, RecipientKind
from people.models import Person, PersonKind

# The moment the tests read the pages at: noon in Berlin, the fixture user's zone.
NOW = datetime(2026, 11, 20, 11, tzinfo=UTC)
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _vocabulary(db: None) -> None:
    vocabulary_seed()


@pytest.fixture
def me(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def history_write(
    user: User,
    *,
    days: int,
    today: date = TODAY,
    run_start: date | None = None,
    metamour_note: date | None = None,
) -> dict[str, Person]:
    """A compact history of ``days`` days up to ``today``, written in bulk (no words to
    encrypt but a few): a check-in every other day about a partner and a metamour, naming
    compersion (4 before ``run_start`` + 22 days, 7 after) and jealousy (7, then 4); a
    22-day perfect run from ``run_start``; a kindness act and a joy a week."""
    feelings = {f.name: f for f in Feeling.objects.filter(owner=None, name__in=["compersion", "jealousy"])}
    alex = Person.objects.create(owner=user, name="Alex", kind=PersonKind.PARTNER)
    jordan = Person.objects.create(owner=user, name="Jordan", kind=PersonKind.METAMOUR)
    first = today - timedelta(days=days - 1)
    turn = run_start + timedelta(days=22) if run_start else (metamour_note or today)
    dates = [first + timedelta(days=n) for n in range(days)]
    if run_start:
        JournalDay.objects.bulk_create(
            JournalDay(
                owner=user,
                local_date=run_start + timedelta(days=n),
                time_zone=user.time_zone,
                item_count=5,
                relational_count=1,
                status=DayState.ON_TIME,
            )
            for n in range(22)
        )
    JournalDay.objects.bulk_create(
        JournalDay(owner=user, local_date=day, time_zone=user.time_zone, item_count=5, status=DayState.LATE)
        for day in dates[::3]
        if not run_start or not run_start <= day < run_start + timedelta(days=22)
    )
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            owner=user,
            local_date=day,
            time_zone=user.time_zone,
            created_at=datetime.combine(day, time(18), tzinfo=UTC),
        )
        for day in dates[::2]
    )
    CheckInFeeling.objects.bulk_create(
        CheckInFeeling(checkin=c, feeling=feelings[name], intensity=value)
        for c in checkins
        for name, value in (
            ("compersion", 4 if c.local_date < turn else 7),
            ("jealousy", 7 if c.local_date < turn else 4),
        )
    )
    CheckIn.people.through.objects.bulk_create(
        CheckIn.people.through(checkin_id=c.pk, person_id=p.pk) for c in checkins for p in (alex, jordan)
    )
    KindnessAct.objects.bulk_create(
        KindnessAct(
            owner=user,
            text=f"Secret act on {day}",
            recipient_kind=RecipientKind.STRANGER,
            category=Category.HELP,
            local_date=day,
            time_zone=user.time_zone,
        )
        for day in dates[::7]
    )
    VicariousJoy.objects.bulk_create(
        VicariousJoy(owner=user, what_happened="News", joy=7, local_date=day, time_zone=user.time_zone)
        for day in dates[3::7]
    )
    if metamour_note:
        MetamourNote.objects.create(owner=user, person=jordan, text="Plays cello", local_date=metamour_note)
    return {"alex": alex, "jordan": jordan}


@pytest.fixture
def write_history() -> Callable[..., dict[str, Person]]:
    return history_write
