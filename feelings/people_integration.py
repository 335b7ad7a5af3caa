"""How feelings plug into the people app's person page (people/timeline.py).

The people app owns the page; this module only registers providers and a section,
and each provider costs exactly one query as the contract asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import CharField, Value
from django.urls import reverse

from feelings.models import CheckInFeeling, LifeArea, NeedsCheckIn, VicariousJoy

if TYPE_CHECKING:
    from accounts.models import User
    from people.models import Person
    from people.timeline import TimelineEntry

PROVIDERS = [
    "feelings.people_integration.checkin_entries",
    # Joys and needs answers share one UNION query, so the person page stays small.
    "feelings.people_integration.joy_and_needs_entries",
]
SECTION = "feelings/person_section.html"


def register() -> None:
    from people import timeline

    for path in PROVIDERS:
        if path not in timeline.TIMELINE_PROVIDERS:
            timeline.TIMELINE_PROVIDERS.append(path)
    if SECTION not in timeline.PERSON_PAGE_SECTIONS:
        timeline.PERSON_PAGE_SECTIONS.append(SECTION)


def person_page_url(person_id: int) -> str:
    return reverse("people:detail", kwargs={"person_id": person_id})


def checkin_entries(user: User, person: Person, limit: int) -> list[TimelineEntry]:
    from feelings.models import CheckIn
    from people.timeline import TimelineEntry

    # One query: the feelings of the newest ``limit`` check-ins about this person.
    newest = CheckIn.objects.filter(owner=user, people=person).order_by("-created_at", "-id")[:limit]
    rows = (
        CheckInFeeling.objects.filter(checkin__in=newest.values("pk"))
        .order_by("-checkin__created_at", "-checkin_id", "feeling__name")
        .values_list(
            "checkin_id", "checkin__local_date", "checkin__what_happened", "feeling__name", "intensity"
        )
    )
    entries: dict[int, tuple[object, str, list[str]]] = {}
    for checkin_id, day, what, name, intensity in rows:
        entries.setdefault(checkin_id, (day, what, []))[2].append(f"{name} {intensity}")
    return [
        TimelineEntry(
            local_date=day,  # type: ignore[arg-type]
            kind="feelings check-in",
            title=", ".join(names),
            body=what,
            url=reverse("feelings:checkin", kwargs={"checkin_id": checkin_id}),
        )
        for checkin_id, (day, what, names) in entries.items()
    ]


def joy_and_needs_entries(user: User, person: Person, limit: int) -> list[TimelineEntry]:
    """Vicarious joys for this person and needs answers about them, newest first, in one query."""
    from people.timeline import TimelineEntry

    # One UNION keeps the person page's query count flat; the columns line up by position.
    # SQLite refuses ORDER BY inside a compound statement, so each half drops Meta.ordering.
    text: CharField[str, str] = CharField()
    joys = (
        VicariousJoy.objects.filter(owner=user, person=person)
        .annotate(entry_kind=Value("joy", output_field=text))
        .values_list("local_date", "id", "what_happened", "joy", "area", "entry_kind")
        .order_by()
    )
    answers = (
        NeedsCheckIn.objects.filter(owner=user, person=person)
        .annotate(entry_area=Value("", output_field=text), entry_kind=Value("needs", output_field=text))
        .values_list("local_date", "id", "note", "score", "entry_area", "entry_kind")
        .order_by()
    )
    rows = joys.union(answers, all=True).order_by("-local_date", "-id")[:limit]
    areas = dict(LifeArea.choices)
    entries = []
    for day, _pk, words, number, area, kind in rows:
        if kind == "joy":
            title = f"Glad for their news ({areas.get(area, area).lower()}), joy {number} of 10"
            entries.append(
                TimelineEntry(local_date=day, kind="vicarious joy", title=title, body=words, url=None)
            )
        else:
            entries.append(
                TimelineEntry(
                    local_date=day,
                    kind="needs check-in",
                    title=f"Needs met: {number} of 5",
                    body=words,
                    url=reverse("feelings:needs"),
                )
            )
    return entries
