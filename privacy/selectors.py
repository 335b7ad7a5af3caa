"""Reading everything a user owns, as export records. One function per section: a new model
is added here (a ``*_records`` function and a line in ``EXPORTERS``), in ``schema.py`` and in
``services.py``'s importer.

Every query filters by the user. Histories are read with ``iterator(chunk_size=...)`` so an
export of years of entries never holds them all in memory at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import User
from feelings.models import (
    CheckIn,
    CheckInFeeling,
    Feeling,
    MetamourNote,
    Need,
    NeedsCheckIn,
    NeedsPreference,
    VicariousJoy,
)
from journal.models import GratitudeItem
from kindness.models import DEFAULT_WEEKLY_TARGET, KindnessAct, KindnessIdea, KindnessPreference
from people.models import Person
from privacy import schema
from reminders.models import ReminderSchedule

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
    needs = NeedsPreference.objects.filter(owner=user).first()
    reminders = ReminderSchedule.objects.filter(user=user).order_by("kind")
    return {
        "display_name": user.display_name,
        "time_zone": user.time_zone,
        "day_start_hour": user.day_start_hour,
        "reminder_time": user.reminder_time.strftime("%H:%M"),
        "reminders_enabled": user.reminders_enabled,
        "kindness_weekly_target": preference.weekly_target if preference else DEFAULT_WEEKLY_TARGET,
        "needs_weekday": needs.weekday if needs else NeedsPreference._meta.get_field("weekday").default,
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


def _people_refs(people: Any, keys: PersonKeys) -> list[str]:
    return sorted((keys[p.pk] for p in people.all()), key=lambda k: int(k.split("-")[1]))


def gratitude_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    items = (
        GratitudeItem.objects.filter(owner=user)
        .order_by("local_date", "position", "id")
        .prefetch_related(Prefetch("people", queryset=Person.objects.only("id")))
    )
    for item in items.iterator(chunk_size=CHUNK):
        yield {
            "local_date": iso(item.local_date),
            "time_zone": item.time_zone,
            "position": item.position,
            "text": item.text,
            "relational": item.relational,
            "people": _people_refs(item.people, keys),
            "created_at": iso(item.created_at),
            "updated_at": iso(item.updated_at),
        }


def kindness_idea_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    ideas = KindnessIdea.objects.filter(owner=user).order_by("created_at", "text", "id")
    for idea in ideas.iterator(chunk_size=CHUNK):
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
        .order_by("local_date", "created_at", "text", "id")
    )
    for act in acts.iterator(chunk_size=CHUNK):
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


def checkin_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    checkins = (
        CheckIn.objects.filter(owner=user)
        .select_related("need")
        .prefetch_related(
            Prefetch(
                "feelings",
                queryset=CheckInFeeling.objects.select_related("feeling").order_by("feeling__name"),
            ),
            Prefetch("people", queryset=Person.objects.only("id")),
        )
        .order_by("created_at", "id")
    )
    for checkin in checkins.iterator(chunk_size=CHUNK):
        yield {
            "created_at": iso(checkin.created_at),
            "local_date": iso(checkin.local_date),
            "time_zone": checkin.time_zone,
            "feelings": [{"name": f.feeling.name, "intensity": f.intensity} for f in checkin.feelings.all()],
            "people": _people_refs(checkin.people, keys),
            "what_happened": checkin.what_happened,
            "body": checkin.body,
            "sat_with_it": checkin.sat_with_it,
            "need": checkin.need.name if checkin.need else None,
            "need_met": checkin.need_met,
            "action": checkin.action,
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
