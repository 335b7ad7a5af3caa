"""The person page: everything the user has linked to one person, from every practice.

It lives in journal, the highest of the practices, because it gathers them all; the URL
is added to the people namespace in compersion/urls.py, so people never imports upward.
The timeline is the explicit list below: each entry is a practice's own selector, with
the contract in people/timeline.py (owner's records only, newest first, one query).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from accounts.models import AuthenticatedHttpRequest, User
from compersion.lib.paging import Key, Page, Window, merge, page_from_rows, window_from_query
from feelings.forms import MetamourNoteForm
from feelings.selectors import (
    person_section_context,
    person_timeline_checkin_entries,
    person_timeline_joy_and_needs_entries,
)
from journal.selectors import person_timeline_entries as gratitude_entries
from kindness.selectors import person_timeline_entries as kindness_entries
from people.models import Person
from people.selectors import person_for_user
from people.timeline import TimelineEntry

TIMELINE_PER_PAGE = 50

TimelineProvider = Callable[[User, Person, Window], list[TimelineEntry]]

# In this order on a tie of dates (an entry's rank in its key is its source's place here).
PERSON_TIMELINE: list[TimelineProvider] = [
    gratitude_entries,
    kindness_entries,
    person_timeline_checkin_entries,
    # Joys and needs answers share one UNION query, so the page stays small.
    person_timeline_joy_and_needs_entries,
]


def _key(entry: TimelineEntry) -> Key:
    return entry.key


def person_timeline(*, user: User, person: Person, window: Window) -> Page[TimelineEntry]:
    """One page of everything linked to ``person`` across the app, newest first, one query per
    provider: each gives up to ``window.size + 1`` entries past the cursor, the merge keeps as
    many, and the page shows ``window.size`` of them."""
    if person.owner_id != user.pk:
        raise Http404("No such person.")
    batches = [
        [
            replace(entry, key=replace(entry.key, rank=rank))
            for entry in provide(user, person, window.source(rank))
        ]
        for rank, provide in enumerate(PERSON_TIMELINE)
    ]
    return page_from_rows(merge(batches, window, key=_key), window, key=_key)


@login_required
def person_detail(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = person_for_user(user=request.user, person_id=person_id)
    context: dict[str, Any] = {
        "person": person,
        "entries": person_timeline(
            user=request.user, person=person, window=window_from_query(request.GET, size=TIMELINE_PER_PAGE)
        ),
        # Feelings' section for a metamour: what the user is learning, and a chart.
        **person_section_context(user=request.user, person=person),
    }
    if person.is_metamour:
        context["note_form"] = MetamourNoteForm()
    return render(request, "journal/person_page.html", context)
