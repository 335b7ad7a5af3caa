from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import User
from feelings.services import vocabulary_seed
from people.models import Person, PersonKind


@pytest.fixture(autouse=True)
def _vocabulary(db: None) -> None:
    # Browser tests flush every table, seeded rows included; put the team's words back.
    vocabulary_seed()


@pytest.fixture
def make_person() -> Callable[..., Person]:
    def make(owner: User, name: str = "Jules", kind: str = PersonKind.METAMOUR) -> Person:
        return Person.objects.create(owner=owner, name=name, kind=kind)

    return make


@pytest.fixture
def me(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def them(client: Client, other_user: User) -> Client:
    client.force_login(other_user)
    return client
