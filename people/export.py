"""People in an export: the ``people`` section, and the keys (``person-1``, ``person-2``, …)
by which every other record refers to them, never by a database id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from accounts.models import User
from compersion.lib.export import (
    CHUNK,
    DATETIME,
    OPTIONAL_DATETIME,
    ImportResult,
    Record,
    choice,
    iso,
    label,
    max_length,
    moment,
    optional_moment,
    record,
    records,
    text,
)
from people.models import Person, PersonKind

# The file's key for a person → that person's id in the account, and back.
PersonKeys = dict[int, str]
PersonMap = dict[str, Person]

KEY_PATTERN = r"^person-[0-9]+$"
PERSON_REF = {"type": ["string", "null"], "pattern": KEY_PATTERN}
PERSON_REFS = {"type": "array", "items": {"type": "string", "pattern": KEY_PATTERN}}

PEOPLE = records(
    record(
        {
            "key": {"type": "string", "pattern": KEY_PATTERN},
            "name": text(max_length(Person, "name"), min_length=1),
            "kind": choice(PersonKind.values),
            "kind_label": text(max_length(Person, "kind_label")),
            "notes": text(max_length(Person, "notes")),
            "archived_at": OPTIONAL_DATETIME,
            "created_at": DATETIME,
        },
        "Someone in the user's life. Other records refer to them by `key`, never by a database id.",
    ),
    "person",
)

SECTIONS: dict[str, dict[str, Any]] = {"people": PEOPLE}


# --- Export -------------------------------------------------------------------------


def person_keys(*, user: User) -> PersonKeys:
    """Export-local keys for the user's people, stable across export → import → export:
    they follow the order people were added in, never the database id."""
    ids = Person.objects.filter(owner=user).order_by("created_at", "name", "id").values_list("id", flat=True)
    return {person_id: f"person-{number}" for number, person_id in enumerate(ids, start=1)}


def people_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    people = Person.objects.filter(owner=user).order_by("created_at", "name", "id")
    for person in people.iterator(chunk_size=CHUNK):
        yield {
            "key": keys[person.pk],
            "name": person.name,
            "kind": person.kind,
            "kind_label": person.kind_label,
            "notes": person.notes,
            "archived_at": iso(person.archived_at),
            "created_at": iso(person.created_at),
        }


EXPORTERS = {"people": people_records}


def person_links(through: Any, *, owner_field: str, ids: list[int], keys: PersonKeys) -> dict[int, list[str]]:
    """Person keys per record for one batch of records linked to people through ``through``,
    in key order: one query a batch. (prefetch_related builds a manager per row, which cost
    seconds on a long history.)"""
    links: dict[int, list[str]] = defaultdict(list)
    pairs = through.objects.filter(**{f"{owner_field}__in": ids}).values_list(owner_field, "person_id")
    for record_id, person_id in pairs:
        links[record_id].append(keys[person_id])
    for refs in links.values():
        refs.sort(key=lambda key: int(key.split("-")[1]))
    return links


# --- Checks and import ----------------------------------------------------------------


def problems(*, document: Record) -> list[str]:
    """Person keys used twice."""
    counts = Counter(person["key"] for person in document["people"])
    return [
        f"person key {key} is used for more than one person"
        for key in sorted(key for key, count in counts.items() if count > 1)
    ]


def reference_problems(section: dict[str, Any], items: list[Record], *, known: set[str]) -> list[str]:
    """A sentence for each ``person`` or ``people`` reference of ``section``'s records that
    names no person in the file."""
    found: list[str] = []
    for index, item in enumerate(items):
        refs = [item.get("person"), *item.get("people", [])]
        found += [
            f"{label(section, index)}: person {ref} is not among the file's people"
            for ref in refs
            if ref and ref not in known
        ]
    return found


def person(people: PersonMap, key: str | None) -> Person | None:
    """The account's person for a key from the file (None for no key)."""
    return people[key] if key else None


def people_import(*, user: User, records: list[Record], result: ImportResult) -> PersonMap:
    """Add the file's people that the account lacks (by name, kind and moment added); returns
    every key of the file → its person in the account, for the records that refer to them."""
    existing = {(p.name, p.kind, p.created_at): p for p in Person.objects.filter(owner=user)}
    people: PersonMap = {}
    for item in records:
        created_at = moment(item["created_at"])
        person = existing.get((item["name"], item["kind"], created_at))
        if person is None:
            person = Person.objects.create(
                owner=user,
                name=item["name"],
                kind=item["kind"],
                kind_label=item["kind_label"],
                notes=item["notes"],
                archived_at=optional_moment(item["archived_at"]),
                created_at=created_at,
            )
            existing[(person.name, person.kind, created_at)] = person
            result.added["people"] += 1
        else:
            result.skipped["people"] += 1
        people[item["key"]] = person
    return people
