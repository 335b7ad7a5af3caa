from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password

from accounts.models import User

TEST_PASSWORD = "a calm and patient test password"
# Argon2 is deliberately slow; hash once per test session, not once per user.
_PASSWORD_HASH = make_password(TEST_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = _PASSWORD_HASH
    time_zone = "Europe/Berlin"
