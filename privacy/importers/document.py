"""Rows read from another app, and the choices made on the preview, as a Compersion export
document: the import then takes the same validated, all-or-nothing, idempotent path as a
Compersion file (``privacy.services.account_import``). Pure: the account's people and settings
come in as records.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from compersion.lib import clock
from compersion.lib.export import Record, iso
from privacy import schema
from privacy.importers.formats import Parsed


@dataclass(frozen=True)
class Choices:
    """What the user chose on the preview."""

    time_zone: str
    # A mood label of the file → (feeling name, intensity 1-10).
    moods: dict[str, tuple[str, int]]
    # A person's name (case-folded) → the id of one of the account's people, or None for a new one.
    people: dict[str, int | None]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Choices:
        return cls(
            time_zone=data["time_zone"],
            moods={label: (name, intensity) for label, (name, intensity) in data["moods"].items()},
            people=dict(data["people"]),
        )


def _new_person(key: str, name: str, now: datetime) -> Record:
    return {
        "key": key,
        "name": name,
        "kind": "other",
        "kind_label": "",
        "notes": "",
        "archived_at": None,
        "created_at": iso(now),
    }


def _mentions(text: str, names: dict[str, str]) -> list[str]:
    """Keys of the people whose name stands in ``text`` as a word of its own."""
    folded = text.casefold()
    return [key for name, key in names.items() if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded)]


def document_build(
    *,
    parsed: Parsed,
    choices: Choices,
    people: list[Record],
    keys: dict[int, str],
    settings: Record,
    now: datetime,
) -> Record:
    """The export document for ``parsed``: ``people`` are the account's people as export
    records, ``keys`` their ids → keys in those records."""
    tz = clock.zone(choices.time_zone)
    records = list(people)
    by_name: dict[str, str] = {}
    number = len(records)
    for row in parsed.checkins:
        for name in row.people:
            folded = name.casefold()
            if folded in by_name:
                continue
            chosen = choices.people.get(folded)
            if chosen is not None and chosen in keys:
                by_name[folded] = keys[chosen]
            else:
                number += 1
                by_name[folded] = f"person-{number}"
                records.append(_new_person(by_name[folded], name, now))

    checkins: list[Record] = []
    taken: set[datetime] = set()
    for row in parsed.checkins:
        wall = datetime.combine(date.fromisoformat(row.local_date), time.fromisoformat(row.wall_time))
        moment = clock.wall_to_instant(wall, tz=tz)
        # Two rows at the same minute are two check-ins, not one written twice: the second is
        # a microsecond later (the import's natural key is the moment), the same on every import.
        while moment in taken:
            moment += timedelta(microseconds=1)
        taken.add(moment)
        feelings: dict[str, int] = {}
        for mood in row.moods:
            name, intensity = choices.moods[mood]
            feelings[name] = max(intensity, feelings.get(name, 0))
        checkins.append(
            {
                "created_at": iso(moment),
                "local_date": row.local_date,
                "time_zone": choices.time_zone,
                "feelings": [{"name": name, "intensity": n} for name, n in feelings.items()],
                "people": list(dict.fromkeys(by_name[name.casefold()] for name in row.people)),
                "what_happened": row.note,
                "body": "",
                "sat_with_it": False,
                "needs": [],
                "need_met": "",
                "action": "",
            }
        )

    # An item naming one of the people (as a word) is about them: it links to them and counts
    # as the day's relationship item.
    names = {record["name"].casefold(): record["key"] for record in records if not record["archived_at"]}
    gratitude: list[Record] = []
    for day in parsed.gratitude:
        for position, text in enumerate(day.items, start=1):
            mentioned = _mentions(text, names)
            # Written now, long after its day: the day counts as practised, late, and never
            # toward the perfect run (journal.services decides lateness from this moment).
            gratitude.append(
                {
                    "local_date": day.local_date,
                    "time_zone": choices.time_zone,
                    "position": position,
                    "text": text,
                    "relational": bool(mentioned),
                    "people": mentioned,
                    "created_at": iso(now),
                    "updated_at": iso(now),
                }
            )

    document: Record = {
        "format": schema.FORMAT,
        "version": schema.SCHEMA_VERSION,
        "exported_at": iso(now),
        "settings": settings,
    }
    for name in schema.SECTIONS:
        if name != "settings":
            document[name] = []
    document["people"] = records
    document["checkins"] = checkins
    document["gratitude"] = gratitude
    return document
