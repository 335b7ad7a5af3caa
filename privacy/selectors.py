"""Reading everything a user owns, as export records. One function per section: a new model
is added here (a ``*_records`` function and a line in ``EXPORTERS``), in ``schema.py`` and in
``services.py``'s importer.

Every query filters by the user. Histories are read with ``iterator(chunk_size=...)`` so an
export of years of entries never holds them all in memory at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, time
from itertools import groupby
from typing import Any

from django.utils import timezone

from accounts.models import ReminderSchedule, User
from feelings.models import (
    CheckIn,
    CheckInFeeling,
    Feeling,
    MetamourNote,
    Need,
    NeedsCheckIn,
    VicariousJoy,
)
from feelings.selectors import needs_weekday
from journal.models import GratitudeItem
from kindness.models import DEFAULT_WEEKLY_TARGET, KindnessAct, KindnessIdea, KindnessPreference
from people.models import Person
from privacy import schema

CHUNK = 500
Record = dict[str, Any]
PersonKeys = dict[int, str]


def iso(value: datetime | date | time | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def person_keys(*, user: User) -> PersonKeys:
    """Export-local keys for the user's people, stable across export → import → export:
    they follow the order people were added in, never the database id."""
    ids = Person.objects.filter(owner=user).order_by("created_at", "name", "id").values_list("id", flat=True)
    return {person_id: f"person-{number}" for number, person_id in enumerate(ids, start=1)}


def settings_record(*, user: User) -> Record:
    preference = KindnessPreference.objects.filter(user=user).first()
    reminders = ReminderSchedule.objects.filter(user=user).order_by("kind")
    return {
        "display_name": user.display_name,
        "time_zone": user.time_zone,
        "day_start_hour": user.day_start_hour,
        "reminder_time": user.reminder_time.strftime("%H:%M"),
        "reminders_enabled": user.reminders_enabled,
        "idle_timeout_minutes": user.idle_timeout_minutes,
        "kindness_weekly_target": preference.weekly_target if preference else DEFAULT_WEEKLY_TARGET,
        "needs_weekday": needs_weekday(user=user),
        "reminders": [
            {
                "kind": r.kind,
                "enabled": r.enabled,
                "hours_before_end": r.hours_before_end,
                "weekday": r.weekday,
            }
            for r in reminders
        ],
    }


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


def _batches(rows: Iterable[Record], size: int = CHUNK) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _links(through: Any, *, owner_field: str, ids: list[int], keys: PersonKeys) -> dict[int, list[str]]:
    """Person keys per record for one batch of records, in key order: one query a batch.
    (prefetch_related builds a manager per row, which cost seconds on a long history.)"""
    links: dict[int, list[str]] = defaultdict(list)
    pairs = through.objects.filter(**{f"{owner_field}__in": ids}).values_list(owner_field, "person_id")
    for record_id, person_id in pairs:
        links[record_id].append(keys[person_id])
    for refs in links.values():
        refs.sort(key=lambda key: int(key.split("-")[1]))
    return links


def gratitude_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    fields = ("id", "local_date", "time_zone", "position", "text", "relational", "created_at", "updated_at")
    rows = GratitudeItem.objects.filter(owner=user).order_by("local_date", "position", "id").values(*fields)
    for batch in _batches(rows.iterator(chunk_size=CHUNK)):
        links = _links(
            GratitudeItem.people.through,
            owner_field="gratitudeitem_id",
            ids=[r["id"] for r in batch],
            keys=keys,
        )
        for row in batch:
            yield {
                "local_date": iso(row["local_date"]),
                "time_zone": row["time_zone"],
                "position": row["position"],
                "text": row["text"],
                "relational": row["relational"],
                "people": links.get(row["id"], []),
                "created_at": iso(row["created_at"]),
                "updated_at": iso(row["updated_at"]),
            }


def kindness_idea_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    # A user's own ideas are few; the text is encrypted, so its tie-break sort happens here.
    ideas = sorted(KindnessIdea.objects.filter(owner=user), key=lambda i: (i.created_at, i.text, i.pk))
    for idea in ideas:
        yield {
            "text": idea.text,
            "category": idea.category,
            "effort": idea.effort,
            "cost": idea.cost,
            "recipient_kind": idea.recipient_kind,
            "setting": idea.setting,
            "created_at": iso(idea.created_at),
        }


def kindness_act_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    acts = (
        KindnessAct.objects.filter(owner=user)
        .select_related("idea")
        .order_by("local_date", "created_at", "id")
    )
    # Acts made at the same moment are ordered by their text, which is encrypted, so that
    # tie-break happens here, one moment's (tiny) group at a time, still streaming.
    moments = groupby(acts.iterator(chunk_size=CHUNK), key=lambda a: (a.local_date, a.created_at))
    for act in (a for _, group in moments for a in sorted(group, key=lambda a: (a.text, a.pk))):
        idea = act.idea
        yield {
            "local_date": iso(act.local_date),
            "time_zone": act.time_zone,
            "text": act.text,
            "person": keys.get(act.person_id) if act.person_id else None,
            "recipient_kind": act.recipient_kind,
            "category": act.category,
            "effort": act.effort,
            "reflection": act.reflection,
            "is_secret": act.is_secret,
            "told_at": iso(act.told_at),
            "idea_key": idea.key if idea is not None and idea.owner_id is None else None,
            "own_idea": idea.text if idea is not None and idea.owner_id is not None else None,
            "created_at": iso(act.created_at),
        }


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


def checkin_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    fields = (
        "id", "created_at", "local_date", "time_zone", "what_happened", "body", "sat_with_it",
        "need__name", "need_met", "action",
    )  # fmt: skip
    rows = CheckIn.objects.filter(owner=user).order_by("created_at", "id").values(*fields)
    for batch in _batches(rows.iterator(chunk_size=CHUNK)):
        ids = [r["id"] for r in batch]
        people = _links(CheckIn.people.through, owner_field="checkin_id", ids=ids, keys=keys)
        feelings = _checkin_feelings(ids)
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
                "need": row["need__name"],
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


# Section name (as in schema.SECTIONS) → its records. "settings" is a single object, not a list.
EXPORTERS: dict[str, Callable[..., Iterator[Record]]] = {
    "people": people_records,
    "feelings_own": own_feeling_records,
    "needs_own": own_need_records,
    "kindness_ideas": kindness_idea_records,
    "gratitude": gratitude_records,
    "kindness_acts": kindness_act_records,
    "checkins": checkin_records,
    "vicarious_joys": vicarious_joy_records,
    "needs_checkins": needs_checkin_records,
    "metamour_notes": metamour_note_records,
}


def export_header(*, now: datetime | None = None) -> Record:
    return {
        "format": schema.FORMAT,
        "version": schema.SCHEMA_VERSION,
        "exported_at": iso(now or timezone.now()),
    }


def export_document(*, user: User, now: datetime | None = None) -> Record:
    """The whole export in memory: for tests and small accounts. Views stream ``export_json_chunks``."""
    keys = person_keys(user=user)
    document = export_header(now=now)
    document["settings"] = settings_record(user=user)
    for name, records in EXPORTERS.items():
        document[name] = list(records(user=user, keys=keys))
    return document
