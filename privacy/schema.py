"""The export document's schema, version 1 (docs/export-format.md), put together from the
apps' parts, and its validation by the ``jsonschema`` library.

Each app's ``export.py`` owns the schema of its records (a Draft 2020-12 fragment); this
module composes them in a fixed order into ``EXPORT_SCHEMA``, the single source of truth:
``validate`` checks a document against it with ``Draft202012Validator`` and turns each error
into a sentence naming the record ("journal item 12: text is longer than 500 characters").

Three things JSON Schema does not say are checked here too, for every value alike: dates and
moments lie between 1900 and the importing user's tomorrow (``formatMinimum``, ``Bounds``),
an integer too long for Python to read is named rather than parsed (``HugeNumber``), and text
holds no NUL character and no lone surrogate (PostgreSQL and UTF-8 cannot store them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from accounts import export as accounts_export
from accounts.models import User
from compersion.lib import clock
from compersion.lib.export import DATETIME, EARLIEST_MOMENT, ImportResult, Record, record
from feelings import export as feelings_export
from insights import export as insights_export
from journal import export as journal_export
from kindness import export as kindness_export
from people import export as people_export
from people.export import PersonMap

FORMAT = "compersion-export"
SCHEMA_VERSION = 2
# Version 2 added the WHO-5 answers (``wellbeing_checkins``) and the reminders' channel
# (``settings.reminder_channel``); a version 1 file, without them, still imports.
READ_VERSIONS = (1, 2)


# --- The parts, in the order of the document and of import ---------------------------


class SettingsPart(Protocol):
    """An app that keeps some of the account's preferences in ``settings``."""

    SETTINGS: dict[str, Any]

    def settings_record(self, *, user: User) -> Record: ...

    def settings_import(self, *, user: User, settings: Record) -> None: ...


class RecordsPart(Protocol):
    """An app whose records are sections of the document."""

    SECTIONS: dict[str, dict[str, Any]]
    EXPORTERS: dict[str, Callable[..., Iterator[Record]]]

    def problems(self, *, document: Record, known: set[str]) -> list[str]: ...

    def records_import(
        self, *, user: User, document: Record, people: PersonMap, result: ImportResult
    ) -> None: ...


# The account's own preferences (its zone, day start and reminder schedule) first.
SETTINGS_PARTS: tuple[SettingsPart, ...] = (
    accounts_export,
    kindness_export,
    feelings_export,
)
# After people, whose keys the practices' records refer to.
RECORDS_PARTS: tuple[RecordsPart, ...] = (journal_export, kindness_export, feelings_export, insights_export)
# Sections that files of an earlier version lack.
OPTIONAL_SECTIONS = insights_export.OPTIONAL_SECTIONS

SETTINGS = record(
    {name: spec for part in SETTINGS_PARTS for name, spec in part.SETTINGS.items()},
    "The account's preferences. The email address, password and two-factor secrets are left out,"
    " so a file can go into any account and never carries a way in.",
    optional=accounts_export.OPTIONAL_SETTINGS,
)

# The sections of the document, in order.
SECTIONS: dict[str, dict[str, Any]] = {
    "settings": SETTINGS,
    **people_export.SECTIONS,
    **{name: spec for part in RECORDS_PARTS for name, spec in part.SECTIONS.items()},
}

EXPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"https://compersion.invalid/schema/export-v{SCHEMA_VERSION}.json",
    "title": "Compersion export",
    "type": "object",
    "required": [
        "format",
        "version",
        "exported_at",
        *(name for name in SECTIONS if name not in OPTIONAL_SECTIONS),
    ],
    "additionalProperties": False,
    "properties": {
        "format": {"type": "string", "const": FORMAT},
        "version": {"type": "integer", "enum": list(READ_VERSIONS)},
        "exported_at": DATETIME,
        **SECTIONS,
    },
}

# --- Reading numbers --------------------------------------------------------------------


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


# --- Validation ----------------------------------------------------------------------


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


class _Sentence(ValidationError):
    """An error whose message is already the sentence a person reads."""


class _OutOfRange(ValueError):
    """A date or moment that is well formed but outside 1900 … tomorrow."""


TIME_OF_DAY = re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?")

_FORMAT_WORDS = {
    "date": "a date like 2025-01-31",
    "date-time": "a date and time with its UTC offset",
    "time": "a time like 20:00",
}


