from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from people.models import PersonKind
from people.selectors import (
    people_choices_for_user,
    people_for_user,
    people_grouped,
    person_for_user,
    person_timeline,
)
from people.services import person_archive
from people.timeline import TimelineEntry, merge_entries
from tests.people.factories import PersonFactory

PROVIDERS = "tests.people.timeline_providers"


def test_person_for_user_finds_the_users_own_person_even_archived(user):
    person = PersonFactory.create(owner=user)
    person_archive(person=person)

    assert person_for_user(user=user, person_id=person.pk) == person


def test_person_for_user_is_a_404_for_someone_elses_person(user, other_user):
    theirs = PersonFactory.create(owner=other_user)

    with pytest.raises(Http404):
        person_for_user(user=user, person_id=theirs.pk)


def test_person_for_user_is_a_404_for_a_missing_person(user):
    with pytest.raises(Http404):
        person_for_user(user=user, person_id=987654)


def test_people_for_user_lists_only_active_people_by_name_unless_asked(user, other_user):
    zoe = PersonFactory.create(owner=user, name="Zoe")
    ali = PersonFactory.create(owner=user, name="Ali")
    gone = PersonFactory.create(owner=user, name="Bea")
    person_archive(person=gone)
    PersonFactory.create(owner=other_user, name="Aaron")

    assert list(people_for_user(user=user)) == [ali, zoe]
    assert list(people_for_user(user=user, include_archived=True)) == [ali, gone, zoe]


def test_people_choices_leave_out_archived_and_other_users_people(user, other_user):
    kim = PersonFactory.create(owner=user, name="Kim")
    person_archive(person=PersonFactory.create(owner=user, name="Abe"))
    PersonFactory.create(owner=other_user, name="Bo")

    assert list(people_choices_for_user(user=user)) == [kim]


def test_people_are_grouped_by_relationship_in_a_fixed_order(user):
    friend = PersonFactory.create(owner=user, kind=PersonKind.FRIEND)
    metamour = PersonFactory.create(owner=user, kind=PersonKind.METAMOUR)
    partner = PersonFactory.create(owner=user, kind=PersonKind.PARTNER, kind_label="anchor")

    groups = people_grouped([friend, metamour, partner])

    assert [(group.heading, group.people) for group in groups] == [
        ("Partners", [partner]),
        ("Metamours", [metamour]),
        ("Friends", [friend]),
    ]


def _entry(day: int, title: str) -> TimelineEntry:
    return TimelineEntry(local_date=date(2026, 3, day), kind="k", title=title, body="", url=None)


def test_merge_puts_newest_first_and_keeps_provider_order_on_a_tie():
    merged = merge_entries([[_entry(2, "a2"), _entry(1, "a1")], [_entry(3, "b3"), _entry(2, "b2")]], limit=10)

    assert [entry.title for entry in merged] == ["b3", "a2", "b2", "a1"]


def test_the_timeline_merges_every_registered_provider(user, only_providers):
    person = PersonFactory.create(owner=user, name="Sam")
    only_providers(f"{PROVIDERS}.gratitude_like", f"{PROVIDERS}.kindness_like")

    entries = person_timeline(user=user, person=person)

    assert [(entry.local_date.day, entry.title) for entry in entries] == [
        (5, "Kindness 5"),
        (2, "Glad for Sam"),
        (2, "Kindness 2"),
        (1, "Kindness 1"),
    ]


def test_the_timeline_stops_at_the_limit(user, only_providers):
    person = PersonFactory.create(owner=user)
    only_providers(f"{PROVIDERS}.many", f"{PROVIDERS}.kindness_like")

    entries = person_timeline(user=user, person=person, limit=3)

    assert [entry.title for entry in entries] == ["Kindness 5", "Kindness 2", "Kindness 1"]
    assert len(person_timeline(user=user, person=person)) == 50


def test_a_provider_registered_twice_counts_once(user, only_providers):
    person = PersonFactory.create(owner=user)
    only_providers(f"{PROVIDERS}.kindness_like", f"{PROVIDERS}.kindness_like")

    assert len(person_timeline(user=user, person=person)) == 3


def test_the_timeline_refuses_someone_elses_person(user, other_user, only_providers):
    theirs = PersonFactory.create(owner=other_user)
    only_providers(f"{PROVIDERS}.kindness_like")

    with pytest.raises(Http404):
        person_timeline(user=user, person=theirs)


def test_the_timeline_is_empty_with_no_providers(user, only_providers):
    only_providers()

    assert person_timeline(user=user, person=PersonFactory.create(owner=user)) == []
