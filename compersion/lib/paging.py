"""Keyset paging: newest-first lists that reach the whole of a history.

A page never says "page 3" (which shifts when something new is written while the user
reads); it says where it starts. Every entry has a ``Key``: the day it counts for, then a
number unique on that day within its source (its id, or a slot), and for a list merged from
several sources (the person page's timeline) the source's ``rank``. The link to older entries
carries the key of the last entry shown (``?before=``), the link to newer ones the key of the
first (``?after=``); "Oldest" asks for the oldest entries (``?oldest=1``). An entry written
meanwhile lands before or after the key, never inside the next page, so nothing shifts or
repeats. Each page is one query for ``size + 1`` rows, whichever page it is: the extra row
says whether there is more, so there is no count.

The key holds dates and numbers only, never anything the user wrote, and is read strictly: a
key that does not parse gives the first page. A key made up or copied from someone else's
list only says where to start in the reader's own rows, which every query filters by owner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from compersion.lib.query import query_id

T = TypeVar("T")
M = TypeVar("M", bound=Model)

_KEY = re.compile(r"(\d{4})-(\d{2})-(\d{2})\.(\d{1,18})(?:\.(\d{1,2}))?", re.ASCII)


@dataclass(frozen=True)
class Key:
    """Where an entry sits in a newest-first list. ``tie`` orders entries of one day within
    their source; ``rank`` orders the sources of a merged list on one day (lowest first).
    ``tie`` is None only in a source's own view of a merged list's key (see ``Window.source``):
    the whole day, then."""

    day: date
    tie: int | None
    rank: int = 0

    def __str__(self) -> str:
        rank = f".{self.rank}" if self.rank else ""
        return f"{self.day.isoformat()}.{self.tie}{rank}"


def key_parse(value: str) -> Key | None:
    """The key in ``value`` (as ``str(key)`` wrote it), or None for anything else."""
    match = _KEY.fullmatch(value)
    if match is None:
        return None
    year, month, day, tie, rank = match.groups()
    tie_number = query_id(tie)
    try:
        local_date = date(int(year), int(month), int(day))
    except ValueError:
        return None
    if tie_number is None:
        return None
    return Key(day=local_date, tie=tie_number, rank=int(rank or 0))


@dataclass(frozen=True)
class Window:
    """Which entries a page asks for: ``size`` of them, older than ``cursor`` (or the newest),
    or with ``newer`` set, newer than ``cursor`` (or the oldest). ``whole_day``: for a source's
    view of a merged list's key (``tie`` None), whether the key's day is still to come."""

    size: int
    cursor: Key | None = None
    newer: bool = False
    whole_day: bool = False

    @property
    def is_newest(self) -> bool:
        return self.cursor is None and not self.newer

    def source(self, rank: int) -> Window:
        """This window as the source of rank ``rank`` in a merged list sees it: on the key's
        day, a source ranked before the key's is wholly newer than it, one ranked after wholly
        older; only the key's own source compares ties."""
        if self.cursor is None or rank == self.cursor.rank:
            return self
        # Walking older, a source ranked after the key still has the key's day ahead of it;
        # walking newer, a source ranked before it does.
        ahead = rank > self.cursor.rank if not self.newer else rank < self.cursor.rank
        return replace(self, cursor=Key(day=self.cursor.day, tie=None), whole_day=ahead)


def window_from_query(query: Mapping[str, str], *, size: int) -> Window:
    """The window a list's query string asks for: ``before``, else ``after``, else
    ``oldest=1``, else the newest entries. A value that does not parse counts as absent."""
    before = key_parse(query.get("before", ""))
    if before is not None:
        return Window(size=size, cursor=before)
    after = key_parse(query.get("after", ""))
    if after is not None:
        return Window(size=size, cursor=after, newer=True)
    return Window(size=size, newer=query.get("oldest", "") == "1")


