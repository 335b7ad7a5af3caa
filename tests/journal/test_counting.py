"""What counts: five items, at least one about a person, decided at write time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.selectors import user_local_today
from compersion.lib import clock
from journal.models import DayState, GratitudeItem, JournalDay
from journal.selectors import day_statuses, streak_summary_for
from journal.services import (
    DayFullError,
    gratitude_item_add,
    gratitude_item_remove,
    gratitude_item_update,
)
from journal.streaks import DayStatus
from tests.journal.conftest import write_items
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

BERLIN = clock.zone("Europe/Berlin")


def berlin(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=BERLIN).astimezone(UTC)


def the_day(user: User, local_date: date) -> JournalDay:
    return JournalDay.objects.get(owner=user, local_date=local_date)


def test_five_items_with_one_relational_make_a_complete_on_time_day(user: User) -> None:
    at = berlin(2026, 5, 4, 20, 15)
    write_items(user, at=at)
    day = the_day(user, date(2026, 5, 4))
    assert day.status == DayState.ON_TIME
    assert (day.item_count, day.relational_count) == (5, 1)
    assert day.completed_at == at
    assert day.completed_local_time == time(20, 15)
    assert day.time_zone == "Europe/Berlin"


def test_five_items_with_nobody_in_them_are_not_yet_complete(user: User) -> None:
    write_items(user, at=berlin(2026, 5, 4, 20), relational=False)
    day = the_day(user, date(2026, 5, 4))
    assert day.status == DayState.PARTIAL
    assert day.completed_at is None


def test_four_items_are_partial_even_with_a_person(user: User) -> None:
    write_items(user, at=berlin(2026, 5, 4, 20), count=4)
    assert the_day(user, date(2026, 5, 4)).status == DayState.PARTIAL


def test_a_linked_person_counts_as_about_a_person(user: User) -> None:
    person = PersonFactory.create(owner=user)
    write_items(user, at=berlin(2026, 5, 4, 20), people=[person])
    assert the_day(user, date(2026, 5, 4)).status == DayState.ON_TIME


def test_a_sixth_item_is_refused(user: User) -> None:
    at = berlin(2026, 5, 4, 20)
    write_items(user, at=at)
    with pytest.raises(DayFullError):
        gratitude_item_add(user=user, local_date=date(2026, 5, 4), text="one more", now=at)
    assert GratitudeItem.objects.filter(owner=user).count() == 5


def test_an_edit_that_links_a_person_completes_the_day_at_that_moment(user: User) -> None:
    items = write_items(user, at=berlin(2026, 5, 4, 9), relational=False)
    person = PersonFactory.create(owner=user)
    edited_at = berlin(2026, 5, 4, 21, 40)
    gratitude_item_update(user=user, item=items[2], text=items[2].text, people=[person], now=edited_at)
    day = the_day(user, date(2026, 5, 4))
    assert day.status == DayState.ON_TIME
    assert day.completed_local_time == time(21, 40)


def test_editing_a_complete_day_keeps_the_moment_it_completed(user: User) -> None:
    at = berlin(2026, 5, 4, 20)
    items = write_items(user, at=at)
    gratitude_item_update(
        user=user, item=items[4], text="My sister's voice note", now=berlin(2026, 5, 4, 22), relational=False
    )
    day = the_day(user, date(2026, 5, 4))
    assert (day.status, day.completed_at) == (DayState.ON_TIME, at)


def test_an_edit_removing_the_only_person_makes_the_day_incomplete(user: User) -> None:
    items = write_items(user, at=berlin(2026, 5, 4, 20))
    gratitude_item_update(user=user, item=items[0], text=items[0].text, now=berlin(2026, 5, 4, 20, 5))
    day = the_day(user, date(2026, 5, 4))
    assert (day.status, day.completed_at, day.relational_count) == (DayState.PARTIAL, None, 0)


def test_an_edit_that_changes_nothing_the_day_counts_leaves_its_row_unwritten(user: User) -> None:
    # The row is still locked (writes to one day stay serialised); only the rewrite is skipped.
    items = write_items(user, at=berlin(2026, 5, 4, 20))
    before = the_day(user, date(2026, 5, 4))
    with CaptureQueriesContext(connection) as queries:
        gratitude_item_update(
            user=user, item=items[2], text="The baker kept a loaf", now=berlin(2026, 5, 4, 21)
        )
    assert not [q for q in queries if q["sql"].startswith('UPDATE "journal_journalday"')]
    if connection.features.has_select_for_update:
        assert [q for q in queries if 'FROM "journal_journalday"' in q["sql"] and "FOR UPDATE" in q["sql"]]
    after = the_day(user, date(2026, 5, 4))
    assert (after.status, after.completed_at, after.item_count, after.relational_count) == (
        before.status,
        before.completed_at,
        5,
        1,
    )


def test_removing_an_item_makes_the_day_incomplete_and_clears_completion(user: User) -> None:
    items = write_items(user, at=berlin(2026, 5, 4, 20))
    gratitude_item_remove(user=user, item=items[3], now=berlin(2026, 5, 4, 20, 30))
    day = the_day(user, date(2026, 5, 4))
    assert (day.status, day.item_count, day.completed_at, day.completed_local_time) == (
        DayState.PARTIAL,
        4,
        None,
        None,
    )


def test_completing_again_the_same_day_is_on_time(user: User) -> None:
    items = write_items(user, at=berlin(2026, 5, 4, 20))
    gratitude_item_remove(user=user, item=items[3], now=berlin(2026, 5, 4, 20, 30))
    again = berlin(2026, 5, 4, 23, 10)
    gratitude_item_add(user=user, local_date=date(2026, 5, 4), text="The neighbour's cat visiting", now=again)
    day = the_day(user, date(2026, 5, 4))
    assert (day.status, day.completed_at, day.completed_local_time) == (DayState.ON_TIME, again, time(23, 10))


def test_completing_again_after_the_day_ended_is_late(user: User) -> None:
    items = write_items(user, at=berlin(2026, 5, 4, 20))
    gratitude_item_remove(user=user, item=items[3], now=berlin(2026, 5, 4, 20, 30))
    # Day-start hour 3: 03:10 on the 5th is past the end of the 4th.
    gratitude_item_add(
        user=user,
        local_date=date(2026, 5, 4),
        text="The neighbour's cat visiting",
        now=berlin(2026, 5, 5, 3, 10),
    )
    assert the_day(user, date(2026, 5, 4)).status == DayState.LATE


def test_removing_every_item_leaves_no_day_behind(user: User) -> None:
    items = write_items(user, at=berlin(2026, 5, 4, 20), count=2)
    for item in items:
        gratitude_item_remove(user=user, item=item, now=berlin(2026, 5, 4, 21))
    assert not JournalDay.objects.filter(owner=user).exists()
    assert day_statuses(user=user) == {}


def test_a_backfilled_day_is_late_and_counts_as_practised_but_not_perfect(user: User) -> None:
    write_items(user, local_date=date(2026, 5, 2), at=berlin(2026, 5, 4, 20))
    assert the_day(user, date(2026, 5, 2)).status == DayState.LATE
    summary = streak_summary_for(user=user, today=date(2026, 5, 4))
    assert (summary.current, summary.practised) == (0, 1)


def test_a_future_day_cannot_be_written(user: User) -> None:
    with pytest.raises(ValidationError):
        gratitude_item_add(
            user=user, local_date=date(2026, 5, 5), text="tomorrow's joy", now=berlin(2026, 5, 4, 20)
        )


def test_another_users_person_cannot_be_linked(user: User, other_user: User) -> None:
    theirs = PersonFactory.create(owner=other_user)
    with pytest.raises(ValidationError):
        gratitude_item_add(
            user=user,
            local_date=date(2026, 5, 4),
            text="x y z w",
            people=[theirs],
            now=berlin(2026, 5, 4, 20),
        )
    assert not GratitudeItem.objects.exists()


def test_1259_with_a_day_start_of_3_counts_for_the_day_before(user: User) -> None:
    assert user.day_start_hour == 3
    at = berlin(2026, 5, 5, 0, 59)
    assert user_local_today(user=user, now=at) == date(2026, 5, 4)
    write_items(user, at=at)
    day = the_day(user, date(2026, 5, 4))
    assert (day.status, day.completed_local_time) == (DayState.ON_TIME, time(0, 59))


def test_the_day_start_hour_itself_begins_the_new_day(user: User) -> None:
    at = berlin(2026, 5, 5, 3, 0)
    assert user_local_today(user=user, now=at) == date(2026, 5, 5)


def test_changing_zone_later_never_moves_a_record(user: User) -> None:
    write_items(user, at=berlin(2026, 5, 4, 23, 30))
    user.time_zone = "Pacific/Auckland"
    user.save()
    day = the_day(user, date(2026, 5, 4))
    assert (day.status, day.time_zone) == (DayState.ON_TIME, "Europe/Berlin")
    assert set(GratitudeItem.objects.values_list("local_date", "time_zone")) == {
        (date(2026, 5, 4), "Europe/Berlin")
    }


def _write_daily(user: User, instants: list[datetime]) -> None:
    for at in instants:
        write_items(user, at=at)


def test_a_perfect_streak_survives_spring_forward(user: User) -> None:
    # Berlin springs forward at 02:00 on 29 March 2026; the night is an hour short.
    instants = [berlin(2026, 3, d, 22, 30) for d in range(25, 29)]
    instants += [berlin(2026, 3, 30, 2, 30)]  # 02:30 on the 30th still belongs to the 29th
    instants += [berlin(2026, 3, d, 21) for d in range(30, 32)]
    _write_daily(user, instants)
    summary = streak_summary_for(user=user, today=date(2026, 3, 31))
    assert summary.current == 7
    assert sorted(day_statuses(user=user)) == [date(2026, 3, d) for d in range(25, 32)]


def test_a_perfect_streak_survives_fall_back(user: User) -> None:
    # Berlin falls back at 03:00 on 25 October 2026; 02:30 happens twice.
    _write_daily(user, [berlin(2026, 10, d, 21) for d in range(22, 24)])
    second_pass = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, the repeated hour
    assert user_local_today(user=user, now=second_pass) == date(2026, 10, 24)
    write_items(user, at=second_pass)
    write_items(user, local_date=date(2026, 10, 25), at=berlin(2026, 10, 25, 20))
    write_items(user, at=berlin(2026, 10, 26, 20))
    summary = streak_summary_for(user=user, today=date(2026, 10, 26))
    assert summary.current == 5
    assert set(day_statuses(user=user).values()) == {DayStatus.ON_TIME}


def test_moving_from_berlin_to_los_angeles_mid_streak_keeps_the_streak(user: User) -> None:
    for d in range(1, 6):
        write_items(user, at=berlin(2026, 6, d, 21))
    user.time_zone = "America/Los_Angeles"
    user.save()
    los_angeles = clock.zone("America/Los_Angeles")
    # The flight lands on the 5th; the next writing is the evening of the 6th, Pacific time.
    for d in range(6, 11):
        write_items(user, at=datetime(2026, 6, d, 21, tzinfo=los_angeles).astimezone(UTC))
    statuses = day_statuses(user=user)
    assert sorted(statuses) == [date(2026, 6, d) for d in range(1, 11)]
    assert set(statuses.values()) == {DayStatus.ON_TIME}
    summary = streak_summary_for(user=user, today=date(2026, 6, 10))
    assert (summary.current, summary.path_day) == (10, 10)
    assert {row.time_zone for row in JournalDay.objects.filter(local_date__lte=date(2026, 6, 5))} == {
        "Europe/Berlin"
    }


def test_streak_summary_for_uses_the_users_local_today(user: User) -> None:
    for d in range(1, 4):
        write_items(user, at=berlin(2026, 6, d, 21))
    # 02:00 on the 4th in Berlin is still the 3rd (day starts at 3).
    with time_machine.travel(berlin(2026, 6, 4, 2), tick=False):
        summary = streak_summary_for(user=user)
    assert (summary.current, summary.today_status) == (3, DayStatus.ON_TIME)
    with time_machine.travel(berlin(2026, 6, 4, 12), tick=False):
        assert streak_summary_for(user=user).current == 3  # unfinished today does not break it
    with time_machine.travel(berlin(2026, 6, 5, 12), tick=False):
        assert streak_summary_for(user=user).current == 0


def test_day_statuses_is_one_query_however_long_the_history(user: User, django_assert_num_queries) -> None:
    start = date(2023, 1, 1)
    JournalDay.objects.bulk_create(
        JournalDay(
            owner=user, local_date=start + timedelta(days=i), time_zone="UTC", item_count=5, status="on_time"
        )
        for i in range(1000)
    )
    with django_assert_num_queries(1):
        statuses = day_statuses(user=user)
    assert len(statuses) == 1000


def test_practice_history_agrees_with_the_two_selectors_it_combines(user: User) -> None:
    from journal.selectors import completion_times, practice_history

    for d in range(1, 8):
        write_items(user, at=berlin(2026, 6, d, 21, d))
    write_items(user, local_date=date(2026, 5, 30), at=berlin(2026, 6, 7, 22))  # late: no timing
    write_items(user, local_date=date(2026, 6, 8), at=berlin(2026, 6, 8, 9), count=2)  # partial
    statuses, completions = practice_history(user=user, since=date(2026, 6, 3))
    assert statuses == day_statuses(user=user)
    assert completions == completion_times(user=user, since=date(2026, 6, 3))
    assert sorted(completions) == [date(2026, 6, d) for d in range(3, 8)]
    assert completions[date(2026, 6, 5)] == time(21, 5)
