from __future__ import annotations

import random

from people.demo import demo_people_seed
from people.models import Person, PersonKind
from tests.factories import UserFactory


def test_every_demo_user_gets_a_partner_and_a_metamour_once(db):
    users = UserFactory.create_batch(3)

    created = demo_people_seed(users=users, rng=random.Random(22))
    again = demo_people_seed(users=users, rng=random.Random(22))

    assert created == Person.objects.count() > 0
    assert again == 0
    for user in users:
        kinds = set(Person.objects.filter(owner=user).values_list("kind", flat=True))
        assert {PersonKind.PARTNER, PersonKind.METAMOUR} <= kinds
