from __future__ import annotations

from collections.abc import Iterator

import pytest

from accounts.models import User
from compersion.celery import app as celery_app
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _celery_runs_tasks_inline() -> Iterator[None]:
    """Tasks run in-process unless a test starts a real worker (tests/integration)."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def user(db: None) -> User:
    return UserFactory.create(email="me@example.com", display_name="Robin", time_zone="Europe/Berlin")


@pytest.fixture
def other_user(db: None) -> User:
    """The one who must always be refused another user's data."""
    return UserFactory.create(email="someone-else@example.com", time_zone="America/New_York")
