"""A long history in bulk, for the tests of paged lists: one check-in, vicarious joy, kindness
act and gratitude item a day, every one about ``person``, and a needs answer each week.

Rows go through the models (``bulk_create``), so the encrypted fields encrypt as they would in
the app. Each record's words name its day ("… on 2025-03-27"), so a test can find the oldest.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.test import Client

from accounts.models import User
from feelings.models import CheckIn, CheckInFeeling, Feeling, LifeArea, NeedsCheckIn, VicariousJoy
from feelings.services import vocabulary_seed
from journal.models import GratitudeItem
from kindness.models import Category, KindnessAct, RecipientKind
from people.models import Person


def history_seed(user: User, person: Person, *, days: int, today: date) -> list[date]:
    """``days`` days up to and including ``today``; returns them, oldest first."""
    vocabulary_seed()  # transactional tests (the browser journeys) start from empty tables
    joy = Feeling.objects.get(owner=None, name="joy")
    dates = [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    zone = user.time_zone

    def at(day: date) -> datetime:
        return datetime.combine(day, time(18, 0), tzinfo=UTC)

    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            owner=user, created_at=at(day), local_date=day, time_zone=zone, what_happened=f"Felt it on {day}"
        )
        for day in dates
    )
    CheckInFeeling.objects.bulk_create(CheckInFeeling(checkin=c, feeling=joy, intensity=5) for c in checkins)
    CheckIn.people.through.objects.bulk_create(
        CheckIn.people.through(checkin_id=c.pk, person_id=person.pk) for c in checkins
    )
    VicariousJoy.objects.bulk_create(
        VicariousJoy(
            owner=user,
            person=person,
            area=LifeArea.WORK,
            what_happened=f"Good news on {day}",
            joy=7,
            created_at=at(day),
            local_date=day,
            time_zone=zone,
        )
        for day in dates
    )
    KindnessAct.objects.bulk_create(
        KindnessAct(
            owner=user,
            person=person,
            recipient_kind=RecipientKind.PARTNER,
            category=Category.WORDS,
            text=f"A kind word on {day}",
            local_date=day,
            time_zone=zone,
            created_at=at(day),
        )
        for day in dates
    )
    items = GratitudeItem.objects.bulk_create(
        GratitudeItem(owner=user, local_date=day, time_zone=zone, text=f"Grateful on {day}", position=1)
        for day in dates
    )
    GratitudeItem.people.through.objects.bulk_create(
        GratitudeItem.people.through(gratitudeitem_id=item.pk, person_id=person.pk) for item in items
    )
    NeedsCheckIn.objects.bulk_create(
        NeedsCheckIn(owner=user, person=person, score=4, note=f"Met on {day}", local_date=day, time_zone=zone)
        for day in dates[::7]
    )
    return dates


def pages_walk(client: Client, url: str, listed: str, *, towards: str = "older") -> list[list[Any]]:
    """Every page of a paged list, following its Older links from the newest page (or its Newer
    links from the oldest, ``towards="newer"``), as the entries each page showed."""
    query: dict[str, str] = {} if towards == "older" else {"oldest": "1"}
    pages = []
    while True:
        response = client.get(url, query)
        assert response.status_code == 200
        page = response.context[listed]
        pages.append(page.entries)
        step = page.older if towards == "older" else page.newer
        if step is None:
            return pages
        # The link as the page wrote it, not only the key: what a browser would follow.
        link = f"{'before' if towards == 'older' else 'after'}={step}"
        assert link in response.content.decode()
        query = {"before" if towards == "older" else "after": str(step)}
