"""Check-ins and vicarious joys page through the whole history, newest first."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from feelings.models import CheckIn, LifeArea, VicariousJoy
from feelings.services import vicarious_joy_log
from people.models import PersonKind
from tests.history import history_seed, pages_walk
from tests.people.factories import PersonFactory

TODAY = date(2026, 5, 4)
LISTS = [("feelings:index", "checkins", CheckIn, 10), ("feelings:joy", "joys", VicariousJoy, 20)]


@pytest.fixture(autouse=True)
def _noon_today():
    with time_machine.travel("2026-05-04 10:00Z", tick=False):
        yield


@pytest.mark.parametrize(("name", "listed", "model", "size"), LISTS)
def test_older_links_reach_every_entry_once_newest_first(me: Client, user, name, listed, model, size):
    history_seed(user, PersonFactory.create(owner=user, kind=PersonKind.FRIEND), days=45, today=TODAY)

    pages = pages_walk(me, reverse(name), listed)

    shown = [entry.pk for page in pages for entry in page]
    assert shown == list(
        model.objects.filter(owner=user).order_by("-local_date", "-id").values_list("pk", flat=True)
    )
    assert all(len(page) == size for page in pages[:-1])


@pytest.mark.parametrize(("name", "listed", "model", "size"), LISTS)
def test_newer_links_from_the_oldest_page_come_back_to_the_newest(
    me: Client, user, name, listed, model, size
):
    history_seed(user, PersonFactory.create(owner=user, kind=PersonKind.FRIEND), days=45, today=TODAY)

    pages = pages_walk(me, reverse(name), listed, towards="newer")

    shown = [entry.pk for page in reversed(pages) for entry in page]
    assert shown == list(
        model.objects.filter(owner=user).order_by("-local_date", "-id").values_list("pk", flat=True)
    )


def test_a_joy_logged_between_pages_does_not_repeat_an_entry_on_the_next(me: Client, user):
    history_seed(user, PersonFactory.create(owner=user, kind=PersonKind.FRIEND), days=45, today=TODAY)
    first = me.get(reverse("feelings:joy")).context["joys"]

    vicarious_joy_log(user=user, person=None, who="Dana", what_happened="Got in", joy=8, area=LifeArea.STUDY)
    second = me.get(reverse("feelings:joy"), {"before": str(first.older)}).context["joys"]

    assert second.entries[0].local_date < first.entries[-1].local_date
    assert not {joy.pk for joy in first.entries} & {joy.pk for joy in second.entries}


def test_one_page_of_check_ins_shows_no_paging_links(me: Client, user):
    history_seed(user, PersonFactory.create(owner=user, kind=PersonKind.FRIEND), days=3, today=TODAY)

    assert 'aria-label="Pages of your check-ins"' not in me.get(reverse("feelings:index")).content.decode()
