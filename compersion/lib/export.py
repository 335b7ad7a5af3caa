"""What every app's ``export.py`` is made of: JSON Schema fragments for its records, the
conversions between rows and records, and the bookkeeping of an import.

An app's ``export.py`` holds, for its own records, the schema part (a Draft 2020-12 dict),
the rows for export, the checks a schema cannot express and the import; ``privacy`` puts the
parts together into one document. This module imports no app.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from compersion.lib.clock import EARLIEST_DAY

Record = dict[str, Any]
CHUNK = 500

# --- Schema fragments ---------------------------------------------------------------

# The journal's first day (compersion.lib.clock), as a date and as the moment it begins.
EARLIEST_MOMENT = datetime.combine(EARLIEST_DAY, time(), tzinfo=UTC)
# The upper edge is the importing user's tomorrow (privacy.schema.Bounds); "x-formatMaximum" names it.
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


def max_length(model: type[Any], field_name: str) -> int:
    """The ``max_length`` of a model's field, so the schema follows the model."""
    length = model._meta.get_field(field_name).max_length
    if length is None:
        raise TypeError(f"{model.__name__}.{field_name} has no max_length")
    return int(length)


def text(max_length: int, *, min_length: int = 0) -> dict[str, Any]:
    return {"type": "string", "minLength": min_length, "maxLength": max_length}


def choice(values: Sequence[str]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def integer(minimum: int, maximum: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


BOOLEAN = {"type": "boolean"}


def record(properties: dict[str, Any], description: str, *, optional: Collection[str] = ()) -> dict[str, Any]:
    """One kind of record: every field required but the ``optional`` ones (fields files of an
    earlier version lack), no others."""
    return {
        "type": "object",
        "description": description,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
        "properties": properties,
    }


def records(item: dict[str, Any], label: str) -> dict[str, Any]:
    """A list of records; ``x-label`` names one of them in messages: "journal item 12: …"."""
    return {"type": "array", "x-label": label, "items": item}


def label(section: dict[str, Any], index: int) -> str:
    """How a message names record ``index`` (from 0) of a section: "journal item 12"."""
    return f"{section['x-label']} {index + 1}"


# --- Rows and records ------------------------------------------------------------------


def iso(value: datetime | date | time | None) -> str | None:
    """A date as YYYY-MM-DD, a moment in UTC with its offset."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def optional_moment(value: str | None) -> datetime | None:
    return moment(value) if value else None


def day(value: str) -> date:
    return date.fromisoformat(value)


def batches(rows: Iterable[Record], size: int = CHUNK) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- Import bookkeeping -----------------------------------------------------------------


class ImportProblems(Exception):
    """The document cannot be imported; ``problems`` are sentences naming the bad records."""

    def __init__(self, problems: list[str]) -> None:
        # A sentence may quote the file; whatever it quotes, the page must be able to encode it.
        problems = [p.encode("utf-8", "backslashreplace").decode() for p in problems]
        super().__init__("; ".join(problems))
        self.problems = problems


# "journal item 12: text is empty" → ("journal item", 12, ": text is empty"), as ``label`` writes them.
_NUMBERED = re.compile(r"(?P<label>[a-z][a-z' -]*?) (?P<number>[0-9]+)(?P<rest>: .*)", re.DOTALL)


def problems_grouped(problems: Iterable[str], *, named: int = 3) -> list[str]:
    """The same problem in many records said once: "journal item 3, 7, 9 and 40 more: text is empty".

    Sentences that differ other than in the record's number stay apart, in the order first met;
    a problem of one record, or one not naming a record, reads as it was.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for problem in problems:
        match = _NUMBERED.fullmatch(problem)
        key = (match["label"], match["rest"]) if match else (problem, "")
        groups.setdefault(key, []).append(match["number"] if match else "")
    said = []
    for (label, rest), numbers in groups.items():
        if not rest:
            said.append(label)
        elif len(numbers) == 1:
            said.append(f"{label} {numbers[0]}{rest}")
        else:
            shown = numbers[:named] if len(numbers) > named + 1 else numbers[:-1]
            more = len(numbers) - len(shown)
            tail = f"{more} more" if more > 1 else numbers[-1]
            said.append(f"{label} {', '.join(shown)} and {tail}{rest}")
    return said


@dataclass
class ImportResult:
    """Records added and skipped (already in the account), per section."""

    added: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def count(self, section: str, *, added: int, total: int) -> None:
        self.added[section] += added
        self.skipped[section] += total - added


def unseen(records: Iterable[Record], seen: set[Any], *, key: Callable[[Record], Any]) -> Iterator[Record]:
    """The records whose natural key is neither in the account nor earlier in the file."""
    for item in records:
        natural = key(item)
        if natural not in seen:
            seen.add(natural)
            yield item
