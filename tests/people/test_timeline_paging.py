"""The person page's timeline pages through every source's whole history, newest first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from compersion.lib.paging import Window
from feelings.models import LifeArea
from feelings.services import vicarious_joy_log
from journal.person_page import person_timeline
from people.models import PersonKind
from tests.history import history_seed, pages_walk
from tests.people.factories import PersonFactory

TODAY = date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _noon_today():
    with time_machine.travel("2026-05-04 10:00Z", tick=False):
        yield


@pytest.fixture
def sam(user):
    return PersonFactory.create(owner=user, name="Sam", kind=PersonKind.PARTNER)


def test_following_older_links_shows_every_entry_once_in_the_merged_order(signed_in: Client, user, sam):
    history_seed(user, sam, days=40, today=TODAY)  # 4 a day and a needs answer a week: 166 entries
    everything = person_timeline(user=user, person=sam, window=Window(size=1000)).entries
    url = reverse("people:detail", args=[sam.pk])

    pages = pages_walk(signed_in, url, "entries")

    assert [entry for page in pages for entry in page] == everything
    assert len(everything) == 40 * 4 + 6
    oldest = TODAY - timedelta(days=39)
    assert {entry.body for entry in pages[-1][-5:]} == {
        f"{words} on {oldest}" for words in ("Grateful", "A kind word", "Felt it", "Good news", "Met")
    }
    assert [len(page) for page in pages] == [50, 50, 50, 16]


def test_following_newer_links_from_the_oldest_comes_back_to_the_newest(signed_in: Client, user, sam):
    history_seed(user, sam, days=40, today=TODAY)
    everything = person_timeline(user=user, person=sam, window=Window(size=1000)).entries

    pages = pages_walk(signed_in, reverse("people:detail", args=[sam.pk]), "entries", towards="newer")

    assert [entry for page in reversed(pages) for entry in page] == everything
    assert pages[0][-1] == everything[-1]


def test_a_joy_written_while_reading_neither_shifts_nor_repeats_the_next_page(signed_in: Client, user, sam):
    history_seed(user, sam, days=40, today=TODAY)
    url = reverse("people:detail", args=[sam.pk])
    first = signed_in.get(url).context["entries"]
    expected = person_timeline(user=user, person=sam, window=Window(size=100)).entries[50:100]

    vicarious_joy_log(user=user, person=sam, what_happened="Fresh news", joy=9, area=LifeArea.WORK)
    second = signed_in.get(url, {"before": str(first.older)}).context["entries"]

    assert second.entries == expected
    assert "Fresh news" in [entry.body for entry in signed_in.get(url).context["entries"].entries]


def test_a_made_up_cursor_only_ever_shows_the_readers_own_entries(signed_in: Client, user, other_user, sam):
    theirs = PersonFactory.create(owner=other_user, name="Sam")
    history_seed(other_user, theirs, days=3, today=TODAY)
    history_seed(user, sam, days=3, today=TODAY)

    mine = signed_in.get(reverse("people:detail", args=[sam.pk]), {"before": "2026-05-05.999999.1"})
    foreign = signed_in.get(reverse("people:detail", args=[theirs.pk]), {"before": "2026-05-05.1"})

    assert {entry.body.split(" on ")[0] for entry in mine.context["entries"].entries} >= {"Grateful"}
    assert len(mine.context["entries"].entries) == 3 * 4 + 1
    assert foreign.status_code == 404


@pytest.mark.parametrize("cursor", ["2026-02-30.1", "1" * 30, "2026-05-04.1.x", "²"])
def test_a_cursor_that_does_not_read_gives_the_newest_page(signed_in: Client, user, sam, cursor: str):
    history_seed(user, sam, days=2, today=TODAY)
    url = reverse("people:detail", args=[sam.pk])

    response = signed_in.get(url, {"before": cursor, "after": cursor})

    assert response.status_code == 200
    assert response.context["entries"].entries == signed_in.get(url).context["entries"].entries


def test_a_cursor_past_the_oldest_entry_is_a_404_not_an_empty_timeline(signed_in: Client, user, sam):
    history_seed(user, sam, days=2, today=TODAY)

    response = signed_in.get(reverse("people:detail", args=[sam.pk]), {"before": "1900-01-01.1"})

    assert response.status_code == 404
