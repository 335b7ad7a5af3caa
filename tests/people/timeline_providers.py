"""Timeline providers as another app would write them, registered by tests only."""

from __future__ import annotations

from datetime import date

from accounts.models import User
from people.models import Person
from people.timeline import TimelineEntry


def gratitude_like(user: User, person: Person, limit: int) -> list[TimelineEntry]:
    """One query, filtered by owner and person, like a real provider."""
    rows = Person.objects.filter(owner=user, pk=person.pk).values_list("name", flat=True)[:limit]
    return [
        TimelineEntry(
            local_date=date(2026, 3, 2), kind="gratitude", title=f"Glad for {name}", body="", url=None
        )
        for name in rows
    ]


def kindness_like(user: User, person: Person, limit: int) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(
            local_date=date(2026, 3, day), kind="kindness", title=f"Kindness {day}", body="", url=None
        )
        for day in (5, 2, 1)
    ]
    return entries[:limit]


def many(user: User, person: Person, limit: int) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(local_date=date(2025, 1, 1), kind="feeling", title=f"Check-in {n}", body="", url=None)
        for n in range(100)
    ]
    return entries[:limit]