def _format_checker(bounds: Bounds) -> FormatChecker:
    """The formats the document uses, read as Python reads them, dates held to ``bounds``.
    A malformed value returns False; a well-formed one out of range raises ``_OutOfRange``."""
    checker = FormatChecker(formats=())

    def in_range(value: date | datetime) -> bool:
        # Aware datetimes compare without converting, so even year 1 or 9999 with an offset is
        # safe. (A datetime is also a date, so it is asked about first.)
        if isinstance(value, datetime):
            too_early, too_late = value < EARLIEST_MOMENT, value > bounds.latest_moment
        else:
            too_early, too_late = value < clock.EARLIEST_DAY, value > bounds.latest_day
        if too_early:
            raise _OutOfRange("is before 1900")
        if too_late:
            raise _OutOfRange("is after tomorrow")
        return True

    @checker.checks("date", raises=(_OutOfRange,))
    def is_date(value: object) -> bool:
        try:
            return not isinstance(value, str) or in_range(date.fromisoformat(value))
        except ValueError as error:
            if isinstance(error, _OutOfRange):
                raise
            return False

    @checker.checks("date-time", raises=(_OutOfRange,))
    def is_moment(value: object) -> bool:
        if not isinstance(value, str):
            return True
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return False
        return moment.tzinfo is not None and in_range(moment)

    @checker.checks("time")
    def is_time_of_day(value: object) -> bool:
        # A reminder is a wall-clock time in the user's zone: hours and minutes (and perhaps
        # seconds), never an offset, which has no meaning there.
        if not isinstance(value, str):
            return True
        try:
            return bool(TIME_OF_DAY.fullmatch(value)) and time.fromisoformat(value) is not None
        except ValueError:
            return False

    return checker


def _type(validator: Any, types: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """``type``, and what a type means in this format: an integer is one Python could read,
    and a string is text PostgreSQL can store."""
    if isinstance(instance, HugeNumber):
        yield _Sentence(f"is a number {instance.length} digits long")
        return
    names = [types] if isinstance(types, str) else types
    if not any(validator.is_type(instance, name) for name in names):
        yield ValidationError(f"should be {' or '.join(names)}")
        return
    if not isinstance(instance, str):
        return
    if "\x00" in instance:
        # PostgreSQL cannot store a NUL character in text; say so instead of failing.
        yield _Sentence(NUL)
    try:
        instance.encode("utf-8")
    except UnicodeEncodeError:
        # Half of a UTF-16 pair ("\ud800" in the JSON) is no character at all; UTF-8 cannot hold it.
        yield _Sentence("contains a broken character (a lone surrogate)")


ExportValidator = validators.extend(
    Draft202012Validator,
    validators={"type": _type},
    # In JSON an integer is written without a fraction: 2.0 is not a position in a day.
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)


def _shown(value: object) -> str:
    """A value from the file as a message shows it: quoted, cut short, escapes for the unprintable."""
    if isinstance(value, str):
        return repr(value[:40])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value) if len(repr(value)) <= 40 else "a long number"
    return repr(value) if isinstance(value, (bool, type(None))) else f"a {type(value).__name__}"


Path = tuple[str | int, ...]


def _sentences(error: ValidationError) -> Iterator[tuple[Path, str]]:
    """What ``error`` says, as (place, words) pairs: one for each field it is about."""
    path: Path = tuple(error.absolute_path)
    keyword = error.validator
    expected: Any = error.validator_value
    value: Any = error.instance
    if isinstance(error, _Sentence):
        yield path, error.message
    elif keyword == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        yield path, f"should be {' or '.join(names)}"
    elif keyword in ("enum", "const"):
        allowed = expected if keyword == "enum" else [expected]
        yield path, f"is {_shown(value)}, not one of {', '.join(repr(v) for v in allowed[:12])}"
    elif keyword == "required":
        # One error per missing field; each names it in its message only, so ask the record.
        for name in expected:
            if name not in value:
                yield (*path, name), "is missing"
    elif keyword == "additionalProperties":
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        for name in value:
            if name not in known:
                yield (*path, name), "is not a field this format knows"
    elif keyword == "minimum":
        yield path, f"must be at least {expected}"
    elif keyword == "maximum":
        yield path, f"must be at most {expected}"
    elif keyword == "maxLength":
        yield path, f"is longer than {expected} characters"
    elif keyword == "minLength":
        yield path, "is empty"
    elif keyword == "pattern":
        yield path, f"{_shown(value)} is not in the expected form"
    elif keyword == "format":
        if isinstance(error.cause, _OutOfRange):
            yield path, f"{_shown(value)} {error.cause}"
        else:
            yield path, f"{_shown(value)} is not {_FORMAT_WORDS[expected]}"
    else:
        yield path, "is not as the format describes"


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


# Errors after which nothing more is said about the same value: once it has the wrong type
# (or is no text at all) or is not among the allowed values, its length or form is beside the point.
_FINAL = ("type", "enum", "const")
NUL = "contains a NUL character"


def validate(document: object, *, bounds: Bounds | None = None, limit: int = 20) -> list[str]:
    """Every problem with ``document`` as a sentence naming the record, at most ``limit`` of them.

    ``bounds`` holds the latest date and moment accepted (the importing user's tomorrow);
    without it, tomorrow anywhere on Earth.
    """
    bounds = bounds or Bounds.anywhere(now=timezone.now())
    validator = ExportValidator(EXPORT_SCHEMA, format_checker=_format_checker(bounds))
    problems: dict[str, None] = {}
    settled: set[Path] = set()
    for error in validator.iter_errors(document):
        where: Path = tuple(error.absolute_path)
        if where in settled:
            continue
        if error.validator in _FINAL and error.message != NUL:
            settled.add(where)
        for path, words in _sentences(error):
            # A record missing several fields has an error for each, and each names them all.
            problems[f"{describe(path)} {words}" if path else f"The file {words}"] = None
            if len(problems) >= limit:
                return list(problems)
    return list(problems)
