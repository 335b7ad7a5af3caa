"""The person page: everything the user has linked to one person, from every practice.

It lives in journal, the highest of the practices, because it gathers them all; the URL
is added to the people namespace in compersion/urls.py, so people never imports upward.
The timeline is the explicit list below: each entry is a practice's own selector, with
the contract in people/timeline.py (owner's records only, newest first, one query).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from accounts.models import AuthenticatedHttpRequest, User
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
from people.timeline import TimelineEntry, merge_entries

TIMELINE_LIMIT = 50

TimelineProvider = Callable[[User, Person, int], list[TimelineEntry]]

# In this order on a tie of dates.
PERSON_TIMELINE: list[TimelineProvider] = [
    gratitude_entries,
    kindness_entries,
    person_timeline_checkin_entries,
    # Joys and needs answers share one UNION query, so the page stays small.
    person_timeline_joy_and_needs_entries,
]


def person_timeline(*, user: User, person: Person, limit: int = TIMELINE_LIMIT) -> list[TimelineEntry]:
    """Everything linked to ``person`` across the app, newest first, one query per provider."""
    if person.owner_id != user.pk:
        raise Http404("No such person.")
    return merge_entries([provide(user, person, limit) for provide in PERSON_TIMELINE], limit=limit)


@login_required
def person_detail(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = person_for_user(user=request.user, person_id=person_id)
    context: dict[str, Any] = {
        "person": person,
        "entries": person_timeline(user=request.user, person=person),
        "timeline_limit": TIMELINE_LIMIT,
        # Feelings' section for a metamour: what the user is learning, and a chart.
        **person_section_context(user=request.user, person=person),
    }
    if person.is_metamour:
        context["note_form"] = MetamourNoteForm()
    return render(request, "journal/person_page.html", context)
