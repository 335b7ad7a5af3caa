"""The feelings card on Today: the needs prompt on the chosen weekday, whether or not there are
joys this week to carry the weekday; one query with joys this week, two without, and one more on
the needs day for the partners still to ask."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.models import User
from feelings.models import LifeArea, VicariousJoy
from feelings.selectors import today_card
from feelings.services import needs_checkin_record, needs_weekday_set, vicarious_joy_log
from people.models import Person, PersonKind

SUNDAY, MONDAY, TUESDAY = date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 24)


@pytest.fixture
def alex(user: User, make_person: Callable[..., Person]) -> Person:
    return make_person(user, "Alex", PersonKind.PARTNER)


def _joy(user: User, day: date, *, person: Person | None = None) -> None:
    with time_machine.travel(datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=12)):
        vicarious_joy_log(user=user, what_happened="Got the job", joy=8, area=LifeArea.WORK, person=person)


@pytest.mark.parametrize("with_joys", [True, False], ids=["joys", "no-joys"])
def test_the_needs_prompt_shows_on_the_chosen_day_only(
    user: User, alex: Person, with_joys: bool, django_assert_max_num_queries
) -> None:
    needs_weekday_set(user=user, weekday=MONDAY.weekday())
    if with_joys:
        _joy(user, MONDAY, person=alex)
    # The joys (carrying the weekday), the weekday alone when there are none, the partners.
    with django_assert_max_num_queries(2 if with_joys else 3):
        monday = today_card(user=user, local_date=MONDAY)
    assert monday.needs_due and monday.partners_to_ask == [alex]
    assert [joy.who_label for joy in monday.joys_this_week] == (["Alex"] if with_joys else [])
    tuesday = today_card(user=user, local_date=TUESDAY)
    assert not tuesday.needs_due


def test_without_a_chosen_day_it_is_sunday_with_joys_too(user: User, alex: Person) -> None:
    _joy(user, SUNDAY)
    assert today_card(user=user, local_date=SUNDAY).needs_due
    _joy(user, MONDAY)
    assert not today_card(user=user, local_date=MONDAY).needs_due


def test_an_answered_partner_is_not_asked_again(user: User, alex: Person) -> None:
    needs_weekday_set(user=user, weekday=MONDAY.weekday())
    _joy(user, MONDAY)
    with time_machine.travel(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False):
        needs_checkin_record(user=user, person=alex, score=4)
    card = today_card(user=user, local_date=MONDAY)
    assert not card.needs_due and card.partners_to_ask == []


def test_without_joys_on_another_day_the_card_is_two_plain_queries(
    user: User, alex: Person, django_assert_num_queries
) -> None:
    needs_weekday_set(user=user, weekday=MONDAY.weekday())
    with django_assert_num_queries(2) as captured:
        card = today_card(user=user, local_date=TUESDAY)
    assert card.joys_this_week == [] and not card.needs_due
    # The partners are not read on a day that does not ask about them.
    assert not any('FROM "people_person"' in query["sql"] for query in captured.captured_queries)


def test_with_joys_on_another_day_the_card_is_one_query(
    user: User, alex: Person, django_assert_num_queries
) -> None:
    _joy(user, TUESDAY)
    with django_assert_num_queries(1):
        card = today_card(user=user, local_date=TUESDAY)
    assert len(card.joys_this_week) == 1 and not card.needs_due


def test_the_joys_are_named_as_on_the_model_newest_first(user: User, alex: Person) -> None:
    # The card reads plain rows; what it shows must stay what VicariousJoy.who_label says.
    _joy(user, MONDAY, person=alex)
    with time_machine.travel(datetime(2026, 11, 24, 13, tzinfo=UTC)):
        vicarious_joy_log(
            user=user, what_happened="Ran a marathon", joy=9, area=LifeArea.HEALTH, who="My cousin"
        )
    card = today_card(user=user, local_date=TUESDAY)
    expected = [(joy.who_label, joy.what_happened) for joy in VicariousJoy.objects.filter(owner=user)]
    assert [(joy.who_label, joy.what_happened) for joy in card.joys_this_week] == expected
    assert expected == [("My cousin", "Ran a marathon"), ("Alex", "Got the job")]
