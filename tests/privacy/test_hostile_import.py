from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from feelings.models import Feeling
from journal.models import GratitudeItem
from people.models import Person
from privacy import schema
from privacy.selectors import export_document
from privacy.services import ImportProblems, account_import
from tests.factories import UserFactory

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)


@pytest.fixture
def document(user: User, filled: Callable[[User], dict[str, Person]]) -> dict[str, Any]:
    filled(user)
    return export_document(user=user)


def test_text_with_a_nul_character_is_refused_by_name(document: dict[str, Any]) -> None:
    document["kindness_acts"][0]["reflection"] = "fine\x00not fine"

    with pytest.raises(ImportProblems) as caught:
        account_import(user=UserFactory.create(), document=document)

    assert caught.value.problems == ["kindness act 1: reflection contains a NUL character"]


def test_repeats_inside_a_file_are_stored_once(document: dict[str, Any]) -> None:
    fresh = UserFactory.create()
    document["gratitude"][0]["people"] = ["person-1", "person-1"]
    document["feelings_own"].append({**document["feelings_own"][0], "name": "WOBBLY"})
    document["kindness_ideas"].append(document["kindness_ideas"][0])

    account_import(user=fresh, document=document)

    (item,) = [
        i for i in GratitudeItem.objects.filter(owner=fresh) if i.text == document["gratitude"][0]["text"]
    ]
    assert item.people.count() == 1
    assert Feeling.objects.filter(owner=fresh, name__iexact="wobbly").count() == 1
    assert export_document(user=fresh)["kindness_ideas"] == document["kindness_ideas"][:1]


def test_empty_posts_get_a_message_not_a_blank_form(client: Client, user: User) -> None:
    client.force_login(user)

    assert "This field is required." in client.post("/settings/import/").content.decode()
    assert "This field is required." in client.post("/settings/delete/").content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def _paths(value: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [path] + [p for key, child in value.items() for p in _paths(child, (*path, key))]
    if isinstance(value, list):
        return [path] + [p for index, child in enumerate(value) for p in _paths(child, (*path, index))]
    return [path]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damaged_file_is_imported_or_refused_with_sentences_never_an_error(
    document: dict[str, Any], data: st.DataObject
) -> None:
    damaged = copy.deepcopy(document)
    path = data.draw(st.sampled_from(_paths(damaged)[1:]))
    target: Any = damaged
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = data.draw(JSON_VALUES)

    try:
        account_import(user=UserFactory.create(), document=damaged)
    except ImportProblems as refused:
        assert refused.problems
        assert all(isinstance(p, str) and p for p in refused.problems)
    else:
        assert schema.validate(damaged) == []
