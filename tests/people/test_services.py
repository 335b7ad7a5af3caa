from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import Person, PersonKind
from people.services import person_archive, person_create, person_delete, person_unarchive, person_update
from tests.people.factories import PersonFactory


def test_it_creates_a_person_with_trimmed_text(user):
    person = person_create(
        user=user, name="  Sam  ", kind=PersonKind.METAMOUR, kind_label=" comet ", notes=" hi\n"
    )

    person.refresh_from_db()
    assert (person.owner, person.name, person.kind, person.kind_label, person.notes) == (
        user,
        "Sam",
        PersonKind.METAMOUR,
        "comet",
        "hi",
    )


def test_it_refuses_a_blank_name_even_without_the_form(user):
    with pytest.raises(ValidationError) as error:
        person_create(user=user, name="   ")

    assert "name" in error.value.message_dict
    assert not Person.objects.exists()


def test_it_refuses_an_unknown_kind(user):
    with pytest.raises(ValidationError):
        person_create(user=user, name="Sam", kind="nemesis")


def test_it_updates_every_field(user):
    person = PersonFactory.create(owner=user, name="Sam")

    person_update(
        person=person, name="Sasha", kind=PersonKind.PARTNER, kind_label="anchor", notes="Loves figs"
    )

    person.refresh_from_db()
    assert (person.name, person.kind, person.kind_label, person.notes) == (
        "Sasha",
        PersonKind.PARTNER,
        "anchor",
        "Loves figs",
    )


def test_archiving_twice_keeps_the_first_archive_time(user):
    person = PersonFactory.create(owner=user)
    with time_machine.travel("2026-03-01 12:00Z", tick=False):
        person_archive(person=person)
    first = person.archived_at
    with time_machine.travel("2026-03-05 12:00Z", tick=False):
        person_archive(person=person)

    person.refresh_from_db()
    assert person.archived_at == first
    assert first is not None and first.isoformat() == "2026-03-01T12:00:00+00:00"


def test_unarchiving_brings_a_person_back(user):
    person = PersonFactory.create(owner=user)
    person_archive(person=person)

    person_unarchive(person=person)

    person.refresh_from_db()
    assert person.archived_at is None


def test_delete_removes_only_that_person(user):
    person = PersonFactory.create(owner=user)
    kept = PersonFactory.create(owner=user)

    person_delete(person=person)

    assert list(Person.objects.all()) == [kept]


def test_the_database_refuses_a_nameless_person_from_any_writer(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(owner=user, name="")
