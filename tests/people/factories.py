from __future__ import annotations

import factory

from people.models import Person, PersonKind
from tests.factories import UserFactory


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Friend {n}")
    kind = PersonKind.FRIEND
