"""What the person page's timeline is made of: entries, and where each sits.

The page itself (``journal/person_page.py``) lives above the practices and lists, in
``PERSON_TIMELINE``, the functions that feed it. Each is a practice's selector
``(user, person, window) -> list[TimelineEntry]`` that must

* return only records owned by ``user`` and linked to ``person``;
* return the records of ``window`` (a ``compersion.lib.paging.Window``, as this source sees
  it): at most ``window.size + 1`` of them, in the window's walking order (newest first, or
  oldest first when ``window.newer``), each with its ``Key`` (its day and a number unique
  within the source on that day; the page adds the source's rank);
* cost exactly one query, however many records exist (every page of the timeline costs
  the same fixed number of queries), and never raise for a person with no records.

``compersion.lib.paging.keyset`` (or ``keyset_filter`` and ``keyset_order``) does the
narrowing and the ordering. ``url`` is where the entry lives (or ``None``); ``title`` and
``body`` are plain text and are escaped when rendered.

Deleting a person
    A person can be deleted for good. Records that link to a person must use
    ``on_delete=models.SET_NULL`` (a nullable foreign key): they stay, and lose the
    link. The delete page promises exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from compersion.lib.paging import Key


@dataclass(frozen=True)
class TimelineEntry:
    key: Key
    kind: str
    title: str
    body: str
    url: str | None

    @property
    def local_date(self) -> date:
        return self.key.day
