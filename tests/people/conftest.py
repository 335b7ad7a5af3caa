from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User


@pytest.fixture
def signed_in(client: Client, user: User) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def other_signed_in(other_user: User) -> Client:
    client = Client()
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")
    return client
