"""Extension points of the person page: the timeline and extra sections.

Other apps plug into ``/people/<id>/`` without editing the people app. They register
in their ``AppConfig.ready()``::

    from people import timeline

    class JournalConfig(AppConfig):
        def ready(self) -> None:
            timeline.TIMELINE_PROVIDERS.append("journal.selectors.person_timeline_entries")
            timeline.PERSON_PAGE_SECTIONS.append("journal/includes/person_section.html")

Timeline provider contract
    A provider is a function ``(user, person, limit) -> list[TimelineEntry]``, named by
    its dotted path in ``TIMELINE_PROVIDERS``. It must

    * return only records owned by ``user`` and linked to ``person``;
    * return at most ``limit`` entries, newest first;
    * cost exactly one query, however many records exist (the page asserts a small,
      fixed number of queries), and never raise for a person with no records.

    ``url`` is where the entry lives (or ``None``); ``title`` and ``body`` are plain
    text and are escaped when rendered. Entries from all providers are merged by
    ``local_date``, newest first; on the same date they keep the order providers are
    registered in, then each provider's own order.

Deleting a person
    A person can be deleted for good. Records that link to a person must use
    ``on_delete=models.SET_NULL`` (a nullable foreign key): they stay, and lose the
    link. The delete page promises exactly that.

Page sections
    ``PERSON_PAGE_SECTIONS`` lists template names included on the person page, in
    order, after the person's notes. Each is rendered with the page's context, in
    which ``person`` is the person shown and ``user`` the signed-in owner. A section
    starts with an ``<h2>`` so the page's headings stay in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from accounts.models import User
    from people.models import Person


@dataclass(frozen=True)
class TimelineEntry:
    local_date: date
    kind: str
    title: str
    body: str
    url: str | None


TimelineProvider = Callable[["User", "Person", int], list[TimelineEntry]]

# Dotted paths of timeline providers; apps append in AppConfig.ready().
TIMELINE_PROVIDERS: list[str] = []
# Template names included on the person page; apps append in AppConfig.ready().
PERSON_PAGE_SECTIONS: list[str] = []


@cache
def provider(path: str) -> TimelineProvider:
    return import_string(path)


def registered_providers() -> list[TimelineProvider]:
    # dict.fromkeys drops a path registered twice (a ready() that ran again) and keeps order.
    return [provider(path) for path in dict.fromkeys(TIMELINE_PROVIDERS)]


def registered_sections() -> list[str]:
    return list(dict.fromkeys(PERSON_PAGE_SECTIONS))


def merge_entries(batches: list[list[TimelineEntry]], *, limit: int) -> list[TimelineEntry]:
    """Newest first; ties keep provider order (sorted() is stable, also in reverse)."""
    merged = [entry for batch in batches for entry in batch]
    return sorted(merged, key=lambda entry: entry.local_date, reverse=True)[:limit]
