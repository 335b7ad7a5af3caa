"""The export document's schema: version 1, described in docs/export-format.md.

``EXPORT_SCHEMA`` is a JSON Schema (draft 2020-12) dict and is the single source of truth:
the importer validates a document against it with ``validate`` (a small interpreter of the
subset used here: type, properties, required, additionalProperties, items, enum, minimum,
maximum, minLength, maxLength, pattern and the date/time formats), so a limit changed in a
model's field shows up in the schema, the documentation test and the importer together.

Dates and moments are also held to the range the product accepts (``formatMinimum``, 1900,
up to the importing user's tomorrow, given as ``Bounds``): a year-one timestamp is valid
ISO 8601 but no page could read it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from accounts import clock
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


EARLIEST_DAY = date(1900, 1, 1)
EARLIEST_MOMENT = datetime(1900, 1, 1, tzinfo=UTC)
# The upper edge is the importing user's tomorrow (see Bounds); "x-formatMaximum" names it.
DATE = {
    "type": "string",
    "format": "date",
    "formatMinimum": EARLIEST_DAY.isoformat(),
    "x-formatMaximum": "tomorrow",
}
DATETIME = {
    "type": "string",
    "format": "date-time",
    "formatMinimum": EARLIEST_MOMENT.isoformat(),
    "x-formatMaximum": "tomorrow",
}
OPTIONAL_DATETIME = {**DATETIME, "type": ["string", "null"]}
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


@dataclass(frozen=True)
class Bounds:
    """The latest date and moment an import may hold: the end of the user's tomorrow."""

    latest_day: date
    latest_moment: datetime

    @classmethod
    def anywhere(cls, *, now: datetime) -> Bounds:
        """Tomorrow anywhere on Earth (UTC+14, with the latest day start), for checking a file
        without an account."""
        tomorrow = (now.astimezone(UTC) + timedelta(hours=14)).date() + timedelta(days=1)
        start_of_next = datetime.combine(tomorrow + timedelta(days=1), time(), tzinfo=UTC) - timedelta(
            hours=14
        )
        latest_start = timedelta(hours=max(clock.DAY_START_HOURS))
        return cls(latest_day=tomorrow, latest_moment=start_of_next + latest_start)


class HugeNumber:
    """An integer in the file too long for Python to read (over 4,300 digits); the parser
    keeps this instead, and validation names the record holding it."""

    def __init__(self, digits: str) -> None:
        self.length = len(digits.lstrip("-"))


# Every integer in the format is small; longer digit strings are never converted.
MAX_INTEGER_DIGITS = 30


def parse_int(digits: str) -> int | HugeNumber:
    """``json.load``'s ``parse_int``: Python refuses to convert integers over 4,300 digits
    (and a long one is slow to convert), so a long one is kept as a ``HugeNumber``."""
    if len(digits) > MAX_INTEGER_DIGITS:
        return HugeNumber(digits)
    return int(digits)


def _is_type(value: object, name: str) -> bool:
    # bool is an int in Python but never an integer in JSON.
    if name == "integer" and isinstance(value, bool):
        return False
    return isinstance(value, _JSON_TYPES[name])


def _parsed(value: str, fmt: str) -> date | datetime | time | None:
    """``value`` read as ``fmt``, or None when it is not in that form."""
    try:
        if fmt == "date":
            return date.fromisoformat(value)
        if fmt == "date-time":
            moment = datetime.fromisoformat(value)
            return moment if moment.tzinfo is not None else None
        if fmt == "time":
            # A reminder is a wall-clock time in the user's zone: hours and minutes (and
            # perhaps seconds), never an offset, which has no meaning there.
            return time.fromisoformat(value) if TIME_OF_DAY.fullmatch(value) else None
    except ValueError:
        return None
    raise ValueError(f"unknown format {fmt!r}")


def _range_error(value: date | datetime | time, bounds: Bounds) -> str | None:
    # Aware datetimes compare without converting, so even year 1 or 9999 with an offset is safe.
    # (A datetime is also a date, so it is asked about first.)
    if isinstance(value, datetime):
        too_early, too_late = value < EARLIEST_MOMENT, value > bounds.latest_moment
    elif isinstance(value, date):
        too_early, too_late = value < EARLIEST_DAY, value > bounds.latest_day
    else:
        return None
    if too_early:
        return "is before 1900"
    return "is after tomorrow" if too_late else None


