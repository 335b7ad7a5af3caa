"""Demo kindness history for ``seed_demo``: roughly an act a week, varied, mostly untold."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_local_today
from kindness.models import PERSON_KIND_TO_RECIPIENT, KindnessAct, KindnessIdea, KindnessPreference
from people.models import Person

REFLECTIONS = [
    "Nobody saw, and it felt lighter than I expected.",
    "I keep smiling when I walk past.",
    "Small, but it changed the shape of my afternoon.",
    "",
    "",
]


def demo_kindness_seed(*, users: list[User], days: int, rng: random.Random) -> int:
    """Give each demo user without acts a history over the last ``days``; returns acts created.

    Bulk inserts only, and users who already have acts are left alone, so running the
    command again adds nothing.
    """
    has_acts = set(KindnessAct.objects.filter(owner__in=users).values_list("owner_id", flat=True).distinct())
    ideas = list(KindnessIdea.objects.filter(owner__isnull=True).order_by("id"))
    people_by_owner: dict[int, list[Person]] = {}
    for person in Person.objects.filter(owner__in=users, archived_at__isnull=True).order_by("id"):
        people_by_owner.setdefault(person.owner_id, []).append(person)
    now = timezone.now()
    acts: list[KindnessAct] = []
    preferences: list[KindnessPreference] = []
    for user in users:
        if user.pk in has_acts or not ideas:
            continue
        target = rng.choice([1, 1, 1, 2, 3])
        preferences.append(KindnessPreference(user=user, weekly_target=target))
        today = user_local_today(user=user, now=now)
        day = today - timedelta(days=days)
        while True:
            day += timedelta(days=rng.randint(2, 9) if target == 1 else rng.randint(1, 4))
            if day > today:
                break
            acts.append(_demo_act(user, day, rng=rng, ideas=ideas, people=people_by_owner.get(user.pk, [])))
    KindnessPreference.objects.bulk_create(preferences, batch_size=1000, ignore_conflicts=True)
    KindnessAct.objects.bulk_create(acts, batch_size=2000)
    return len(acts)


def _demo_act(
    user: User, day: date, *, rng: random.Random, ideas: list[KindnessIdea], people: list[Person]
) -> KindnessAct:
    idea = rng.choice(ideas)
    person = None
    recipient_kind = idea.recipient_kind
    if people and rng.random() < 0.35:
        person = rng.choice(people)
        recipient_kind = PERSON_KIND_TO_RECIPIENT[person.kind]
    told = rng.random() < 0.1
    return KindnessAct(
        owner=user,
        text=idea.text,
        person=person,
        recipient_kind=recipient_kind,
        category=idea.category,
        effort=idea.effort,
        local_date=day,
        time_zone=user.time_zone,
        reflection=rng.choice(REFLECTIONS),
        is_secret=not told,
        told_at=timezone.now() if told else None,
        idea=idea,
    )
