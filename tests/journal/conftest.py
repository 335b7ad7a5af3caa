from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pytest
from django.test import Client

from accounts.models import User
from accounts.selectors import user_local_today
from journal.models import GratitudeItem
from journal.services import gratitude_item_add
from people.models import Person


@pytest.fixture
def signed_in(client: Client, user: User) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def write_items(
    user: User,
    *,
    local_date: date | None = None,
    at: datetime | None = None,
    count: int = 5,
    relational: bool = True,
    people: Sequence[Person] = (),
) -> list[GratitudeItem]:
    """Write ``count`` specific items; the first is relational (or linked to ``people``)."""
    day = local_date or user_local_today(user=user, now=at)
    return [
        gratitude_item_add(
            user=user,
            local_date=day,
            text=f"Specific good thing number {n} that happened today",
            relational=relational and n == 1 and not people,
            people=people if n == 1 else (),
            now=at,
        )
        for n in range(1, count + 1)
    ]
