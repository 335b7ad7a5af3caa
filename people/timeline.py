"""What the person page's timeline is made of: entries, and how they merge.

The page itself (``journal/person_page.py``) lives above the practices and lists, in
``PERSON_TIMELINE``, the functions that feed it. Each is a practice's selector
``(user, person, limit) -> list[TimelineEntry]`` that must

* return only records owned by ``user`` and linked to ``person``;
* return at most ``limit`` entries, newest first;
* cost exactly one query, however many records exist (the page asserts a fixed
  number of queries), and never raise for a person with no records.

``url`` is where the entry lives (or ``None``); ``title`` and ``body`` are plain text
and are escaped when rendered.

Deleting a person
    A person can be deleted for good. Records that link to a person must use
    ``on_delete=models.SET_NULL`` (a nullable foreign key): they stay, and lose the
    link. The delete page promises exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TimelineEntry:
    local_date: date
    kind: str
    title: str
    body: str
    url: str | None


def merge_entries(batches: list[list[TimelineEntry]], *, limit: int) -> list[TimelineEntry]:
    """Newest first; on the same date, the order of the batches, then each batch's own
    order (sorted() is stable, also in reverse)."""
    merged = [entry for batch in batches for entry in batch]
    return sorted(merged, key=lambda entry: entry.local_date, reverse=True)[:limit]
