"""Feelings in an export: the needs weekday in ``settings``, the user's own words for feelings
and needs, check-ins, vicarious joys, needs check-ins and metamour notes. Feelings and needs
are named, never numbered: a name from the shared vocabulary links to it, any other name is
the user's own word and is created on import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from accounts.export import ZONE, zone_problems
from accounts.models import User
from compersion.lib.export import (
    BOOLEAN,
    CHUNK,
    DATE,
    DATETIME,
    ImportResult,
    Record,
    batches,
    choice,
    day,
    integer,
    iso,
    label,
    max_length,
    moment,
    record,
    records,
    text,
    unseen,
)
from feelings.models import (
    CheckIn,
    CheckInFeeling,
    Feeling,
    LifeArea,
    MetamourNote,
    Need,
    NeedMet,
    NeedsCheckIn,
    VicariousJoy,
)
from feelings.selectors import needs_weekday
from feelings.services import needs_weekday_set
from feelings.vocabulary import FEELING_GROUPS
from people.export import (
    PERSON_REF,
    PERSON_REFS,
    PersonKeys,
    PersonMap,
    person,
    person_links,
    reference_problems,
)

WORD = text(40, min_length=1)

SETTINGS: dict[str, Any] = {"needs_weekday": integer(0, 6)}

OWN_FEELINGS = records(
    record(
        {"name": WORD, "group": choice([key for key, _ in FEELING_GROUPS]), "definition": text(200)},
        "A word for a feeling the user added to the shared vocabulary.",
    ),
    "own feeling",
)

OWN_NEEDS = records(
    record({"name": WORD, "definition": text(200)}, "A need the user added to the shared list."),
    "own need",
)

CHECKIN = record(
    {
        "created_at": DATETIME,
        "local_date": DATE,
        "time_zone": ZONE,
        "feelings": {
            "type": "array",
            "x-label": "feeling",
            "items": record(
                {"name": WORD, "intensity": integer(1, 10)},
                "A feeling present in the check-in, by name (shared or own), with its intensity.",
            ),
        },
        "people": PERSON_REFS,
        "what_happened": text(max_length(CheckIn, "what_happened")),
        "body": text(max_length(CheckIn, "body")),
        "sat_with_it": BOOLEAN,
        "needs": {"type": "array", "x-label": "need", "items": WORD},
        # Files from before a check-in could name several needs: one name, or null. Read, never written.
        "need": {"type": ["string", "null"], "maxLength": 40, "deprecated": True},
        "need_met": {"type": "string", "enum": ["", *NeedMet.values]},
        "action": text(max_length(CheckIn, "action")),
    },
    "Everything felt at one moment, each feeling with its own intensity, and the needs under it.",
)
# An export writes "needs"; an older file has "need" instead. Either is read, so neither is required.
CHECKIN["required"] = [name for name in CHECKIN["required"] if name not in ("needs", "need")]
CHECKINS = records(CHECKIN, "feelings check-in")

VICARIOUS_JOYS = records(
    record(
        {
            "created_at": DATETIME,
            "local_date": DATE,
            "time_zone": ZONE,
            "person": PERSON_REF,
            "who": text(max_length(VicariousJoy, "who")),
            "area": choice(LifeArea.values),
            "what_happened": text(max_length(VicariousJoy, "what_happened"), min_length=1),
            "joy": integer(1, 10),
        },
        "Gladness for someone else's good news.",
    ),
    "vicarious joy",
)

NEEDS_CHECKINS = records(
    record(
        {
            "created_at": DATETIME,
            "local_date": DATE,
            "time_zone": ZONE,
            "person": PERSON_REF,
            "score": integer(1, 5),
            "note": text(max_length(NeedsCheckIn, "note")),
        },
        "A weekly answer to 'are my needs being met with this partner?' (1 to 5).",
    ),
    "needs check-in",
)

METAMOUR_NOTES = records(
    record(
        {
            "created_at": DATETIME,
            "local_date": DATE,
            "person": PERSON_REF,
            "prompt": text(max_length(MetamourNote, "prompt")),
            "text": text(max_length(MetamourNote, "text"), min_length=1),
        },
        "Something the user learned about a metamour.",
    ),
    "metamour note",
)

# Own words first: a check-in may name them.
SECTIONS: dict[str, dict[str, Any]] = {
    "feelings_own": OWN_FEELINGS,
    "needs_own": OWN_NEEDS,
    "checkins": CHECKINS,
    "vicarious_joys": VICARIOUS_JOYS,
    "needs_checkins": NEEDS_CHECKINS,
    "metamour_notes": METAMOUR_NOTES,
}


# --- Export -------------------------------------------------------------------------


def settings_record(*, user: User) -> Record:
    return {"needs_weekday": needs_weekday(user=user)}


def own_feeling_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    for feeling in Feeling.objects.filter(owner=user).order_by("name", "id"):
        yield {"name": feeling.name, "group": feeling.group, "definition": feeling.definition}


def own_need_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    for need in Need.objects.filter(owner=user).order_by("name", "id"):
        yield {"name": need.name, "definition": need.definition}


def _checkin_feelings(ids: list[int]) -> dict[int, list[Record]]:
    feelings: dict[int, list[Record]] = defaultdict(list)
    rows = (
        CheckInFeeling.objects.filter(checkin_id__in=ids)
        .order_by("feeling__name", "id")
        .values_list("checkin_id", "feeling__name", "intensity")
    )
    for checkin_id, name, intensity in rows:
        feelings[checkin_id].append({"name": name, "intensity": intensity})
    return feelings


def _checkin_needs(ids: list[int]) -> dict[int, list[str]]:
    needs: dict[int, list[str]] = defaultdict(list)
    Through = CheckIn.needs.through
    rows = Through.objects.filter(checkin_id__in=ids).order_by("need__name", "id")
    for checkin_id, name in rows.values_list("checkin_id", "need__name"):
        needs[checkin_id].append(name)
    return needs


def checkin_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    fields = (
        "id", "created_at", "local_date", "time_zone", "what_happened", "body", "sat_with_it",
        "need_met", "action",
    )  # fmt: skip
    rows = CheckIn.objects.filter(owner=user).order_by("created_at", "id").values(*fields)
    for batch in batches(rows.iterator(chunk_size=CHUNK)):
        ids = [r["id"] for r in batch]
        people = person_links(CheckIn.people.through, owner_field="checkin_id", ids=ids, keys=keys)
        feelings = _checkin_feelings(ids)
        needs = _checkin_needs(ids)
        for row in batch:
            yield {
                "created_at": iso(row["created_at"]),
                "local_date": iso(row["local_date"]),
                "time_zone": row["time_zone"],
                "feelings": feelings.get(row["id"], []),
                "people": people.get(row["id"], []),
                "what_happened": row["what_happened"],
                "body": row["body"],
                "sat_with_it": row["sat_with_it"],
                "needs": needs.get(row["id"], []),
                "need_met": row["need_met"],
                "action": row["action"],
            }


def vicarious_joy_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    for joy in (
        VicariousJoy.objects.filter(owner=user).order_by("created_at", "id").iterator(chunk_size=CHUNK)
    ):
        yield {
            "created_at": iso(joy.created_at),
            "local_date": iso(joy.local_date),
            "time_zone": joy.time_zone,
            "person": keys.get(joy.person_id) if joy.person_id else None,
            "who": joy.who,
            "area": joy.area,
            "what_happened": joy.what_happened,
            "joy": joy.joy,
        }


def needs_checkin_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    rows = NeedsCheckIn.objects.filter(owner=user).order_by("local_date", "created_at", "id")
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "created_at": iso(row.created_at),
            "local_date": iso(row.local_date),
            "time_zone": row.time_zone,
            "person": keys.get(row.person_id) if row.person_id else None,
            "score": row.score,
            "note": row.note,
        }


def metamour_note_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    for note in (
        MetamourNote.objects.filter(owner=user).order_by("created_at", "id").iterator(chunk_size=CHUNK)
    ):
        yield {
            "created_at": iso(note.created_at),
            "local_date": iso(note.local_date),
            "person": keys.get(note.person_id) if note.person_id else None,
            "prompt": note.prompt,
            "text": note.text,
        }


EXPORTERS = {
    "feelings_own": own_feeling_records,
    "needs_own": own_need_records,
    "checkins": checkin_records,
    "vicarious_joys": vicarious_joy_records,
    "needs_checkins": needs_checkin_records,
    "metamour_notes": metamour_note_records,
}


# --- Checks and import ----------------------------------------------------------------


def problems(*, document: Record, known: set[str]) -> list[str]:
    """Unknown people and zones, and a check-in naming no feeling or one feeling twice."""
    found: list[str] = []
    for section in ("checkins", "vicarious_joys", "needs_checkins", "metamour_notes"):
        found += reference_problems(SECTIONS[section], document[section], known=known)
    for section in ("checkins", "vicarious_joys", "needs_checkins"):
        found += zone_problems(SECTIONS[section], document[section])
    for index, checkin in enumerate(document["checkins"]):
        names = [feeling["name"].strip().lower() for feeling in checkin["feelings"]]
        if not names:
            found.append(f"{label(CHECKINS, index)}: holds no feelings")
        elif len(set(names)) < len(names):
            found.append(f"{label(CHECKINS, index)}: names a feeling twice")
    return found


def settings_import(*, user: User, settings: Record) -> None:
    needs_weekday_set(user=user, weekday=settings["needs_weekday"])


def records_import(*, user: User, document: Record, people: PersonMap, result: ImportResult) -> None:
    _own_feelings_import(user=user, items=document["feelings_own"], result=result)
    _own_needs_import(user=user, items=document["needs_own"], result=result)
    _checkins_import(user=user, items=document["checkins"], people=people, result=result)
    _vicarious_joys_import(user=user, items=document["vicarious_joys"], people=people, result=result)
    _needs_checkins_import(user=user, items=document["needs_checkins"], people=people, result=result)
    _metamour_notes_import(user=user, items=document["metamour_notes"], people=people, result=result)


def _own_feelings_import(*, user: User, items: list[Record], result: ImportResult) -> None:
    existing = {name.lower() for name in Feeling.objects.filter(owner=user).values_list("name", flat=True)}
    new = list(unseen(items, existing, key=lambda r: r["name"].strip().lower()))
    Feeling.objects.bulk_create(
        [
            Feeling(owner=user, name=r["name"].strip().lower(), group=r["group"], definition=r["definition"])
            for r in new
        ]
    )
    result.count("feelings_own", added=len(new), total=len(items))


def _own_needs_import(*, user: User, items: list[Record], result: ImportResult) -> None:
    existing = {name.lower() for name in Need.objects.filter(owner=user).values_list("name", flat=True)}
    new = list(unseen(items, existing, key=lambda r: r["name"].strip().lower()))
    Need.objects.bulk_create(
        [Need(owner=user, name=r["name"].strip().lower(), definition=r["definition"]) for r in new]
    )
    result.count("needs_own", added=len(new), total=len(items))


def _words(model: type[Feeling] | type[Need], user: User) -> dict[str, Any]:
    # The user's own word wins over the team's word of the same name.
    words = {w.name.lower(): w for w in model.objects.filter(owner=None)}
    words.update({w.name.lower(): w for w in model.objects.filter(owner=user)})
    return words


def _checkins_import(*, user: User, items: list[Record], people: PersonMap, result: ImportResult) -> None:
    existing = set(CheckIn.objects.filter(owner=user).values_list("created_at", flat=True))
    feelings, needs = _words(Feeling, user), _words(Need, user)
    new: list[tuple[CheckIn, Record]] = []
    for r in items:
        created_at = moment(r["created_at"])
        if created_at in existing:
            continue
        existing.add(created_at)
        for word in [f["name"] for f in r["feelings"]]:
            if word.strip().lower() not in feelings:
                feelings[word.strip().lower()] = Feeling.objects.create(
                    owner=user, name=word.strip().lower(), group="own"
                )
        for need_name in _need_names(r):
            if need_name not in needs:
                needs[need_name] = Need.objects.create(owner=user, name=need_name)
        checkin = CheckIn(
            owner=user,
            created_at=created_at,
            local_date=day(r["local_date"]),
            time_zone=r["time_zone"],
            what_happened=r["what_happened"],
            body=r["body"],
            sat_with_it=r["sat_with_it"],
            need_met=r["need_met"],
            action=r["action"],
        )
        new.append((checkin, r))
    CheckIn.objects.bulk_create([c for c, _ in new], batch_size=500)
    CheckInFeeling.objects.bulk_create(
        [
            CheckInFeeling(checkin=c, feeling=feelings[f["name"].strip().lower()], intensity=f["intensity"])
            for c, r in new
            for f in r["feelings"]
        ],
        batch_size=500,
    )
    Through = CheckIn.people.through
    Through.objects.bulk_create(
        [
            Through(checkin_id=c.pk, person_id=people[key].pk)
            for c, r in new
            for key in dict.fromkeys(r["people"])
        ],
        batch_size=500,
    )
    NeedThrough = CheckIn.needs.through
    NeedThrough.objects.bulk_create(
        [NeedThrough(checkin_id=c.pk, need_id=needs[name].pk) for c, r in new for name in _need_names(r)],
        batch_size=500,
    )
    result.count("checkins", added=len(new), total=len(items))


def _need_names(r: Record) -> list[str]:
    """A check-in record's needs, lower-cased and once each: "needs", or an older file's "need"."""
    names = [*r.get("needs", []), *([r["need"]] if r.get("need") else [])]
    return list(dict.fromkeys(name.strip().lower() for name in names if name.strip()))


def _vicarious_joys_import(
    *, user: User, items: list[Record], people: PersonMap, result: ImportResult
) -> None:
    existing = set(VicariousJoy.objects.filter(owner=user).values_list("created_at", flat=True))
    new = [
        VicariousJoy(
            owner=user,
            person=person(people, r["person"]),
            who=r["who"],
            area=r["area"],
            what_happened=r["what_happened"],
            joy=r["joy"],
            created_at=moment(r["created_at"]),
            local_date=day(r["local_date"]),
            time_zone=r["time_zone"],
        )
        for r in unseen(items, existing, key=lambda r: moment(r["created_at"]))
    ]
    VicariousJoy.objects.bulk_create(new, batch_size=500)
    result.count("vicarious_joys", added=len(new), total=len(items))


def _needs_checkins_import(
    *, user: User, items: list[Record], people: PersonMap, result: ImportResult
) -> None:
    rows = NeedsCheckIn.objects.filter(owner=user).values_list("person_id", "local_date", "created_at")
    # One answer per person per day: with a person, the day alone identifies the answer.
    existing: set[tuple[int | None, date, datetime | None]] = {
        (person_id, local_date, None if person_id else created_at)
        for person_id, local_date, created_at in rows
    }

    def natural(r: Record) -> tuple[int | None, date, datetime | None]:
        someone = person(people, r["person"])
        if someone:
            return (someone.pk, day(r["local_date"]), None)
        return (None, day(r["local_date"]), moment(r["created_at"]))

    new = [
        NeedsCheckIn(
            owner=user,
            person=person(people, r["person"]),
            score=r["score"],
            note=r["note"],
            created_at=moment(r["created_at"]),
            local_date=day(r["local_date"]),
            time_zone=r["time_zone"],
        )
        for r in unseen(items, existing, key=natural)
    ]
    NeedsCheckIn.objects.bulk_create(new, batch_size=500)
    result.count("needs_checkins", added=len(new), total=len(items))


def _metamour_notes_import(
    *, user: User, items: list[Record], people: PersonMap, result: ImportResult
) -> None:
    existing = set(MetamourNote.objects.filter(owner=user).values_list("created_at", "text"))
    new = [
        MetamourNote(
            owner=user,
            person=person(people, r["person"]),
            prompt=r["prompt"],
            text=r["text"],
            created_at=moment(r["created_at"]),
            local_date=day(r["local_date"]),
        )
        for r in unseen(items, existing, key=lambda r: (moment(r["created_at"]), r["text"]))
    ]
    MetamourNote.objects.bulk_create(new, batch_size=500)
    result.count("metamour_notes", added=len(new), total=len(items))
