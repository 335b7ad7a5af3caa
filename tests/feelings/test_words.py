"""The feelings pages count in good English for 0, 1 and 2."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from feelings.charts import Series, describe_series
from feelings.services import vicarious_joy_log


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_chart_periods_read_as_phrases(client: Client, user: User) -> None:
    client.force_login(user)
    html = client.get(reverse("feelings:charts")).content.decode()

    assert ">The last year</option>" in html
    assert ">The last 30 days</option>" in html
    assert "The last a year" not in html


@pytest.mark.parametrize(
    ("joys", "words"),
    [
        (0, "No vicarious joys logged this week yet."),
        (1, "You've been glad for other people's good news once this week."),
        (2, "You've been glad for other people's good news 2 times this week."),
    ],
)
def test_todays_joy_count(client: Client, user: User, joys: int, words: str) -> None:
    for number in range(joys):
        vicarious_joy_log(user=user, what_happened=f"news {number}", joy=5, area="work", who="a friend")
    client.force_login(user)

    assert words in _text(client.get("/").content.decode())


def test_a_series_of_one_day_is_one_day() -> None:
    from datetime import date

    one = Series(label="Jealousy", points=[(date(2026, 5, 1), 3.0)])
    two = Series(label="Joy", points=[(date(2026, 5, 1), 3.0), (date(2026, 5, 2), 4.0)])

    assert "Jealousy: 1 day," in describe_series([one])
    assert "Joy: 2 days," in describe_series([two])
