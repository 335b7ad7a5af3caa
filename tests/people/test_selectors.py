from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.http import Http404

from compersion.lib.paging import Key, Window, merge
from feelings.models import Feeling, LifeArea
from feelings.services import checkin_create, vicarious_joy_log, vocabulary_seed
from journal.person_page import person_timeline
from journal.services import gratitude_item_add
from kindness.models import Category, Effort
from kindness.services import kindness_act_log
from people.models import PersonKind
from people.selectors import (
    people_choices_for_user,
    people_for_user,
    people_grouped,
    person_for_user,
)
from people.services import person_archive
from people.timeline import TimelineEntry
from tests.people.factories import PersonFactory


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


def _entry(day: int, title: str, rank: int) -> TimelineEntry:
    key = Key(day=date(2026, 3, day), tie=1, rank=rank)
    return TimelineEntry(key=key, kind="k", title=title, body="", url=None)


def test_merge_puts_newest_first_and_keeps_provider_order_on_a_tie():
    batches = [[_entry(2, "a2", 0), _entry(1, "a1", 0)], [_entry(3, "b3", 1), _entry(2, "b2", 1)]]

    merged = merge(batches, Window(size=10), key=lambda entry: entry.key)

    assert [entry.title for entry in merged] == ["b3", "a2", "b2", "a1"]


def test_merge_walking_newer_puts_oldest_first_and_the_provider_order_reversed_on_a_tie():
    batches = [[_entry(1, "a1", 0), _entry(2, "a2", 0)], [_entry(2, "b2", 1), _entry(3, "b3", 1)]]

    merged = merge(batches, Window(size=10, newer=True), key=lambda entry: entry.key)

    assert [entry.title for entry in merged] == ["a1", "b2", "a2", "b3"]


def _on(day: int):
    # Noon UTC is the same calendar day in Berlin, the user's zone.
    return time_machine.travel(datetime(2026, 3, day, 12, tzinfo=UTC), tick=False)


def _joy() -> Feeling:
    vocabulary_seed()
    return Feeling.objects.get(owner=None, name="joy")


def _one_of_each_practice(user, person, *, days: tuple[int, int, int, int]) -> None:
    """A gratitude item, a kindness, a check-in and a vicarious joy linked to ``person``."""
    gratitude, kindness, checkin, joy = days
    with _on(gratitude):
        gratitude_item_add(user=user, local_date=date(2026, 3, gratitude), text="Sam cooked", people=[person])
    with _on(kindness):
        kindness_act_log(
            user=user,
            text="Left a note",
            category=Category.WORDS,
            effort=Effort.SMALL,
            local_date=date(2026, 3, kindness),
            person=person,
        )
    with _on(checkin):
        checkin_create(user=user, intensities={_joy(): 5}, people=[person])
    with _on(joy):
        vicarious_joy_log(user=user, person=person, what_happened="Got the job", joy=8, area=LifeArea.WORK)


def test_the_timeline_gathers_every_practice_newest_first(user):
    sam = PersonFactory.create(owner=user, name="Sam", kind=PersonKind.PARTNER)
    _one_of_each_practice(user, sam, days=(1, 2, 3, 4))

    with _on(5):
        entries = person_timeline(user=user, person=sam, window=Window(size=50)).entries

    assert [(entry.local_date.day, entry.kind) for entry in entries] == [
        (4, "vicarious joy"),
        (3, "feelings check-in"),
        (2, "kindness"),
        (1, "gratitude"),
    ]


def test_on_one_day_the_timeline_lists_the_practices_in_a_fixed_order(user):
    sam = PersonFactory.create(owner=user, name="Sam", kind=PersonKind.PARTNER)
    _one_of_each_practice(user, sam, days=(3, 3, 3, 3))

    with _on(3):
        entries = person_timeline(user=user, person=sam, window=Window(size=50)).entries

    assert [entry.kind for entry in entries] == [
        "gratitude",
        "kindness",
        "feelings check-in",
        "vicarious joy",
    ]


def test_the_timeline_stops_at_the_limit_keeping_the_newest(user):
    sam = PersonFactory.create(owner=user, name="Sam", kind=PersonKind.PARTNER)
    _one_of_each_practice(user, sam, days=(1, 2, 3, 4))

    with _on(5):
        entries = person_timeline(user=user, person=sam, window=Window(size=2)).entries

    assert [entry.local_date.day for entry in entries] == [4, 3]


def test_the_timeline_leaves_out_what_is_linked_to_someone_else(user):
    sam = PersonFactory.create(owner=user, name="Sam", kind=PersonKind.PARTNER)
    kim = PersonFactory.create(owner=user, name="Kim", kind=PersonKind.FRIEND)
    _one_of_each_practice(user, kim, days=(1, 2, 3, 4))

    with _on(5):
        assert person_timeline(user=user, person=sam, window=Window(size=50)).entries == []


def test_the_timeline_refuses_someone_elses_person(user, other_user):
    theirs = PersonFactory.create(owner=other_user)

    with pytest.raises(Http404):
        person_timeline(user=user, person=theirs, window=Window(size=50))
