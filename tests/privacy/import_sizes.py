"""Large valid export files, for measuring what an import of a given size costs.

``diary`` is years of ordinary use; the other shapes are the costliest valid files per byte
an attacker could write (the smallest records, each on its own day or moment), because the
size limit must hold for any valid file, not only for a typical one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from privacy import schema

# From 1900 on, so even the smallest records spread over distinct days stay in the past.
START = date(1900, 1, 2)
Record = dict[str, Any]


def _header() -> Record:
    return {
        "format": schema.FORMAT,
        "version": schema.SCHEMA_VERSION,
        "exported_at": "2026-03-14T18:30:00+00:00",
        "settings": {
            "display_name": "Robin",
            "time_zone": "Europe/Berlin",
            "day_start_hour": 3,
            "reminder_time": "20:00",
            "reminders_enabled": True,
            "idle_timeout_minutes": 0,
            "kindness_weekly_target": 3,
            "needs_weekday": 6,
            "reminders": [],
        },
        "people": [
            {
                "key": f"person-{n}",
                "name": f"Person {n}",
                "kind": "partner" if n < 3 else "friend",
                "kind_label": "",
                "notes": "",
                "archived_at": None,
                "created_at": "1989-12-31T12:00:00+00:00",
            }
            for n in range(1, 21)
        ],
        **{section: [] for section in schema.SECTIONS if section not in ("settings", "people")},
    }


def _moment(day: date, seconds: int = 0) -> str:
    return (
        datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=18, seconds=seconds)
    ).isoformat()


SENTENCE = "The light through the kitchen window while Sam made coffee and hummed that old song. "


def _diary_day(document: Record, number: int) -> None:
    day = START + timedelta(days=number)
    local = day.isoformat()
    for position in range(1, 6):
        document["gratitude"].append(
            {
                "local_date": local,
                "time_zone": "Europe/Berlin",
                "position": position,
                "text": SENTENCE[: 40 + 10 * position],
                "relational": position == 1,
                "people": [f"person-{number % 20 + 1}"] if position == 2 else [],
                "created_at": _moment(day, position),
                "updated_at": _moment(day, position),
            }
        )
    document["checkins"].append(
        {
            "created_at": _moment(day, 100),
            "local_date": local,
            "time_zone": "Europe/Berlin",
            "feelings": [{"name": "jealousy", "intensity": 5}, {"name": "hope", "intensity": 3}],
            "people": ["person-1"],
            "what_happened": SENTENCE * 2,
            "body": "chest",
            "sat_with_it": True,
            "need": "reassurance",
            "need_met": "partly",
            "action": "Ask for a hug",
        }
    )
    if number % 2 == 0:
        document["kindness_acts"].append(
            {
                "local_date": local,
                "time_zone": "Europe/Berlin",
                "text": SENTENCE[:90],
                "person": None,
                "recipient_kind": "stranger",
                "category": "help",
                "effort": "small",
                "reflection": SENTENCE,
                "is_secret": True,
                "told_at": None,
                "idea_key": None,
                "own_idea": None,
                "created_at": _moment(day, 200),
            }
        )
    if number % 7 == 0:
        document["needs_checkins"].append(
            {
                "created_at": _moment(day, 300),
                "local_date": local,
                "time_zone": "Europe/Berlin",
                "person": "person-1",
                "score": 4,
                "note": "A good week",
            }
        )
        document["vicarious_joys"].append(
            {
                "created_at": _moment(day, 400),
                "local_date": local,
                "time_zone": "Europe/Berlin",
                "person": "person-2",
                "who": "",
                "area": "work",
                "what_happened": SENTENCE[:60],
                "joy": 7,
            }
        )


def _tiny_gratitude(document: Record, number: int) -> None:
    # One one-letter item a day: the most days (summary rows to recompute) per byte.
    day = START + timedelta(days=number)
    document["gratitude"].append(
        {
            "local_date": day.isoformat(),
            "time_zone": "UTC",
            "position": 1,
            "text": "x",
            "relational": False,
            "people": [],
            "created_at": _moment(day),
            "updated_at": _moment(day),
        }
    )


def _tiny_checkin(document: Record, number: int) -> None:
    # The smallest check-in: the most rows (check-in, feeling link) per byte.
    day = START + timedelta(days=number // 1000)
    document["checkins"].append(
        {
            "created_at": _moment(day, number % 1000),
            "local_date": day.isoformat(),
            "time_zone": "UTC",
            "feelings": [{"name": "joy", "intensity": 1}],
            "people": [],
            "what_happened": "",
            "body": "",
            "sat_with_it": False,
            "need": None,
            "need_met": "",
            "action": "",
        }
    )


def _tiny_joy(document: Record, number: int) -> None:
    day = START + timedelta(days=number // 1000)
    document["vicarious_joys"].append(
        {
            "created_at": _moment(day, number % 1000),
            "local_date": day.isoformat(),
            "time_zone": "UTC",
            "person": None,
            "who": "",
            "area": "work",
            "what_happened": "x",
            "joy": 1,
        }
    )


SHAPES: dict[str, Callable[[Record, int], None]] = {
    "diary": _diary_day,
    "tiny-gratitude": _tiny_gratitude,
    "tiny-checkins": _tiny_checkin,
    "tiny-joys": _tiny_joy,
}


def _size(document: Record) -> int:
    return len(json.dumps(document).encode())


def document_of_size(shape: str, *, megabytes: float) -> bytes:
    """A valid export file of about ``megabytes`` (never more), made of ``shape``'s records."""
    target = int(megabytes * 1024 * 1024)
    grow = SHAPES[shape]
    document = _header()
    # Measure one batch's size, then add whole batches until the next would overflow.
    number = 0
    for number in range(200):
        grow(document, number)
    per_batch = _size(document) - _size(_header())
    count = 200 * max(1, (target - _size(_header())) // per_batch)
    for number in range(200, count):
        grow(document, number)
    body = json.dumps(document).encode()
    while len(body) > target:
        for section in _sections(document):
            section.pop()
        body = json.dumps(document).encode()
    return body


def _sections(document: Record) -> Iterator[list[Record]]:
    for name in schema.SECTIONS:
        if name not in ("settings", "people") and document[name]:
            yield document[name]
