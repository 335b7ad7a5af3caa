"""Today's HTML for a user with a year of history stays within the budget `make bench` reports
(issue #13: at most 30 KB for the demo user; it was 52 KB), and so does a page of ideas."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from kindness.ideas import load_shared_ideas
from kindness.models import KindnessIdea
from kindness.selectors import IDEAS_PER_PAGE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY_BUDGET_BYTES = 30_000


def test_today_for_a_year_of_demo_history_is_at_most_30_kb(client: Client) -> None:
    call_command("seed_demo", "--users", "1", "--days", "365", verbosity=0)
    user = User.objects.get(email="demo1@example.com")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get("/")

    assert response.status_code == 200
    body = response.content.decode()
    # The page still draws the year and its words: nothing was dropped to fit.
    assert body.count('class="chart chart-heatmap"') == 1
    assert 'class="cell cell-today' in body
    assert "The year in words" in body
    assert len(response.content) <= TODAY_BUDGET_BYTES, len(response.content)


IDEAS_BUDGET_BYTES = 30_000


def test_the_ideas_page_for_a_new_user_is_at_most_30_kb(client: Client) -> None:
    """A page of 24 ideas (every idea on one page was 86 KB)."""
    load_shared_ideas(KindnessIdea)  # a browser journey run earlier may have emptied the store
    user = UserFactory.create()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(reverse("kindness:ideas"))

    assert response.status_code == 200
    assert response.content.decode().count('<li class="card">') == IDEAS_PER_PAGE
    assert len(response.content) <= IDEAS_BUDGET_BYTES, len(response.content)