def _past_cursor(window: Window, cursor: Key, *, day_field: str, tie_field: str, tie_descending: bool) -> Q:
    day_past = f"{day_field}__{'gt' if window.newer else 'lt'}"
    if cursor.tie is None:
        day_from = f"{day_field}__{'gte' if window.newer else 'lte'}"
        return Q(**{day_from if window.whole_day else day_past: cursor.day})
    # Newest first, ties run downwards (ids) or upwards (slots); walking newer reverses both.
    tie_down = tie_descending != window.newer
    return Q(**{day_past: cursor.day}) | Q(
        **{day_field: cursor.day, f"{tie_field}__{'lt' if tie_down else 'gt'}": cursor.tie}
    )


def keyset_filter(
    queryset: QuerySet[M, Any],
    window: Window,
    *,
    day_field: str = "local_date",
    tie_field: str = "id",
    tie_descending: bool = True,
) -> QuerySet[M, Any]:
    """``queryset`` without the rows on the near side of the window's cursor."""
    if window.cursor is None:
        return queryset
    return queryset.filter(
        _past_cursor(
            window, window.cursor, day_field=day_field, tie_field=tie_field, tie_descending=tie_descending
        )
    )


def keyset_order(
    window: Window, *, day_field: str = "local_date", tie_field: str = "id", tie_descending: bool = True
) -> list[str]:
    """``order_by`` fields that walk the list the window's way."""
    day_down = not window.newer
    tie_down = tie_descending != window.newer
    return [f"{'-' if day_down else ''}{day_field}", f"{'-' if tie_down else ''}{tie_field}"]


def keyset(
    queryset: QuerySet[M, Any],
    window: Window,
    *,
    day_field: str = "local_date",
    tie_field: str = "id",
    tie_descending: bool = True,
) -> QuerySet[M, Any]:
    """``queryset`` narrowed to the window's rows, in walking order, ``size + 1`` of them at most
    (the last only tells whether there is more). Newest first is ``day_field`` descending, then
    ``tie_field`` descending (or ascending with ``tie_descending=False``)."""
    rows = keyset_filter(
        queryset, window, day_field=day_field, tie_field=tie_field, tie_descending=tie_descending
    )
    order = keyset_order(window, day_field=day_field, tie_field=tie_field, tie_descending=tie_descending)
    return rows.order_by(*order)[: window.size + 1]


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a newest-first list, and where its links lead: ``newer`` and ``older`` are
    the keys for the Newer and Older links (None where there is nothing that way);
    ``at_newest`` / ``at_oldest`` hide the Newest and Oldest links."""

    entries: list[T]
    newer: Key | None
    older: Key | None
    at_newest: bool
    at_oldest: bool

    @property
    def is_paged(self) -> bool:
        return not (self.at_newest and self.at_oldest)


def page_from_rows(rows: Sequence[T], window: Window, *, key: Callable[[T], Key]) -> Page[T]:
    """The page made of ``rows`` as ``keyset`` (or ``merge``) gave them: in walking order,
    ``size + 1`` at most. A cursor with nothing past it names no page (an old link whose
    entries were removed, or a made-up key): 404, rather than an empty list that reads as
    "nothing written yet"."""
    if not rows and window.cursor is not None:
        raise Http404("Nothing past that point in the list.")
    more = len(rows) > window.size
    entries = list(rows[: window.size])
    if window.newer:
        entries.reverse()
    # Walking one way, the cursor itself says there is something the other way.
    came_from_elsewhere = window.cursor is not None
    at_newest = not more if window.newer else not came_from_elsewhere
    at_oldest = not came_from_elsewhere if window.newer else not more
    return Page(
        entries=entries,
        newer=key(entries[0]) if entries and not at_newest else None,
        older=key(entries[-1]) if entries and not at_oldest else None,
        at_newest=at_newest,
        at_oldest=at_oldest,
    )


def merge(batches: Sequence[Sequence[T]], window: Window, *, key: Callable[[T], Key]) -> list[T]:
    """Several sources' rows for ``window`` (each in walking order, each ``size + 1`` at most)
    as one list in walking order, ``size + 1`` at most: by day, then by rank; within one
    source and day each batch keeps its own order (sorted() is stable, also in reverse)."""
    rows = [row for batch in batches for row in batch]

    def by_day_then_rank(row: T) -> tuple[date, int]:
        found = key(row)
        return (found.day, -found.rank)

    return sorted(rows, key=by_day_then_rank, reverse=not window.newer)[: window.size + 1]
