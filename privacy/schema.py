"""The export document's schema: version 1, described in docs/export-format.md.

``EXPORT_SCHEMA`` is a JSON Schema (draft 2020-12) dict and is the single source of truth:
the importer validates a document against it with ``validate`` (a small interpreter of the
subset used here: type, properties, required, additionalProperties, items, enum, minimum,
maximum, minLength, maxLength, pattern and the date/time formats), so a limit changed in a
model's field shows up in the schema, the documentation test and the importer together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from typing import Any

from accounts.models import IdleTimeout, ReminderKind
from feelings.models import CheckIn, LifeArea, MetamourNote, NeedMet, NeedsCheckIn, VicariousJoy
from feelings.vocabulary import FEELING_GROUPS
from journal.models import DAILY_ITEMS, ITEM_MAX_LENGTH
from kindness.models import (
    WEEKLY_TARGET_MAX,
    WEEKLY_TARGET_MIN,
    Category,
    Cost,
    Effort,
    KindnessAct,
    KindnessIdea,
    RecipientKind,
    Setting,
)
from people.models import Person, PersonKind

FORMAT = "compersion-export"
SCHEMA_VERSION = 1
PERSON_KEY_PATTERN = r"^person-[0-9]+$"


def _max(model: type[Any], field: str) -> int:
    length = model._meta.get_field(field).max_length
    if length is None:
        raise TypeError(f"{model.__name__}.{field} has no max_length")
    return int(length)


def _text(max_length: int, *, min_length: int = 0) -> dict[str, Any]:
    return {"type": "string", "minLength": min_length, "maxLength": max_length}


def _choice(values: Sequence[str]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _int(minimum: int, maximum: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
OPTIONAL_DATETIME = {"type": ["string", "null"], "format": "date-time"}
ZONE = _text(64, min_length=1)
PERSON_REF = {"type": ["string", "null"], "pattern": PERSON_KEY_PATTERN}
PERSON_REFS = {"type": "array", "items": {"type": "string", "pattern": PERSON_KEY_PATTERN}}


def _record(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _list(record: dict[str, Any], label: str) -> dict[str, Any]:
    # x-label names one record in error messages: "journal item 12: …".
    return {"type": "array", "x-label": label, "items": record}


SETTINGS = _record(
    {
        "display_name": _text(80),
        "time_zone": ZONE,
        "day_start_hour": _int(0, 6),
        "reminder_time": {"type": "string", "format": "time"},
        "reminders_enabled": {"type": "boolean"},
        "idle_timeout_minutes": {"type": "integer", "enum": IdleTimeout.values},
        "kindness_weekly_target": _int(WEEKLY_TARGET_MIN, WEEKLY_TARGET_MAX),
        "needs_weekday": _int(0, 6),
        "reminders": {
            "type": "array",
            "x-label": "reminder",
            "items": _record(
                {
                    "kind": _choice(ReminderKind.values),
                    "enabled": {"type": "boolean"},
                    "hours_before_end": _int(1, 12),
                    "weekday": _int(0, 6),
                },
                "One reminder preference; the next fire time is recomputed on import.",
            ),
        },
    },
    "The account's preferences. The email address, password and two-factor secrets are left out,"
    " so a file can go into any account and never carries a way in.",
)

PEOPLE = _list(
    _record(
        {
            "key": {"type": "string", "pattern": PERSON_KEY_PATTERN},
            "name": _text(_max(Person, "name"), min_length=1),
            "kind": _choice(PersonKind.values),
            "kind_label": _text(_max(Person, "kind_label")),
            "notes": _text(_max(Person, "notes")),
            "archived_at": OPTIONAL_DATETIME,
            "created_at": DATETIME,
        },
        "Someone in the user's life. Other records refer to them by `key`, never by a database id.",
    ),
    "person",
)

GRATITUDE = _list(
    _record(
        {
            "local_date": DATE,
            "time_zone": ZONE,
            "position": _int(1, DAILY_ITEMS),
            "text": _text(ITEM_MAX_LENGTH, min_length=1),
            "relational": {"type": "boolean"},
            "people": PERSON_REFS,
            "created_at": DATETIME,
            "updated_at": DATETIME,
        },
        "One of the five gratitude items of a local day.",
    ),
    "journal item",
)

KINDNESS_IDEAS = _list(
    _record(
        {
            "text": _text(_max(KindnessIdea, "text"), min_length=1),
            "category": _choice(Category.values),
            "effort": _choice(Effort.values),
            "cost": _choice(Cost.values),
            "recipient_kind": _choice(RecipientKind.values),
            "setting": _choice(Setting.values),
            "created_at": DATETIME,
        },
        "An idea for an act that the user wrote themself (the shared idea store is not exported).",
    ),
    "kindness idea",
)

KINDNESS_ACTS = _list(
    _record(
        {
            "local_date": DATE,
            "time_zone": ZONE,
            "text": _text(_max(KindnessAct, "text"), min_length=1),
            "person": PERSON_REF,
            "recipient_kind": _choice(RecipientKind.values),
            "category": _choice(Category.values),
            "effort": _choice(Effort.values),
            "reflection": _text(_max(KindnessAct, "reflection")),
            "is_secret": {"type": "boolean"},
            "told_at": OPTIONAL_DATETIME,
            "idea_key": {"type": ["string", "null"], "maxLength": 60},
            "own_idea": {"type": ["string", "null"], "maxLength": _max(KindnessIdea, "text")},
            "created_at": DATETIME,
        },
        "A secret act of kindness. `idea_key` names an idea from the shared store; "
        "`own_idea` is the text of one of the user's own ideas.",
    ),
    "kindness act",
)

OWN_FEELINGS = _list(
    _record(
        {
            "name": _text(40, min_length=1),
            "group": _choice([key for key, _ in FEELING_GROUPS]),
            "definition": _text(200),
        },
        "A word for a feeling the user added to the shared vocabulary.",
    ),
    "own feeling",
)

OWN_NEEDS = _list(
    _record(
        {"name": _text(40, min_length=1), "definition": _text(200)},
        "A need the user added to the shared list.",
    ),
    "own need",
)

CHECKINS = _list(
    _record(
        {
            "created_at": DATETIME,
            "local_date": DATE,
            "time_zone": ZONE,
            "feelings": {
                "type": "array",
                "x-label": "feeling",
                "items": _record(
                    {"name": _text(40, min_length=1), "intensity": _int(1, 10)},
                    "A feeling present in the check-in, by name (shared or own), with its intensity.",
                ),
            },
            "people": PERSON_REFS,
            "what_happened": _text(_max(CheckIn, "what_happened")),
            "body": _text(_max(CheckIn, "body")),
            "sat_with_it": {"type": "boolean"},
            "need": {"type": ["string", "null"], "maxLength": 40},
            "need_met": {"type": "string", "enum": ["", *NeedMet.values]},
            "action": _text(_max(CheckIn, "action")),
        },
        "Everything felt at one moment, each feeling with its own intensity.",
    ),
    "feelings check-in",
)

VICARIOUS_JOYS = _list(
    _record(
        {
            "created_at": DATETIME,
            "local_date": DATE,
            "time_zone": ZONE,
            "person": PERSON_REF,
            "who": _text(_max(VicariousJoy, "who")),
            "area": _choice(LifeArea.values),
            "what_happened": _text(_max(VicariousJoy, "what_happened"), min_length=1),
            "joy": _int(1, 10),
        },
        "Gladness for someone else's good news.",
    ),
    "vicarious joy",
)

NEEDS_CHECKINS = _list(
    _record(
        {
            "created_at": DATETIME,
            "local_date": DATE,
            "time_zone": ZONE,
            "person": PERSON_REF,
            "score": _int(1, 5),
            "note": _text(_max(NeedsCheckIn, "note")),
        },
        "A weekly answer to 'are my needs being met with this partner?' (1 to 5).",
    ),
    "needs check-in",
)

METAMOUR_NOTES = _list(
    _record(
        {
            "created_at": DATETIME,
            "local_date": DATE,
            "person": PERSON_REF,
            "prompt": _text(_max(MetamourNote, "prompt")),
            "text": _text(_max(MetamourNote, "text"), min_length=1),
        },
        "Something the user learned about a metamour.",
    ),
    "metamour note",
)

# The order of the sections in the document, which is also the order of import.
SECTIONS: dict[str, dict[str, Any]] = {
    "settings": SETTINGS,
    "people": PEOPLE,
    "feelings_own": OWN_FEELINGS,
    "needs_own": OWN_NEEDS,
    "kindness_ideas": KINDNESS_IDEAS,
    "gratitude": GRATITUDE,
    "kindness_acts": KINDNESS_ACTS,
    "checkins": CHECKINS,
    "vicarious_joys": VICARIOUS_JOYS,
    "needs_checkins": NEEDS_CHECKINS,
    "metamour_notes": METAMOUR_NOTES,
}

EXPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"https://compersion.invalid/schema/export-v{SCHEMA_VERSION}.json",
    "title": "Compersion export",
    "type": "object",
    "properties": {
        "format": {"const": FORMAT, "type": "string", "enum": [FORMAT]},
        "version": {"type": "integer", "enum": [SCHEMA_VERSION]},
        "exported_at": DATETIME,
        **SECTIONS,
    },
    "required": ["format", "version", "exported_at", *SECTIONS],
    "additionalProperties": False,
}


# --- Validation ----------------------------------------------------------------

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
}


def _is_type(value: object, name: str) -> bool:
    # bool is an int in Python but never an integer in JSON.
    if name == "integer" and isinstance(value, bool):
        return False
    return isinstance(value, _JSON_TYPES[name])


def _format_ok(value: str, fmt: str) -> bool:
    try:
        if fmt == "date":
            date.fromisoformat(value)
        elif fmt == "date-time":
            parsed = datetime.fromisoformat(value)
            return parsed.tzinfo is not None
        elif fmt == "time":
            time.fromisoformat(value)
    except ValueError:
        return False
    return True


_FORMAT_WORDS = {
    "date": "a date like 2025-01-31",
    "date-time": "a date and time with its UTC offset",
    "time": "a time like 20:00",
}


def _errors(
    value: object, schema: dict[str, Any], path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(_is_type(value, name) for name in names):
            yield path, f"should be {' or '.join(names)}"
            return
    if "enum" in schema and value not in schema["enum"]:
        shown = ", ".join(repr(v) for v in schema["enum"][:12])
        yield path, f"is {value!r}, not one of {shown}"
        return
    if isinstance(value, str):
        yield from _string_errors(value, schema, path)
    elif isinstance(value, int) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            yield path, f"must be at least {schema['minimum']}"
        if "maximum" in schema and value > schema["maximum"]:
            yield path, f"must be at most {schema['maximum']}"
    elif isinstance(value, dict):
        yield from _object_errors(value, schema, path)
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from _errors(item, schema["items"], (*path, index))


def _string_errors(
    value: str, schema: dict[str, Any], path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if "\x00" in value:
        # PostgreSQL cannot store a NUL character in text; say so instead of failing.
        yield path, "contains a NUL character"
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        yield path, f"is longer than {schema['maxLength']} characters"
    if len(value) < schema.get("minLength", 0):
        yield path, "is empty"
    if "pattern" in schema and not re.search(schema["pattern"], value):
        yield path, f"{value[:40]!r} is not in the expected form"
    if "format" in schema and not _format_ok(value, schema["format"]):
        yield path, f"{value[:40]!r} is not {_FORMAT_WORDS[schema['format']]}"


def _object_errors(
    value: dict[str, Any], schema: dict[str, Any], path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    properties: dict[str, Any] = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            yield (*path, name), "is missing"
    if schema.get("additionalProperties") is False:
        for name in value:
            if name not in properties:
                yield (*path, name), "is not a field this format knows"
    for name, subschema in properties.items():
        if name in value:
            yield from _errors(value[name], subschema, (*path, name))


def describe(path: Sequence[str | int]) -> str:
    """Name a place in the document as a person would: ("gratitude", 11, "text") → "journal item 12: text"."""
    words: list[str] = []
    schema: dict[str, Any] = EXPORT_SCHEMA
    for step in path:
        if isinstance(step, int):
            label = schema.get("x-label", "record")
            words.append(f"{label} {step + 1}")
            schema = schema.get("items", {})
        else:
            schema = schema.get("properties", {}).get(step, {})
            if "x-label" not in schema:
                words.append(step.replace("_", " "))
    if len(words) > 1:
        return f"{' '.join(words[:-1])}: {words[-1]}"
    return words[0] if words else "the file"


def validate(document: object, *, limit: int = 20) -> list[str]:
    """Every problem with ``document`` as a sentence naming the record, at most ``limit`` of them."""
    problems: list[str] = []
    for path, message in _errors(document, EXPORT_SCHEMA, ()):
        problems.append(f"{describe(path)} {message}" if path else f"The file {message}")
        if len(problems) >= limit:
            break
    return problems
