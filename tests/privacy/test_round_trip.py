from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from accounts.models import ReminderKind, ReminderSchedule, User
from feelings.models import CheckIn
from journal.models import DayState, JournalDay
from people.models import Person
from privacy import schema
from privacy.selectors import export_document
from privacy.services import account_import
from tests.factories import UserFactory

TIMESTAMPS = {"exported_at"}


def without_timestamps(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in TIMESTAMPS}


def test_an_export_imported_into_a_fresh_account_exports_the_same_document(
    user: User, filled: Callable[[User], dict[str, Person]]
) -> None:
    filled(user)
    first = export_document(user=user)
    fresh = UserFactory.create()

    account_import(user=fresh, document=first)

    second = export_document(user=fresh)
    assert without_timestamps(second) == without_timestamps(first)
    # Not trivially equal: every section carries records.
    assert all(first[name] for name in schema.SECTIONS)


def test_the_export_matches_its_own_schema(user: User, filled: Callable[[User], dict[str, Person]]) -> None:
    filled(user)

    assert schema.validate(export_document(user=user)) == []


def test_importing_the_same_file_twice_adds_nothing(
    user: User, filled: Callable[[User], dict[str, Person]]
) -> None:
    filled(user)
    document = export_document(user=user)
    fresh = UserFactory.create()
    account_import(user=fresh, document=document)
    once = export_document(user=fresh)

    result = account_import(user=fresh, document=document)

    assert result.total_added == 0
    assert without_timestamps(export_document(user=fresh)) == without_timestamps(once)


def test_importing_into_the_same_account_adds_nothing(
    user: User, filled: Callable[[User], dict[str, Person]]
) -> None:
    filled(user)
    document = export_document(user=user)

    result = account_import(user=user, document=document)

    assert result.total_added == 0
    assert sum(result.skipped.values()) > 0


def test_import_relinks_people_by_the_files_keys_not_database_ids(
    user: User, filled: Callable[[User], dict[str, Person]]
) -> None:
    filled(user)
    document = export_document(user=user)
    fresh = UserFactory.create()

    account_import(user=fresh, document=document)

    jules = Person.objects.get(owner=fresh, name="Jules")
    (checkin,) = [c for c in CheckIn.objects.filter(owner=fresh) if c.what_happened == "Date night"]
    assert list(checkin.people.all()) == [jules]
    assert jules.gratitude_items.filter(owner=fresh).count() == 6
    assert not Person.objects.filter(owner=fresh).filter(pk__in=Person.objects.filter(owner=user)).exists()


def test_import_recomputes_journal_days_through_the_journal(
    user: User, filled: Callable[[User], dict[str, Person]]
) -> None:
    filled(user)
    document = export_document(user=user)
    fresh = UserFactory.create(time_zone=user.time_zone)

    account_import(user=fresh, document=document)

    def days(owner: User) -> list[tuple[Any, ...]]:
        return list(
            JournalDay.objects.filter(owner=owner)
            .order_by("local_date")
            .values_list("local_date", "item_count", "relational_count", "status")
        )

    assert days(fresh) == days(user)
    assert {status for *_, status in days(fresh)} == {DayState.ON_TIME, DayState.LATE, DayState.PARTIAL}


def test_import_recomputes_reminder_schedules_in_the_imported_zone(
    user: User, filled: Callable[[User], dict[str, Person]]
) -> None:
    filled(user)
    document = export_document(user=user)
    fresh = UserFactory.create(time_zone="Pacific/Auckland")

    account_import(user=fresh, document=document)

    fresh.refresh_from_db()
    assert fresh.time_zone == user.time_zone
    assert fresh.idle_timeout_minutes == 60
    daily = ReminderSchedule.objects.get(user=fresh, kind=ReminderKind.DAILY)
    assert daily.enabled
    assert daily.next_fire_at is not None
    assert daily.next_fire_at.astimezone(fresh.tz).time() == fresh.reminder_time
    assert not ReminderSchedule.objects.get(user=fresh, kind=ReminderKind.KINDNESS).enabled


def test_import_costs_a_fixed_number_of_queries_plus_two_per_journal_day(
    user: User, filled: Callable[[User], dict[str, Person]], django_assert_max_num_queries: Any
) -> None:
    filled(user)
    document = export_document(user=user)
    template = document["gratitude"][0]
    document["gratitude"] += [
        {**template, "local_date": (date(2025, 1, 1) + timedelta(days=n)).isoformat(), "text": f"Day {n}"}
        for n in range(40)
    ]
    days = len({item["local_date"] for item in document["gratitude"]})
    fresh = UserFactory.create()

    # Fixed: settings, people, words, bulk inserts. Per day: the journal's own recount and
    # the save of its summary row, nothing more.
    with django_assert_max_num_queries(90 + 2 * days):
        account_import(user=fresh, document=document)
