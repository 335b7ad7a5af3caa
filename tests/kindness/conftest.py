from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from accounts.models import User
from kindness.ideas import load_shared_ideas
from kindness.models import KindnessAct, KindnessIdea
from people.models import Person, PersonKind


@pytest.fixture(autouse=True)
def _shared_ideas(request: pytest.FixtureRequest) -> None:
    """The idea store as ``migrate`` leaves it.

    A transactional test elsewhere (the browser journeys) empties every table when it
    ends, data migrations included, so put the shared ideas back if they are gone.
    """
    if "db" in request.fixturenames:
        request.getfixturevalue("db")
        load_shared_ideas(KindnessIdea)


@pytest.fixture
def make_act(db: None) -> Callable[..., KindnessAct]:
    """Create an act directly (bypassing the seven-day rule) for building history."""

    def make(user: User, local_date: date, **fields: Any) -> KindnessAct:
        fields.setdefault("text", "Left a note of thanks")
        fields.setdefault("category", "words")
        fields.setdefault("recipient_kind", "friend")
        fields.setdefault("effort", "small")
        return KindnessAct.objects.create(
            owner=user, local_date=local_date, time_zone=user.time_zone, **fields
        )

    return make


@pytest.fixture
def sam(user: User) -> Person:
    return Person.objects.create(owner=user, name="Sam", kind=PersonKind.PARTNER)
