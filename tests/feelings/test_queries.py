"""Feelings pages and charts take a fixed, small number of queries however long the history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from feelings.models import Feeling
from feelings.selectors import today_card
from feelings.services import (
    checkin_create,
    checkin_reflect,
    metamour_note_add,
    needs_checkin_record,
    vicarious_joy_log,
)
from people.models import PersonKind

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


@pytest.fixture(params=[1, 60], ids=["short-history", "long-history"])
def history(request, user, make_person):
    days = request.param
    names = list(Feeling.objects.filter(owner=None).order_by("name"))
    jules = make_person(user)
    alex = make_person(user, "Alex", PersonKind.PARTNER)
    for offset in range(days):
        with time_machine.travel(NOW - timedelta(days=offset), tick=False):
            checkin = checkin_create(
                user=user,
                intensities={names[offset % 40]: 3, names[(offset + 7) % 40]: 6, names[9]: 5},
                people=[jules, alex],
                what_happened="Something happened",
            )
            checkin_reflect(checkin=checkin, needs=[], need_met="partly", action="Ask")
            vicarious_joy_log(user=user, what_happened="Ran a marathon", joy=7, area="sport", person=alex)
            needs_checkin_record(user=user, person=alex, score=offset % 5 + 1)
            metamour_note_add(user=user, person=jules, text="Loves bread")
    return {"jules": jules, "checkin": checkin}


PAGES = [
    ("feelings:index", {}),
    ("feelings:charts", {}),
    ("feelings:joy", {}),
    ("feelings:needs", {}),
    ("feelings:words", {}),
    ("feelings:person", {"person_id": "jules"}),
    ("feelings:checkin", {"checkin_id": "checkin"}),
    ("feelings:pause", {"checkin_id": "checkin"}),
    ("feelings:reflect", {"checkin_id": "checkin"}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_feelings_pages_take_at_most_ten_queries(
    me: Client, history, name, kwargs, django_assert_max_num_queries
):
    url = reverse(name, kwargs={key: history[value].pk for key, value in kwargs.items()})

    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(10):
        response = me.get(url)

    assert response.status_code == 200


def test_the_charts_page_with_six_feelings_chosen_is_still_ten_queries(
    me: Client, history, django_assert_max_num_queries
):
    chosen = list(Feeling.objects.filter(owner=None).order_by("name").values_list("name", flat=True)[:6])

    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(10):
        response = me.get(reverse("feelings:charts"), {"feeling": chosen, "days": "365"})

    assert response.status_code == 200


@pytest.mark.parametrize("day", [date(2026, 11, 22), date(2026, 11, 23)], ids=["needs-day", "other-day"])
def test_the_today_card_takes_two_queries(user, history, day, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        card = today_card(user=user, local_date=day)

    # History ends on Sunday 22nd: that week has joys, the next has none yet.
    assert bool(card.joys_this_week) == (day.weekday() == 6)
    # Alex was answered on the 22nd itself, so nobody is left to ask on either day.
    assert not card.needs_due and card.partners_to_ask == []
