"""What the kindness pages say reads as English for 0, 1 and 2, and the variety note says what
to try next."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from kindness import charts, rules
from tests.kindness.test_pages import log_form

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _page(client: Client, user: User) -> str:
    client.force_login(user)
    return _text(client.get(reverse("kindness:index")).content.decode())


def test_with_no_acts_the_page_promises_the_variety_figure_later(client: Client, user: User) -> None:
    page = _page(client, user)

    assert "Once you have logged a few acts, you will see how varied they are here." in page
    assert "in all." not in page


def test_one_act_is_one_act_not_your_last_1_act(client: Client, user: User, make_act) -> None:
    make_act(user, TODAY)

    page = _page(client, user)

    assert "Your last 1 act" not in page
    assert "One act so far." in page
    assert "1 act in all." in page


def test_two_acts_of_one_kind_for_one_recipient(client: Client, user: User, make_act) -> None:
    make_act(user, TODAY)
    make_act(user, TODAY - timedelta(days=1))

    page = _page(client, user)

    assert "Your last 2 acts all took one form and all went to one recipient." in page
    assert "2 acts in all." in page


def test_two_different_acts(client: Client, user: User, make_act) -> None:
    make_act(user, TODAY, category="time", recipient_kind="stranger")
    make_act(user, TODAY - timedelta(days=1))

    page = _page(client, user)

    assert "Your last 2 acts took 2 different forms and went to 2 different recipients." in page


def test_a_recipient_kind_reads_in_lower_case_mid_sentence(client: Client, user: User, make_act) -> None:
    make_act(user, TODAY, recipient_kind="stranger")

    page = _page(client, user)

    assert "for a stranger" in page
    assert "for A stranger" not in page


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        ([0], "0 acts over the last week"),
        ([1], "1 act over the last week"),
        ([1, 1], "2 acts over the last 2 weeks"),
    ],
)
def test_the_weekly_chart_description_counts_in_good_english(counts: list[int], words: str) -> None:
    weeks = [(TODAY - timedelta(weeks=len(counts) - i), n) for i, n in enumerate(counts)]

    assert charts.weekly_acts_description(weeks, target=1).startswith(words)


def test_the_spread_description_counts_in_good_english() -> None:
    assert charts.spread_description({("time", "friend"): 1}).startswith(
        "1 act across 1 kind of kindness and 1 kind of recipient;"
    )
    assert charts.spread_description({("time", "friend"): 1, ("gift", "stranger"): 1}).startswith(
        "2 acts across 2 kinds of kindness and 2 kinds of recipient;"
    )


def test_not_lately_names_what_the_recent_acts_did_not_use() -> None:
    assert rules.not_lately(["time", "gift"], choices=["time", "help", "gift", "words", "service"]) == [
        "help",
        "words",
        "service",
    ]
    assert rules.not_lately(["time"], choices=["time"]) == []
    assert rules.or_list(["a neighbour", "a colleague", "a friend"]) == "a neighbour, a colleague or a friend"


def test_the_variety_note_suggests_kinds_and_recipients_not_used_lately(client: Client, user: User) -> None:
    client.force_login(user)
    client.post(reverse("kindness:log"), log_form(recipient="kind:stranger", category="time"))
    response = client.post(
        reverse("kindness:log"), log_form(recipient="kind:stranger", category="time"), follow=True
    )

    page = _text(response.content.decode())
    assert "Your last few acts already include one for a stranger, of the same kind (time)." in page
    assert (
        "Next time you could try a kind you haven't chosen lately (help, gift or words), "
        "or something for a neighbour, a colleague or a friend." in page
    )
    note = response.context["note"]
    assert note.idea is not None
    assert note.idea.category != "time"
    assert note.idea.recipient_kind != "stranger"


def test_the_logged_message_is_plain(client: Client, user: User) -> None:
    client.force_login(user)
    response = client.post(reverse("kindness:log"), log_form(), follow=True)

    assert "Logged, and kept to yourself." in response.content.decode()
    assert "between you and you" not in response.content.decode()