TIME_OF_DAY = re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?")

_FORMAT_WORDS = {
    "date": "a date like 2025-01-31",
    "date-time": "a date and time with its UTC offset",
    "time": "a time like 20:00",
}


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


Path = tuple[str | int, ...]


def _errors(value: object, schema: dict[str, Any], path: Path, bounds: Bounds) -> Iterator[tuple[Path, str]]:
    if isinstance(value, HugeNumber):
        yield path, f"is a number {value.length} digits long"
        return
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(_is_type(value, name) for name in names):
            yield path, f"should be {' or '.join(names)}"
            return
    if "enum" in schema and value not in schema["enum"]:
        shown = ", ".join(repr(v) for v in schema["enum"][:12])
        yield path, f"is {_shown(value)}, not one of {shown}"
        return
    if isinstance(value, str):
        yield from _string_errors(value, schema, path, bounds)
    elif isinstance(value, int) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            yield path, f"must be at least {schema['minimum']}"
        if "maximum" in schema and value > schema["maximum"]:
            yield path, f"must be at most {schema['maximum']}"
    elif isinstance(value, dict):
        yield from _object_errors(value, schema, path, bounds)
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from _errors(item, schema["items"], (*path, index), bounds)


def _shown(value: object) -> str:
    """A value from the file as a message shows it: quoted, cut short, escapes for the unprintable."""
    if isinstance(value, str):
        return repr(value[:40])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value) if len(repr(value)) <= 40 else "a long number"
    return repr(value) if isinstance(value, (bool, type(None))) else f"a {type(value).__name__}"


def _string_errors(
    value: str, schema: dict[str, Any], path: Path, bounds: Bounds
) -> Iterator[tuple[Path, str]]:
    if "\x00" in value:
        # PostgreSQL cannot store a NUL character in text; say so instead of failing.
        yield path, "contains a NUL character"
    if _has_surrogate(value):
        # Half of a UTF-16 pair ("\ud800" in the JSON) is no character at all; UTF-8 cannot hold it.
        yield path, "contains a broken character (a lone surrogate)"
        return
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        yield path, f"is longer than {schema['maxLength']} characters"
    if len(value) < schema.get("minLength", 0):
        yield path, "is empty"
    if "pattern" in schema and not re.search(schema["pattern"], value):
        yield path, f"{_shown(value)} is not in the expected form"
        return
    if "format" in schema:
        fmt = schema["format"]
        parsed = _parsed(value, fmt)
        if parsed is None:
            yield path, f"{_shown(value)} is not {_FORMAT_WORDS[fmt]}"
        elif problem := _range_error(parsed, bounds):
            yield path, f"{_shown(value)} {problem}"


def _object_errors(
    value: dict[str, Any], schema: dict[str, Any], path: Path, bounds: Bounds
) -> Iterator[tuple[Path, str]]:
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
            yield from _errors(value[name], subschema, (*path, name), bounds)


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
            known = schema.get("properties", {})
            schema = known.get(step, {})
            if step not in known:
                # A name the format does not know came from the file: quoted, never as typed.
                words.append(_shown(step))
            elif "x-label" not in schema:
                words.append(step.replace("_", " "))
    if len(words) > 1:
        return f"{' '.join(words[:-1])}: {words[-1]}"
    return words[0] if words else "the file"


def validate(document: object, *, bounds: Bounds | None = None, limit: int = 20) -> list[str]:
    """Every problem with ``document`` as a sentence naming the record, at most ``limit`` of them.

    ``bounds`` holds the latest date and moment accepted (the importing user's tomorrow);
    without it, tomorrow anywhere on Earth.
    """
    bounds = bounds or Bounds.anywhere(now=timezone.now())
    problems: list[str] = []
    for path, message in _errors(document, EXPORT_SCHEMA, (), bounds):
        problems.append(f"{describe(path)} {message}" if path else f"The file {message}")
        if len(problems) >= limit:
            break
    return problems
