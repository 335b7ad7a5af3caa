from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from kindness.ideas import load_shared_ideas
from kindness.models import KindnessAct, KindnessIdea
from people.models import Person, PersonKind

# The add-idea form filled in as a person would: a private idea of their own.
NEW_IDEA = {
    "idea-text": "Sing to the cat",
    "idea-category": "time",
    "idea-recipient_kind": "animals",
    "idea-effort": "small",
    "idea-cost": "free",
    "idea-setting": "home",
}


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


_NEXT_LINK = re.compile(r'<a href="([^"]*)" rel="next"')


def ideas_pages(client: Client, query: dict[str, str] | None = None) -> list[Any]:
    """Every page of the ideas list for ``query``, from the first, following each page's own
    Next link as a browser would (its href, fragment and all): the responses, in order."""
    responses = [client.get(reverse("kindness:ideas"), query or {})]
    while True:
        assert responses[-1].status_code == 200
        found = _NEXT_LINK.search(responses[-1].content.decode())
        if found is None:
            return responses
        assert len(responses) < 100, "the Next links go round in a circle"
        responses.append(client.get(html.unescape(found.group(1)).split("#", 1)[0]))
