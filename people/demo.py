"""Demo people for ``seed_demo``: a small, believable circle for each demo user."""

from __future__ import annotations

import random

from accounts.models import User
from people.models import Person, PersonKind

# (name, kind, own label, notes); each user gets the first two and a few of the rest.
CORE_CIRCLE = [
    ("Alex", PersonKind.PARTNER, "", "Loves figs and long train rides. Working on a novel."),
    ("Jordan", PersonKind.METAMOUR, "Alex's girlfriend", "Plays cello; we met at Alex's birthday."),
]
WIDER_CIRCLE = [
    ("Robin", PersonKind.NESTING_PARTNER, "", "Makes coffee before I wake up."),
    ("Mina", PersonKind.FRIEND, "", "Training for her first marathon."),
    ("Dev", PersonKind.COLLEAGUE, "", "Just got the promotion he wanted."),
    ("Grandma June", PersonKind.FAMILY, "", ""),
    ("Sol", PersonKind.PARTNER, "comet", "We see each other a few times a year."),
    ("Ines", PersonKind.METAMOUR, "Robin's partner", ""),
    ("Pat", PersonKind.OTHER, "neighbour", "Waters my plants when I travel."),
]


def demo_people_seed(*, users: list[User], rng: random.Random) -> int:
    """Give every demo user without people a circle; returns how many people were created."""
    has_people = set(Person.objects.filter(owner__in=users).values_list("owner_id", flat=True).distinct())
    new_people = []
    for user in users:
        if user.pk in has_people:
            continue
        circle = CORE_CIRCLE + rng.sample(WIDER_CIRCLE, k=rng.randint(2, 5))
        new_people += [
            Person(owner=user, name=name, kind=kind, kind_label=label, notes=notes)
            for name, kind, label, notes in circle
        ]
    Person.objects.bulk_create(new_people, batch_size=1000)
    return len(new_people)
