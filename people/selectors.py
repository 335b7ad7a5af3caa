from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from people.models import Person, PersonKind

# How the people page names each group, in the order the groups appear.
GROUP_HEADINGS: dict[str, str] = {
    PersonKind.PARTNER: "Partners",
    PersonKind.NESTING_PARTNER: "Nesting partners",
    PersonKind.METAMOUR: "Metamours",
    PersonKind.FRIEND: "Friends",
    PersonKind.FAMILY: "Family",
    PersonKind.COLLEAGUE: "Colleagues",
    PersonKind.OTHER: "Others in your life",
}


@dataclass(frozen=True)
class PeopleGroup:
    kind: str
    heading: str
    people: list[Person]


def person_for_user(*, user: User, person_id: int) -> Person:
    """The user's own person, archived or not; anyone else's (or a missing one) is a 404."""
    try:
        return Person.objects.get(owner=user, pk=person_id)
    except Person.DoesNotExist:
        raise Http404("No such person.") from None


def people_for_user(*, user: User, include_archived: bool = False) -> QuerySet[Person]:
    people = Person.objects.filter(owner=user)
    if not include_archived:
        people = people.filter(archived_at__isnull=True)
    return people.order_by("name", "id")


def people_choices_for_user(*, user: User) -> QuerySet[Person]:
    """Active people for other apps' forms, e.g. ``ModelChoiceField(queryset=...)``."""
    return people_for_user(user=user)


def people_grouped(people: list[Person]) -> list[PeopleGroup]:
    """Group people by relationship in a fixed order, leaving out empty groups."""
    by_kind: dict[str, list[Person]] = {kind: [] for kind in GROUP_HEADINGS}
    for person in people:
        by_kind.get(person.kind, by_kind[PersonKind.OTHER]).append(person)
    return [
        PeopleGroup(kind=kind, heading=GROUP_HEADINGS[kind], people=members)
        for kind, members in by_kind.items()
        if members
    ]
